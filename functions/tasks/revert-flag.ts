// "Revert the flag": where every failure of a flag release leads (an alarm in a bake, the circuit breaker, a
// failed write). Puts the flag document the release started from back (flags/put-back.ts), records the outcome
// with the real cause and announces it. The lease is released by the next state. No traffic moved, so there is
// nothing to drain.
import * as z from "../core/zod-mini.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";
import { putFlagBack } from "../flags/put-back.ts";
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
    const { reason, version } = await putFlagBack(adapters.flags, { app, env }, record, { flag, revertTo }, cause);
    const at = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index: record?.steps.length ?? 0, kind: "rollback", verdict: "unhealthy", reason, startedAt: at, endedAt: at });
    await adapters.ledger.finishDeployment(app, env, deploymentId, "rolled_back", reason, at);
    await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.rolledBack, deployment, at, { outcome: "rolled_back", reason }));
    return { reason, version };
  };
}

export const task = defineTask(makeRevertFlag, revertFlagInput);
