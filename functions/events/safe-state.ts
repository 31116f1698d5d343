// The safe state of an app/env, shared by cleanup, circuit breaker and reconciler: all traffic on the live
// slot (as the ledger records it), decided by core `planRollback` from the weights Route 53 actually has.
import type { ConfigStore, Dns, Ledger } from "../adapters/ports.ts";
import { parseConfig, type Config } from "../core/config.ts";
import type { Weights } from "../core/model.ts";
import { planRollback } from "../core/rollback.ts";
import { ConfigInvalidError } from "../errors.ts";
import { slotEndpoints, trafficTarget } from "../tasks/traffic.ts";

export interface Restored {
  changed: boolean;
  weights?: Weights;
  reason: string;
}

export async function loadValidConfig(configStore: ConfigStore, app: string, env: string): Promise<Config> {
  const { document } = await configStore.load(app, env);
  const parsed = parseConfig(document);
  if (!parsed.ok) throw new ConfigInvalidError(parsed.problems, `config of ${app}/${env}`);
  return parsed.config;
}

/**
 * Puts 100% of traffic on the live slot if it is not there already (one UPSERT batch of both records).
 * Example: live slot a, Route 53 at a=75 b=25 → UPSERTs a=100 b=0 and says "idle slot b had 25% of traffic; …".
 */
export async function restoreLiveSlot(deps: { dns: Dns; ledger: Ledger }, config: Config): Promise<Restored> {
  const live = await deps.ledger.getLive(config.app, config.env);
  // Without a live record nothing was ever promoted: no slot is known to be good, so touch nothing.
  if (!live) return { changed: false, reason: `${config.app}/${config.env} has no live slot yet; weights left as they are` };
  const target = trafficTarget(config);
  const { weights: actual } = await deps.dns.readWeights(target);
  const plan = planRollback({ actual, liveSlot: live.liveSlot });
  if (!plan.needed) return { changed: false, weights: plan.weights, reason: plan.reason };
  await deps.dns.setWeights(target, plan.weights, slotEndpoints(config));
  return { changed: true, weights: plan.weights, reason: plan.reason };
}
