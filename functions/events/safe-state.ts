// The safe state of an app/env, shared by cleanup, circuit breaker and reconciler: all traffic on the live
// slot (as the ledger records it), decided by core `planRollback` from the weights Route 53 actually has.
import type { ConfigStore, Traffic, Ledger } from "../adapters/ports.ts";
import { parseConfig, type Config } from "../core/config.ts";
import type { Weights } from "../core/model.ts";
import { planRollback } from "../core/rollback.ts";
import type { WeightWriter } from "../core/fence.ts";
import { ConfigInvalidError, PriorChangePendingError, StaleLeaseError, ThrottledError, TRANSIENT_ERROR_NAMES } from "../errors.ts";
import { slotEndpoints, trafficTarget } from "../task-support/traffic.ts";

export interface Restored {
  changed: boolean;
  weights?: Weights;
  /** The Route 53 change that moved the traffic, when this call made one (drain waits for it). */
  changeId?: string;
  reason: string;
}

export async function loadValidConfig(configStore: ConfigStore, app: string, env: string): Promise<Config> {
  const { document } = await configStore.load(app, env);
  const parsed = parseConfig(document);
  if (!parsed.ok) throw new ConfigInvalidError(parsed.problems, `config of ${app}/${env}`);
  return parsed.config;
}

/** How `restoreLiveSlot` waits out a busy Route 53 zone. Injected: the sandbox runs on a virtual clock. */
export interface Backoff {
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter Route 53 asks for when backing off from Throttling and PriorRequestNotComplete. */
  random: () => number;
  /** Most time to spend waiting in all, so the retries end before the Lambda's timeout does. */
  budgetMs: number;
}

/** What a handler may inject to replace real waiting (tests, the sandbox); both default to the real thing. */
export interface BackoffDeps {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resume) => setTimeout(resume, ms));

/** Room left for the SSM, DynamoDB and Route 53 calls themselves around the waits. */
const CALL_ALLOWANCE_MS = 20_000;

/** Waiting a Lambda with this timeout can afford. Example: 120 s → 100 000 ms of waits in all. */
export const waitBudgetMs = (timeoutSeconds: number): number => Math.max(0, timeoutSeconds * 1000 - CALL_ALLOWANCE_MS);

/** The backoff a handler uses: what it was given to sleep and jitter with, else real time and Math.random. */
export function backoffFor(deps: BackoffDeps, budgetMs: number): Backoff {
  return { sleep: deps.sleep ?? realSleep, random: deps.random ?? Math.random, budgetMs };
}

/**
 * Wait before retry `attempt` (1-based): 5 s doubling, stretched by up to 20% of jitter, so a change still
 * PENDING (INSYNC normally within 60 s) is outlasted by a 100 s budget: retries at ~5, 15, 35 and 75 s.
 * Example: `retryDelayMs(3, 0.5)` → 20 s × 1.1 = 22 000.
 */
export function retryDelayMs(attempt: number, random: number): number {
  return Math.round(5_000 * 2 ** (attempt - 1) * (1 + random / 5));
}

/**
 * Route 53 refusals that clear by themselves: the zone is still applying a change, the account is throttled,
 * or Route 53 answered 5xx (AwsServerError) — the errors the state machine retries too.
 */
const isBusy = (error: unknown): error is Error =>
  error instanceof PriorChangePendingError || error instanceof ThrottledError || (TRANSIENT_ERROR_NAMES as readonly string[]).includes((error as Error)?.name);

/**
 * Puts 100% of traffic on the live slot if it is not there already (one UPSERT batch of both records), with
 * `writer`'s fence; with the weights already right, it still puts the fence up, so a Task of the deployment
 * whose traffic this takes back cannot write after it (core/fence.ts). Fenced out by a newer writer, it
 * leaves the weights to that writer.
 * A zone still applying an earlier change (a shift cut short by StopExecution) or a throttled account is
 * retried with backoff within `backoff.budgetMs`; after that the error is thrown for the caller's own retry.
 * Example: live slot a, Route 53 at a=75 b=25 → UPSERTs a=100 b=0 and says "idle slot b had 25% of traffic; …".
 */
export async function restoreLiveSlot(deps: { traffic: Traffic; ledger: Ledger }, config: Config, backoff: Backoff, writer: WeightWriter): Promise<Restored> {
  // One group has no weighted records: its traffic follows its instances, which its instance refresh (and
  // Auto Scaling's own AutoRollback on the watched alarms) decides.
  if (config.fleet.group) return { changed: false, reason: `one group (${config.fleet.group.name}): no weights to restore` };
  const live = await deps.ledger.getLive(config.app, config.env);
  // Without a live record nothing was ever promoted: no slot is known to be good, so touch nothing.
  if (!live) return { changed: false, reason: `${config.app}/${config.env} has no live slot yet; weights left as they are` };
  const target = trafficTarget(config);
  let waitedMs = 0;
  const refusals: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      // Read again on each attempt: the change that was pending may itself have moved the weights.
      const { weights: actual } = await deps.traffic.readWeights(target);
      const plan = planRollback({ actual, liveSlot: live.liveSlot });
      if (!plan.needed) {
        await deps.traffic.fence(target, writer);
        return { changed: false, weights: plan.weights, reason: plan.reason };
      }
      const { changeId } = await deps.traffic.setWeights(target, plan.weights, slotEndpoints(config), writer);
      const retried = refusals.length > 0 ? ` (Route 53 refused ${refusals.length}× with ${[...new Set(refusals)].join("/")}; accepted after ${Math.round(waitedMs / 1000)} s)` : "";
      return { changed: true, weights: plan.weights, changeId, reason: `${plan.reason}${retried}` };
    } catch (error) {
      if (error instanceof StaleLeaseError) return { changed: false, reason: `weights left alone: ${error.message}` };
      if (!isBusy(error)) throw error;
      const delay = retryDelayMs(attempt, backoff.random());
      if (waitedMs + delay > backoff.budgetMs) throw error;
      refusals.push(error.name);
      await backoff.sleep(delay);
      waitedMs += delay;
    }
  }
}
