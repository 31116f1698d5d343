// "Finish the flag release": every step passed its bake, so the flag stays where the last step set it. Records the
// outcome (promoted, the reason naming the flag) and announces it; the lease is released by the next state.
import * as z from "../core/zod-mini.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";
import { describeFlag } from "../flags/document.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { guardDeployment } from "../task-support/deployment-guard.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { deploymentContext, iso } from "../task-support/inputs.ts";

export const finishFlagReleaseInput = z.object({ deployment: deploymentContext, flag: z.string().check(z.minLength(1)) });
export type FinishFlagReleaseInput = z.output<typeof finishFlagReleaseInput>;

export function makeFinishFlagRelease({ adapters, clock }: TaskDeps) {
  return async function finishFlagRelease({ deployment, flag }: FinishFlagReleaseInput): Promise<{ reason: string }> {
    const { app, env, deploymentId, liveSlot, imageId } = deployment;
    await guardDeployment({ adapters, clock }, deployment);
    const stored = await adapters.flags.latest(app, env);
    const now = stored?.document.flags[flag];
    const reason = `Flag ${flag} released: ${now ? describeFlag(now) : "(removed)"} in ${app}/${env} (flags version ${stored?.version ?? "none"}), every bake healthy`;
    const at = iso(clock.now());
    await adapters.ledger.finishDeployment(app, env, deploymentId, "promoted", reason, at);
    await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.promoted, deployment, at, { liveSlot, imageId, reason }));
    return { reason };
  };
}

export const task = defineTask(makeFinishFlagRelease, finishFlagReleaseInput);
