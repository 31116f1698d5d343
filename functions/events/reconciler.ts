// Reconciler (every 5 minutes, and after every cleanup): level-triggered. EventBridge delivers best effort
// and StopExecution does not stop a Lambda already running, so nothing that happened is trusted to have
// left an app/env in a safe state. For every configured app/env that no deployment holds, it converges to
// the ledger's desired state, one clearly separated step at a time:
//   1. a stale lease is swept — past its expiry (its execution stopped renewing it without releasing it), or
//      held by an execution that ended with no cleanup after it (stale-lease.ts): the deployment marked failed,
//      a one-group refresh it left running rolled back, the lease released for the next push;
//   2. traffic: 100% on the live slot (repairs a late write by a stopped execution's Lambda);
//   3. the idle fleet: drained, then scaled to 0 once scaleDownDelay after the promotion has passed (I6);
//   4. an env promoted from another one: the upstream's release started here once it soaked (promotion.ts).
// A new step (e.g. starting a pending push) is one more call in `converge`.
//
// What it cannot know, and so does not do: the branch head of each tracked repository. Reading it needs
// CodeCommit GetBranch or GitHub/GitLab API credentials, which this function is deliberately not given;
// a missed push event is therefore only picked up by the next push (or `glidepath deploy` by hand). Of
// executions it sees only the one holding a lease (DescribeExecution); a holder Step Functions does not know
// is trusted until its lease, which every Task of a running execution renews, expires.
import { fromDynamoDb } from "../adapters/env/dynamodb.ts";
import { fromAutoScalingGroups } from "../adapters/env/fleets.ts";
import { recordFinishedCutOverLive, sweepTemporaryGroups } from "./temporary-groups.ts";
import { recordGroupRollbackAfterPromotion } from "./group-late-rollback.ts";
import { fromTraffic } from "../adapters/env/traffic.ts";
import { fromSsm } from "../adapters/env/ssm.ts";
import { fromSfn } from "../adapters/env/sfn.ts";
import { fromEventBridge } from "../adapters/env/eventbridge.ts";
import { fromCloudWatch } from "../adapters/env/cloudwatch.ts";
import type { Alarms, Clock, ConfigStore, Traffic, Executions, Fleet, Lease, LeaseGrant, Ledger, LifecycleEvents } from "../adapters/ports.ts";
import type { Config } from "../core/config.ts";
import type { WeightWriter } from "../core/fence.ts";
import { startPendingPush } from "../task-support/push-queue.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";
import { envDeps, eventHandler } from "../shell/event-handler.ts";
import { retireIdleFleet } from "./idle-fleet.ts";
import { promoteWhenDue } from "./promotion.ts";
import { RECONCILER_TIMEOUT_SECONDS } from "./timeouts.ts";
import { rollBackGroupRefresh } from "./group-refresh.ts";
import { restoreLiveVersion } from "./group-restore.ts";
import { staleLease } from "./stale-lease.ts";
import { backoffFor, loadValidConfig, restoreLiveSlot, type BackoffDeps, type Restored } from "./safe-state.ts";

/**
 * Seconds of its 120 s timeout one app/env may spend waiting for a busy Route 53 zone: a stuck zone must
 * not starve the others, and the next round is only 5 minutes away.
 */
const WAIT_PER_APP_ENV_SECONDS = 30;

/**
 * How long one run may wait for a zone to take a drain's change and for it to be INSYNC, while at least this
 * much of its timeout is left (a TTL that ends before then is waited out too).
 */
const INSYNC_WAIT_SECONDS = 60;
const KEEP_FOR_OTHERS_SECONDS = 40;

export interface ReconcilerDeps extends BackoffDeps {
  configStore: ConfigStore;
  traffic: Traffic;
  ledger: Ledger;
  lease: Lease;
  /** Starts a push left waiting for a lease that is free (its releaser crashed before starting it). */
  executions: Executions;
  events: LifecycleEvents;
  clock: Clock;
  /** Absent: the idle fleet step is skipped (a deployment of the reconciler without the fleet grant). */
  fleets?: { autoscaling: Fleet; codedeploy: Fleet };
  /** The upstream's alarms a promotion's soak is judged by. Absent: no env is promoted (step 4 skipped). */
  alarms?: Pick<Alarms, "history" | "states">;
}

export interface Swept {
  app: string;
  env: string;
  owner: string;
  trafficChanged: boolean;
  deploymentMarked: boolean;
  reason: string;
}

/** What the convergence steps changed for one app/env (only app/envs where something changed are listed). */
export interface Converged {
  app: string;
  env: string;
  actions: string[];
}

export interface ReconcileResult {
  checked: number;
  swept: Swept[];
  converged: Converged[];
  /** App/envs that could not be reconciled this round (bad config, AWS error); the next round retries. */
  errors: Array<{ app: string; env: string; error: string }>;
}

export function makeReconciler(deps: ReconcilerDeps) {
  /** The reconciler takes traffic back from whoever held the lease last (core/fence.ts). */
  const sweeper = async ({ app, env }: Config): Promise<WeightWriter> => ({ token: await deps.lease.latestToken(app, env), role: "sweeper", by: "reconciler" });
  const restore = (config: Config, writer: WeightWriter) => restoreLiveSlot(deps, config, backoffFor(deps, WAIT_PER_APP_ENV_SECONDS * 1000), writer);

  /** Step 1: sweeps `grant`, which `staleLease` found stale for the reason `why`. */
  async function sweepStaleLease(config: Config, grant: LeaseGrant, why: string, writer: WeightWriter): Promise<Swept> {
    const { app, env } = config;
    const restored = await restore(config, writer);
    const now = new Date(deps.clock.now()).toISOString();
    const deployment = await deps.ledger.getDeployment(app, env, grant.owner);
    const deploymentMarked = deployment?.outcome === "in_progress";
    // One group: the holder's refresh runs on with no execution to finish or roll it back; unless its release
    // went live, roll it back (as cleanup does), under the holder's own lease: the refresh is the holder's.
    const live = deploymentMarked ? await deps.ledger.getLive(app, env) : null;
    const rolledBack = deploymentMarked && deps.fleets && live?.commit !== deployment.commit ? await rollBackGroupRefresh(deps.fleets, config, Date.parse(deployment.startedAt)) : null;
    // One that already finished (cleanup lost, the sweep up to 7 minutes later) is undone by a refresh back.
    const refresh = rolledBack && deps.fleets ? await restoreLiveVersion(deps.fleets, config, Date.parse(deployment!.startedAt), rolledBack) : rolledBack;
    const safeState = refresh ? `${restored.reason}; ${refresh.reason}` : restored.reason;
    const reason = `${why}; ${safeState}`;
    if (deploymentMarked) {
      await deps.ledger.appendStep(app, env, grant.owner, {
        index: deployment.steps.length,
        kind: "rollback",
        ...(restored.weights ? { weights: restored.weights } : {}),
        reason: `reconciler: ${reason}`,
        startedAt: now,
        endedAt: now,
      });
      // Immutable: a cut-over that finished before the execution ended left only the new version: it is live.
      const cutOverLive = live?.commit !== deployment.commit ? await recordFinishedCutOverLive(deps.ledger, config, deployment, grant.fencingToken, now) : null;
      if (cutOverLive) {
        const promoted = `promoted (its cut-over had finished), then reconciler: ${reason}`;
        await deps.ledger.finishDeployment(app, env, grant.owner, "promoted", promoted, now);
        await announce(deps.events, lifecycleEventOf(DETAIL_TYPE.promoted, deployment, now, { liveSlot: cutOverLive.liveSlot, imageId: cutOverLive.imageId, reason: promoted }));
      } else {
        await deps.ledger.finishDeployment(app, env, grant.owner, "failed", `reconciler: ${reason}`, now);
        await announce(deps.events, lifecycleEventOf(DETAIL_TYPE.rolledBack, deployment, now, { outcome: "failed", reason: `reconciler: ${reason}` }));
      }
    }
    await deps.lease.release(app, env, grant.owner, grant.fencingToken);
    return { app, env, owner: grant.owner, trafficChanged: restored.changed, deploymentMarked, reason };
  }

  /** Steps 2 and 3 for an app/env no deployment holds. */
  async function converge(config: Config, swept: Swept | null, writer: WeightWriter, invocationEnds: number): Promise<string[]> {
    const actions: string[] = [];
    // Step 2: traffic back on the live slot (the sweep has just done it when there was one).
    const restored: Restored = swept ? { changed: false, reason: "" } : await restore(config, writer);
    if (restored.changed) actions.push(`put traffic back on the live slot: ${restored.reason}`);
    // Step 3: the idle fleet, once drained and no longer kept warm.
    const live = await deps.ledger.getLive(config.app, config.env);
    if (live && deps.fleets) {
      const now = deps.clock.now();
      const waitUntil = Math.min(now + INSYNC_WAIT_SECONDS * 1000, invocationEnds - KEEP_FOR_OTHERS_SECONDS * 1000);
      const cachesWaitUntil = invocationEnds - KEEP_FOR_OTHERS_SECONDS * 1000;
      const idle = await retireIdleFleet({ ...deps, fleets: deps.fleets, sleep: backoffFor(deps, 0).sleep, waitUntil, cachesWaitUntil, writer, stillUnheld: async () => !(await deps.lease.current(config.app, config.env)) }, config, live, restored.changeId);
      if (idle) actions.push(idle.reason);
    }
    // Step 3b: an immutable deployment's temporary group left behind (its deployment ended outside its rollback).
    if (deps.fleets) actions.push(...(await sweepTemporaryGroups({ ledger: deps.ledger, fleets: deps.fleets }, config)));
    // Step 3c: one group whose promoted release Auto Scaling rolled back by itself after the execution ended.
    const late = deps.fleets ? await recordGroupRollbackAfterPromotion({ ...deps, fleets: deps.fleets }, config, live) : null;
    if (late) actions.push(late);
    return actions;
  }

  return async (): Promise<ReconcileResult> => {
    const invocationEnds = deps.clock.now() + RECONCILER_TIMEOUT_SECONDS * 1000;
    const targets = await deps.configStore.list();
    const result: ReconcileResult = { checked: targets.length, swept: [], converged: [], errors: [] };
    // One bad app/env must not stop the others being reconciled.
    for (const { app, env } of targets) {
      try {
        // `read`, not `current`: current() hides exactly the expired leases step 1 looks for.
        const grant = await deps.lease.read(app, env);
        const stale = grant ? await staleLease(deps, grant) : null;
        // A deployment holds the lease: nothing else is done.
        if (grant && !stale) continue;
        const config = await loadValidConfig(deps.configStore, app, env);
        // One token for the whole round of this app/env: its sweep, its restore and its idle fleet's drain.
        const writer = await sweeper(config);
        const swept = grant && stale ? await sweepStaleLease(config, grant, stale, writer) : null;
        if (swept) result.swept.push(swept);
        const actions = await converge(config, swept, writer, invocationEnds);
        await startPendingPush(deps, app, env);
        // Step 4, last: a promotion takes the lease, and only an app/env at rest is promoted into.
        const promoted = deps.alarms ? await promoteWhenDue({ ...deps, alarms: deps.alarms }, config) : null;
        if (promoted) actions.push(promoted);
        if (actions.length > 0) result.converged.push({ app, env, actions });
      } catch (error) {
        result.errors.push({ app, env, error: `${(error as Error).name}: ${(error as Error).message}` });
      }
    }
    return result;
  };
}

export const handler = eventHandler("reconciler", () => makeReconciler(envDeps(fromSsm, fromTraffic, fromDynamoDb, fromAutoScalingGroups, fromSfn, fromEventBridge, fromCloudWatch)), {
  // A stuck app/env fails the invocation, so the Lambda Errors metric (and an alarm on it) shows it.
  failure: ({ errors }) =>
    errors.length > 0 ? new Error(`reconciler could not reconcile: ${errors.map((e) => `${e.app}/${e.env}: ${e.error}`).join("; ")}`) : null,
});
