// "Finish rollback": once traffic is back on the live slot, scales down the idle fleet this deployment
// prepared, records the outcome with the reason, and releases the lease if this execution still holds it.
import type { Outcome } from "../core/model.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { failureSummary, failureInput, type FailureInput } from "../task-support/failure-state.ts";
import { fleetFor } from "../task-support/fleet-of.ts";
import { iso } from "../task-support/inputs.ts";
import { startPendingPush } from "../task-support/push-queue.ts";
import { recordEndedBeforeLease } from "../task-support/failed-push.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";

export interface FinishRollbackOutput {
  outcome: Outcome;
  scaledDown: string | null;
  leaseReleased: boolean;
  reason: string;
}

export function makeFinishRollback({ adapters, clock }: TaskDeps) {
  return async function finishRollback({ deploymentId, state }: FailureInput): Promise<FinishRollbackOutput> {
    const { app, env } = state;
    const because = failureSummary(state.error);
    const live = await adapters.ledger.getLive(app, env);

    const record = state.lease?.fencingToken !== undefined ? await adapters.ledger.getDeployment(app, env, deploymentId) : null;
    // A shift, or on one group a step of its instance refresh, changed what users reach.
    const shifted = record?.steps.some((step) => step.kind === "setWeight" || step.kind === "replaceInstances") ?? false;
    // Never scale down a fleet Route 53 still sends traffic to (a first deployment's, or one serving after a
    // failed first deployment): it is the only one up.
    const servesTraffic = state.fleet?.slot !== undefined && (state.rollback?.weightsNow?.[state.fleet.slot] ?? 0) > 0;

    // Only a fleet this deployment prepared, and never the live one (a failure after promotion).
    let scaledDown: string | null = null;
    const fleet = state.fleet;
    if (fleet?.group && fleet.slot && fleet.provider && live?.liveSlot !== fleet.slot && !servesTraffic) {
      // CodeDeploy needs its application to find the group's Auto Scaling groups.
      const application = state.setup?.config?.fleet.application;
      await fleetFor(adapters, { provider: fleet.provider }).scaleDown(fleet.group, application ? { application } : {});
      scaledDown = fleet.group;
    }

    const changedSomething = scaledDown !== null || state.rollback?.needed === true || shifted;
    let outcome: Outcome = changedSomething ? "rolled_back" : "failed";
    const parts = [
      outcome === "rolled_back" ? `Rolled back: ${because}` : `Failed before changing anything: ${because}`,
      scaledDown ? `scaled ${scaledDown} down` : null,
      servesTraffic ? `kept ${fleet?.group ?? "the new fleet"} up: Route 53 still sends it traffic and no other fleet is live` : null,
    ].filter((part): part is string => part !== null);
    let reason = parts.join("; ");
    // Promote may have made this commit live and then failed before recording the outcome.
    const wasPromoted = record !== null && (record.outcome === "promoted" || (state.commit !== undefined && live?.commit === state.commit));
    if (wasPromoted) {
      // A later step (recording, retiring the old fleet) failed after the release went live. Keep the outcome.
      outcome = "promoted";
      reason = `Promoted, then ${because}`;
      if (record.outcome === "promoted") await adapters.ledger.appendStep(app, env, deploymentId, { index: -1, kind: "rollback", reason, startedAt: iso(clock.now()) });
      else await adapters.ledger.finishDeployment(app, env, deploymentId, outcome, reason, iso(clock.now()));
    } else if (record) {
      const at = iso(clock.now());
      await adapters.ledger.finishDeployment(app, env, deploymentId, outcome, reason, at);
      // Once per deployment: a rollback after promotion (late-rollback.ts) was announced when it happened.
      if (record.outcome === "in_progress") await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.rolledBack, record, at, { outcome, reason }));
    }

    let leaseReleased = false;
    const token = state.lease?.fencingToken;
    // Failed before Acquire lease took it (Load config, Preflight): no deployment record exists, so the push's
    // own record says why.
    if (token === undefined && state.commit !== undefined)
      await recordEndedBeforeLease(adapters.ledger, { app, env, commit: state.commit, deploymentId, reason });
    if (token !== undefined) {
      const current = await adapters.lease.current(app, env);
      if (current && current.owner === deploymentId && current.fencingToken === token) {
        await adapters.lease.release(app, env, deploymentId, token);
        leaseReleased = true;
      }
    }
    const started = leaseReleased ? await startPendingPush({ ledger: adapters.ledger, lease: adapters.lease, executions: adapters.executions, clock }, app, env) : null;
    const released = leaseReleased ? `${reason}; released the lease${started ? `; ${started}` : ""}` : reason;
    return { outcome, scaledDown, leaseReleased, reason: released };
  };
}

export const task = defineTask(makeFinishRollback, failureInput);
