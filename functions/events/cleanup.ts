// Cleanup: an execution of our state machine ended ABORTED, TIMED_OUT or FAILED (StopExecution runs no
// Catch, so its Rollback may never have run). Converge the app/env to a safe state: live slot at 100%,
// the deployment marked, the lease released if this execution still holds it. The weights are only touched
// when no other execution holds the lease: an execution that never got it (a queued push that gave up, a
// config error) must not revert the canary of the one that did. Idempotent: the event may arrive twice
// (Lambda retries a failed async invocation twice), and the reconciler may have got there first.
import type { EventBridgeEvent } from "aws-lambda";
import { fromDynamoDb } from "../adapters/env/dynamodb.ts";
import { fromTraffic } from "../adapters/env/traffic.ts";
import { fromSsm } from "../adapters/env/ssm.ts";
import { fromSfn } from "../adapters/env/sfn.ts";
import { fromEventBridge } from "../adapters/env/eventbridge.ts";
import { fromAutoScalingGroups } from "../adapters/env/fleets.ts";
import type { Clock, ConfigStore, Traffic, Executions, Fleet, Lease, Ledger, LifecycleEvents } from "../adapters/ports.ts";
import { startPendingPush } from "../task-support/push-queue.ts";
import { recordEndedBeforeLease } from "../task-support/failed-push.ts";
import { putFlagBack } from "../flags/put-back.ts";
import type { FlagStore } from "../flags/flag-store.ts";
import { fromSsmFlags } from "../adapters/env/flags.ts";
import { announce } from "../task-support/announce.ts";
import { endedEvent } from "./ended-event.ts";
import { describeControl } from "../core/control.ts";
import { executionNamePrefix } from "../core/naming.ts";
import { envDeps, eventHandler } from "../shell/event-handler.ts";
import { CLEANUP_TIMEOUT_SECONDS } from "./timeouts.ts";
import { rollBackGroupRefresh } from "./group-refresh.ts";
import { restoreLiveVersion } from "./group-restore.ts";
import { recordFinishedCutOverLive, removeTemporaryGroupOf } from "./temporary-groups.ts";
import { backoffFor, loadValidConfig, restoreLiveSlot, waitBudgetMs, type BackoffDeps, type Restored } from "./safe-state.ts";

export interface CleanupDeps extends BackoffDeps {
  configStore: ConfigStore;
  traffic: Traffic;
  ledger: Ledger;
  lease: Lease;
  /** Starts the push that waited for the lease this cleanup released. */
  executions: Executions;
  events: LifecycleEvents;
  clock: Clock;
  /** Rolls back a stopped one-group deployment's instance refresh. */
  fleets: { autoscaling: Fleet; codedeploy: Fleet };
  /** Puts a stopped flag release's flag back. */
  flags: FlagStore;
}

export interface ExecutionStatusDetail {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  /** The execution's input as a JSON string (null when the event carries none). */
  input?: string | null;
  cause?: string | null;
  error?: string | null;
}

export type CleanupResult =
  | { outcome: "ignored"; reason: string }
  | { outcome: "converged"; app: string; env: string; trafficChanged: boolean; deploymentMarked: boolean; leaseReleased: boolean; reason: string };

/** The app/env an execution's input names, or null when it names none. */
export function appEnvFromInput(detail: Pick<ExecutionStatusDetail, "input">): { app: string; env: string } | null {
  try {
    const input = JSON.parse(detail.input ?? "null") as { app?: unknown; env?: unknown } | null;
    if (typeof input?.app === "string" && typeof input.env === "string") return { app: input.app, env: input.env };
  } catch {
    // A truncated or absent input: the caller falls back to the name.
  }
  return null;
}

/** The commit an execution's input names, or null. */
function commitFromInput(detail: Pick<ExecutionStatusDetail, "input">): string | null {
  try {
    const input = JSON.parse(detail.input ?? "null") as { commit?: unknown } | null;
    return typeof input?.commit === "string" && input.commit !== "" ? input.commit : null;
  } catch {
    return null;
  }
}

/** The app/env an execution deploys: from its input, else from its name (`executionNamePrefix` + commit). */
export async function appEnvOf(detail: ExecutionStatusDetail, configStore: ConfigStore): Promise<{ app: string; env: string } | null> {
  const named = appEnvFromInput(detail);
  if (named) return named;
  // Names are ambiguous when app or env contain dashes, so prefer the longest configured app/env that fits.
  const candidates = (await configStore.list()).filter(({ app, env }) => detail.name.startsWith(executionNamePrefix(app, env)));
  candidates.sort((x, y) => executionNamePrefix(y.app, y.env).length - executionNamePrefix(x.app, x.env).length);
  return candidates[0] ?? null;
}

export function makeCleanup(deps: CleanupDeps) {
  return async (event: Pick<EventBridgeEvent<string, ExecutionStatusDetail>, "detail">): Promise<CleanupResult> => {
    const { detail } = event;
    const target = await appEnvOf(detail, deps.configStore);
    if (!target) return { outcome: "ignored", reason: `execution ${detail.name} names no configured app/env` };
    const { app, env } = target;
    const deploymentId = detail.name;
    const why = `execution ${detail.status}${detail.error ? ` (${detail.error})` : ""}`;
    // Without a control signal, an ABORTED execution was stopped from outside: say so, with StopExecution's cause.
    const stoppedBy = detail.status === "ABORTED" ? ` by StopExecution (${detail.cause ? `cause: ${detail.cause}` : "no cause given"})` : "";

    const config = await loadValidConfig(deps.configStore, app, env);
    // `read`, not `current`: a lease this execution let expire is still its own to release.
    const grant = await deps.lease.read(app, env);
    const ours = grant !== null && (grant.owner === deploymentId || grant.owner === detail.executionArn);
    const restored: Restored =
      grant && !ours && grant.expiresAt >= deps.clock.now()
        ? { changed: false, reason: `weights left alone: ${grant.owner} holds the lease of ${app}/${env} (token ${grant.fencingToken}), so traffic is its to move` }
        : await restoreLiveSlot(deps, config, backoffFor(deps, waitBudgetMs(CLEANUP_TIMEOUT_SECONDS)), {
            token: await deps.lease.latestToken(app, env),
            role: "sweeper",
            by: `cleanup of ${deploymentId}`,
          });
    const now = new Date(deps.clock.now()).toISOString();

    let deploymentMarked = false;
    let safeState = restored.reason;
    const deployment = await deps.ledger.getDeployment(app, env, deploymentId);
    if (deployment && deployment.outcome === "in_progress") {
      // Stopped between Promote's setLive and its ledger write: the release is live, and says so. A flag release
      // (both sides the live slot) never goes live: its commit was live before it started.
      const live = await deps.ledger.getLive(app, env);
      const wentLive = deployment.fromSlot !== deployment.toSlot && live?.commit === deployment.commit;
      // Immutable, stopped after its cut-over finished: the group runs only the new version, so it is live.
      const cutOverLive = ours && grant && !wentLive ? await recordFinishedCutOverLive(deps.ledger, config, deployment, grant.fencingToken, now) : null;
      const promoted = wentLive || cutOverLive !== null;
      // One group: the refresh this deployment started runs on after StopExecution; roll it back unless the
      // release went live. Only under this deployment's own lease: a refresh under another's is that one's.
      const rolledBack = ours && !promoted ? await rollBackGroupRefresh(deps.fleets, config, Date.parse(deployment.startedAt)) : null;
      // Finished already (Lambda's retries of a failing cleanup came after its BakeTime): undone by a refresh back.
      const refresh = rolledBack ? await restoreLiveVersion(deps.fleets, config, Date.parse(deployment.startedAt), rolledBack) : null;
      if (refresh) safeState = `${restored.reason}; ${refresh.reason}`;
      // Immutable: the temporary group leaves the load balancer now; the reconciler deletes it once drained.
      const temporary = ours && !promoted ? await removeTemporaryGroupOf(deps.fleets, config, deploymentId) : null;
      if (temporary?.changed) safeState = `${safeState}; ${temporary.reason}`;
      // A flag release that ended without its own revert (its "Revert the flag" out of retries, a timeout, a
      // StopExecution from outside Glidepath): the flag goes back to where the release started, as that Task
      // would have put it. An operator's `abort` (or `flag kill`) is held where it is, by design: the operator
      // then decides with `flag set` or `flag kill`.
      if (deployment.flagRelease) {
        const held = deployment.control?.kind === "operatorAbort";
        const flag = held ? null : await putFlagBack(deps.flags, { app, env }, deployment, deployment.flagRelease, `cleanup after ${why}${stoppedBy}`);
        safeState = `${safeState}; ${flag ? flag.reason : `flag ${deployment.flagRelease.flag} held where the release left it (${describeControl(deployment.control!)})`}`;
      }
      await deps.ledger.appendStep(app, env, deploymentId, {
        index: deployment.steps.length,
        kind: "rollback",
        ...(restored.weights ? { weights: restored.weights } : {}),
        reason: `cleanup after ${why}: ${safeState}`,
        startedAt: now,
        endedAt: now,
      });
      // "execution ABORTED" alone hides the cause (I3) when a supersede or an operator did the stopping.
      const cause = deployment.control ? `${why}, ${describeControl(deployment.control)}` : `${why}${stoppedBy}`;
      await deps.ledger.finishDeployment(
        app,
        env,
        deploymentId,
        promoted ? "promoted" : "failed",
        promoted ? `promoted${cutOverLive ? " (its cut-over had finished)" : ""}, then ${cause}; cleanup: ${safeState}` : `${cause}; cleanup: ${safeState}`,
        now,
      );
      deploymentMarked = true;
      // A Replace instances Lambda still running may start the refresh after the look above found none. It
      // checks the ledger after starting, and finds the deployment ended only once it is marked: one more look
      // now closes the gap (a refresh started later is that Lambda's to take back).
      if (refresh && !refresh.changed) {
        const late = await rollBackGroupRefresh(deps.fleets, config, Date.parse(deployment.startedAt));
        if (late?.changed) safeState = `${safeState}; then ${late.reason}`;
      }
      await announce(deps.events, endedEvent(deployment, detail, { live: cutOverLive ?? (wentLive ? live : null), cause, at: now }));
    } else if (!deployment) {
      // Ended before it took the lease (stopped, or its Roll back failed): the push's record says why.
      const commit = commitFromInput(detail);
      if (commit) await recordEndedBeforeLease(deps.ledger, { app, env, commit, deploymentId, reason: `${why}${stoppedBy} before it took the lease; cleanup: ${safeState}` });
    }

    let leaseReleased = false;
    if (grant && ours) {
      await deps.lease.release(app, env, grant.owner, grant.fencingToken);
      leaseReleased = true;
    }
    const started = leaseReleased ? await startPendingPush(deps, app, env) : null;

    const reason = `${why}: ${safeState}${deploymentMarked ? "; deployment marked failed" : ""}${leaseReleased ? "; lease released" : ""}${started ? `; ${started}` : ""}`;
    return { outcome: "converged", app, env, trafficChanged: restored.changed, deploymentMarked, leaseReleased, reason };
  };
}

export const handler = eventHandler("cleanup", () => makeCleanup(envDeps(fromSsm, fromTraffic, fromDynamoDb, fromSfn, fromEventBridge, fromAutoScalingGroups, fromSsmFlags)), {
  keys: ({ detail }) => ({ execution: detail.executionArn, status: detail.status, ...appEnvFromInput(detail) }),
});
