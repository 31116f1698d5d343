// "Revert the flag": where every failure of a flag release leads (an alarm in a bake, the circuit breaker, a
// failed write). Puts the flag document the release started from back, as a new version (SSM versions only go
// forward; its note names the cause), records the outcome with the real cause and announces it. The lease is
// released by the next state. No traffic moved, so there is nothing to drain.
import * as z from "../core/zod-mini.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";
import { describeFlag } from "../flags/document.ts";
import { isAtReleasePercent, lastSetPercent } from "../flags/release-plan.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { caughtError, deploymentContext, iso } from "../task-support/inputs.ts";

export const revertFlagInput = z.object({
  deployment: deploymentContext,
  flag: z.string().check(z.minLength(1)),
  revertTo: z.number().check(z.int(), z.positive()),
  error: caughtError,
});
export type RevertFlagInput = z.output<typeof revertFlagInput>;

export function makeRevertFlag({ adapters, clock }: TaskDeps) {
  return async function revertFlag({ deployment, flag, revertTo, error }: RevertFlagInput): Promise<{ reason: string; version: number }> {
    const { app, env, deploymentId } = deployment;
    const cause = `${error.Error}: ${error.Cause || "no cause given"}`;
    const record = await adapters.ledger.getDeployment(app, env, deploymentId);
    const latest = await adapters.flags.latest(app, env);
    const before = latest?.document.flags[flag];
    // What the release last set, from its own steps: only that is reverted. A flag someone changed meanwhile (a
    // kill) keeps their change; a release that failed before its first step changed nothing.
    const lastStep = record?.steps.filter((step) => step.kind === "setFlag").at(-1);
    const lastSet = record && lastStep ? lastSetPercent(record.plan, lastStep.index + 1) : null;
    let reason: string;
    let version = latest?.version ?? 0;
    if (lastSet === null) reason = `Flag ${flag} left as it was (${before ? describeFlag(before) : "absent"}): the release had not changed it yet; ${cause}`;
    else if (!isAtReleasePercent(before, lastSet)) reason = `Flag ${flag} left as someone set it during the release (${before ? describeFlag(before) : "absent"}, the release had set ${lastSet}%); ${cause}`;
    else {
      // Not guarded by the lease: an alarm's revert must land even when the release lost its lease meanwhile.
      const previous = await adapters.flags.at(app, env, revertTo);
      version = await adapters.flags.put(app, env, previous.document, `flag release ${deploymentId} reverted to version ${revertTo}: ${cause}`);
      const restored = previous.document.flags[flag];
      reason = `Flag ${flag} reverted to flags version ${revertTo} (${describeFlag(before!)} → ${restored ? describeFlag(restored) : "(absent)"}, now version ${version}): ${cause}`;
    }
    const at = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index: record?.steps.length ?? 0, kind: "rollback", verdict: "unhealthy", reason, startedAt: at, endedAt: at });
    await adapters.ledger.finishDeployment(app, env, deploymentId, "rolled_back", reason, at);
    await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.rolledBack, deployment, at, { outcome: "rolled_back", reason }));
    return { reason, version };
  };
}

export const task = defineTask(makeRevertFlag, revertFlagInput);
