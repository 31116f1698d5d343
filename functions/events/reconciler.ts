// Reconciler (every 5 minutes): EventBridge delivers best effort, so a cleanup event can be lost. For each
// configured app/env it sweeps an expired lease: a lease past its expiry means its execution stopped
// renewing it without releasing it, so the app/env is converged to its live slot, the deployment marked,
// and the lease released for the next push.
//
// What it cannot know, and so does not do: the branch head of each tracked repository. Reading it needs
// CodeCommit GetBranch or GitHub/GitLab API credentials, which this function is deliberately not given;
// a missed push event is therefore only picked up by the next push (or `glidepath deploy` by hand). It also
// cannot see whether an execution is still running (no states:DescribeExecution grant): it trusts the lease,
// which the running execution renews.
import { fromDynamoDb } from "../adapters/env/dynamodb.ts";
import { fromRoute53 } from "../adapters/env/route53.ts";
import { fromSsm } from "../adapters/env/ssm.ts";
import { fromSfn } from "../adapters/env/sfn.ts";
import type { Clock, ConfigStore, Dns, Executions, Lease, Ledger } from "../adapters/ports.ts";
import { startPendingPush } from "../task-support/push-queue.ts";
import { envDeps, eventHandler } from "../shell/event-handler.ts";
import { backoffFor, loadValidConfig, restoreLiveSlot, type BackoffDeps } from "./safe-state.ts";

/**
 * Seconds of its 120 s timeout one app/env may spend waiting for a busy Route 53 zone: a stuck zone must
 * not starve the others, and the next round is only 5 minutes away.
 */
const WAIT_PER_APP_ENV_SECONDS = 30;

export interface ReconcilerDeps extends BackoffDeps {
  configStore: ConfigStore;
  dns: Dns;
  ledger: Ledger;
  lease: Lease;
  /** Starts a push left waiting for a lease that is free (its releaser crashed before starting it). */
  executions: Executions;
  clock: Clock;
}

export interface Swept {
  app: string;
  env: string;
  owner: string;
  trafficChanged: boolean;
  deploymentMarked: boolean;
  reason: string;
}

export interface ReconcileResult {
  checked: number;
  swept: Swept[];
  /** App/envs that could not be reconciled this round (bad config, AWS error); the next round retries. */
  errors: Array<{ app: string; env: string; error: string }>;
}

export function makeReconciler(deps: ReconcilerDeps) {
  async function sweep(app: string, env: string): Promise<Swept | null> {
    // `read`, not `current`: current() hides exactly the expired leases this is looking for.
    const grant = await deps.lease.read(app, env);
    if (!grant || grant.expiresAt >= deps.clock.now()) return null;
    const config = await loadValidConfig(deps.configStore, app, env);
    const restored = await restoreLiveSlot(deps, config, backoffFor(deps, WAIT_PER_APP_ENV_SECONDS * 1000));
    const now = new Date(deps.clock.now()).toISOString();
    const reason = `lease held by ${grant.owner} expired at ${new Date(grant.expiresAt).toISOString()} without release; ${restored.reason}`;
    const deployment = await deps.ledger.getDeployment(app, env, grant.owner);
    const deploymentMarked = deployment?.outcome === "in_progress";
    if (deploymentMarked) {
      await deps.ledger.appendStep(app, env, grant.owner, {
        index: deployment.steps.length,
        kind: "rollback",
        ...(restored.weights ? { weights: restored.weights } : {}),
        reason: `reconciler: ${reason}`,
        startedAt: now,
        endedAt: now,
      });
      await deps.ledger.finishDeployment(app, env, grant.owner, "failed", `reconciler: ${reason}`, now);
    }
    await deps.lease.release(app, env, grant.owner, grant.fencingToken);
    return { app, env, owner: grant.owner, trafficChanged: restored.changed, deploymentMarked, reason };
  }

  return async (): Promise<ReconcileResult> => {
    const targets = await deps.configStore.list();
    const result: ReconcileResult = { checked: targets.length, swept: [], errors: [] };
    // One bad app/env must not stop the others being reconciled.
    for (const { app, env } of targets) {
      try {
        const swept = await sweep(app, env);
        if (swept) result.swept.push(swept);
        await startPendingPush(deps, app, env);
      } catch (error) {
        result.errors.push({ app, env, error: `${(error as Error).name}: ${(error as Error).message}` });
      }
    }
    return result;
  };
}

export const handler = eventHandler("reconciler", () => makeReconciler(envDeps(fromSsm, fromRoute53, fromDynamoDb, fromSfn)), {
  // A stuck app/env fails the invocation, so the Lambda Errors metric (and an alarm on it) shows it.
  failure: ({ errors }) =>
    errors.length > 0 ? new Error(`reconciler could not reconcile: ${errors.map((e) => `${e.app}/${e.env}: ${e.error}`).join("; ")}`) : null,
});
