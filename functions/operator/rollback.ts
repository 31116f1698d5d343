// `glidepath rollback`: puts the previous release back. Fast path while the old fleet is still warm (the
// promoted deployment holds the lease and waits out scaleDownDelay): the operator does what the circuit
// breaker does on an alarm after promotion — the previous release is made live again (fenced by that
// deployment's lease) and all traffic goes back to its slot; "Retire the old fleet" then sees the operator's
// signal and takes the rollback path, which drains the new fleet (INSYNC, then one TTL) before scaling it
// down. Once the old fleet is gone, a rollback is a deployment of the previous release's image (no bake).
import type { Clock, ConfigStore, Traffic, Executions, Images, Lease, Ledger, LifecycleEvents } from "../adapters/ports.ts";
import { describeControl } from "../core/control.ts";
import type { ControlSignal, DeploymentRecord, Weights } from "../core/model.ts";
import { canRollBackAfterPromotion, rollBackAfterPromotion, rolledBackAfterPromotionEvent } from "../events/late-rollback.ts";
import { announce } from "../task-support/announce.ts";
import { backoffFor, loadValidConfig } from "../events/safe-state.ts";
import { DeploymentInProgressError, findCommit, redeploy, UnknownReleaseError, type RedeployStarted } from "./redeploy.ts";

export interface RollbackDeps {
  configStore: ConfigStore;
  ledger: Ledger;
  lease: Lease;
  traffic: Traffic;
  images: Pick<Images, "describeImage">;
  executions: Pick<Executions, "start">;
  events: LifecycleEvents;
  clock: Clock;
  /** Waits out a busy Route 53 zone (virtual time in a sandbox). */
  sleep: (ms: number) => Promise<void>;
}

export interface RollbackRequest {
  app: string;
  env: string;
  /** The release to go back to (default: the one live before the current one). */
  to?: string;
  by: string;
  reason: string;
}

export type RollbackResult =
  | {
      path: "weightFlip";
      app: string;
      env: string;
      /** The release live again, and the promoted one it replaces. */
      commit: string;
      from: string;
      deploymentId: string;
      liveSlot: string;
      weights?: Weights;
      /** The Route 53 change that moved the traffic: resolvers follow it once INSYNC, within one TTL. */
      changeId?: string;
      ttlSeconds: number;
      control: ControlSignal;
      reason: string;
    }
  | ({ path: "redeploy"; from: string | null } & RedeployStarted);

/** Refusing beats guessing: a rollback during a rollout would fight the rollout. */
const ROLLOUT_RUNNING = "a deployment is rolling out: glidepath abort stops it, and traffic goes back to the live slot";

/** Budget for waiting out a busy zone: about what the circuit breaker allows itself. */
const BUSY_ZONE_BUDGET_SECONDS = 60;

/**
 * Rolls the app/env back to its previous release (or `to`), by a weight flip while the old fleet is warm.
 * Example: v2 promoted 3 minutes ago on slot a, scaleDownDelay 15m, v1 still up on slot b → ledger live = v1 on
 * b, Route 53 a=0 b=100, v2's record `rolled_back` naming the operator; its execution drains slot a and scales it down.
 */
export async function rollBack(deps: RollbackDeps, request: RollbackRequest): Promise<RollbackResult> {
  const { app, env } = request;
  const config = await loadValidConfig(deps.configStore, app, env);
  const [live, history, grant] = await Promise.all([deps.ledger.getLive(app, env), deps.ledger.listDeployments(app, env, 200), deps.lease.current(app, env)]);
  if (!live?.commit) throw new UnknownReleaseError(`${app}/${env} has nothing live yet: there is nothing to roll back`);
  const latest = history[0];
  if (latest?.outcome === "in_progress") throw new DeploymentInProgressError(`${latest.deploymentId} is in progress; ${ROLLOUT_RUNNING}`);
  const target = request.to ? findCommit(history, request.to, app, env).commit : previousRelease(history, live.commit);
  if (!target) throw new UnknownReleaseError(`the ledger does not say what was live before ${live.commit.slice(0, 12)} in ${app}/${env}: name it with --to COMMIT`);
  if (target === live.commit) throw new UnknownReleaseError(`${target.slice(0, 12)} is already live in ${app}/${env}`);

  if (latest && grant && canRollBackAfterPromotion(latest, live, grant) && latest.previousLive?.commit === target) {
    const signal: ControlSignal = { kind: "operatorRollback", by: request.by, at: iso(deps.clock.now()), reason: request.reason };
    const control = await deps.ledger.recordControl(app, env, latest.deploymentId, signal);
    if (control.at !== signal.at || control.by !== signal.by || control.kind !== signal.kind)
      throw new DeploymentInProgressError(`${latest.deploymentId} is already being rolled back: ${describeControl(control)}`);
    const said = describeControl(signal);
    const step = (reason: string, weights?: Weights, changeId?: string) => {
      const at = iso(deps.clock.now());
      return deps.ledger.appendStep(app, env, latest.deploymentId, { index: -1, kind: "rollback", ...(weights ? { weights } : {}), ...(changeId ? { changeId } : {}), reason, startedAt: at, endedAt: at });
    };
    await step(`${said}; making slot ${latest.fromSlot} (the warm old fleet) live again and putting all traffic back on it`);
    const restored = await rollBackAfterPromotion(deps, config, latest, grant, () => iso(deps.clock.now()), backoffFor({ sleep: deps.sleep }, BUSY_ZONE_BUDGET_SECONDS * 1000));
    await step(`${said}; ${restored.reason}`, restored.weights, restored.changeId);
    const reason = `Rolled back after promotion: ${said}; slot ${latest.fromSlot} (${target.slice(0, 12)}) is live again`;
    await deps.ledger.finishDeployment(app, env, latest.deploymentId, "rolled_back", reason, iso(deps.clock.now()));
    await announce(deps.events, rolledBackAfterPromotionEvent(latest, reason, iso(deps.clock.now())));
    return {
      path: "weightFlip",
      app,
      env,
      commit: target,
      from: live.commit,
      deploymentId: latest.deploymentId,
      liveSlot: latest.fromSlot,
      ...(restored.weights ? { weights: restored.weights } : {}),
      ...(restored.changeId ? { changeId: restored.changeId } : {}),
      ttlSeconds: config.traffic.ttl,
      control: signal,
      reason,
    };
  }
  const started = await redeploy({ ...deps, now: () => deps.clock.now() }, { app, env, commit: target, kind: "rollback", by: request.by, reason: request.reason });
  return { path: "redeploy", from: live.commit, ...started };
}

/** What was live before `live`: the previous live release its promoting deployment recorded. */
function previousRelease(history: DeploymentRecord[], live: string): string | null {
  const promoted = history.find((record) => record.commit === live && record.outcome === "promoted");
  return promoted?.previousLive?.commit ?? null;
}

const iso = (ms: number): string => new Date(ms).toISOString();
