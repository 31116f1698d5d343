// "Bake under alarm watch" (a .waitForTaskToken Task): records the bake's task token on the deployment, so
// the circuit breaker can fail it the moment a watched alarm fires and an operator can promote or abort it,
// then returns. The Task waits until one of them resolves the token or the bake's time is up.
import * as z from "../core/zod-mini.ts";
import { formatDuration } from "../core/duration.ts";
import { InvalidTaskInputError } from "../errors.ts";
import { guardDeployment } from "../task-support/deployment-guard.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { iso, stepInput } from "../task-support/inputs.ts";

export const startBakeInput = z.extend(stepInput, {
  /** True for the final bake at 100% after the Rollout. */
  final: z._default(z.boolean(), false),
  taskToken: z.string().check(z.minLength(1)),
});
export type StartBakeInput = z.output<typeof startBakeInput>;
export interface StartBakeOutput {
  reason: string;
}

export function makeStartBake({ adapters, clock }: TaskDeps) {
  return async function startBake({ deployment, step, index, final, taskToken }: StartBakeInput): Promise<StartBakeOutput> {
    if (step.kind !== "bake") throw new InvalidTaskInputError(`Bake under alarm watch got a ${step.kind} step`);
    const { app, env, deploymentId } = deployment;
    // Renews the lease past the bake (renewForSeconds covers the longest wait) and refuses a tripped deployment.
    await guardDeployment({ adapters, clock }, deployment);
    const what = final ? "Final bake" : `Bake ${index + 1}`;
    const reason = `${what}: watching the alarms for ${formatDuration(step.seconds)}; the circuit breaker ends it at once if one fires`;
    await adapters.ledger.appendStep(app, env, deploymentId, { index, kind: final ? "finalBake" : "bake", reason, startedAt: iso(clock.now()), taskToken });
    // The breaker may have tripped between the guard and the token being recorded, when it could not see the
    // token: look again now that it is there, so no trip is left for the judge at the end of the bake.
    await guardDeployment({ adapters, clock }, deployment);
    return { reason };
  };
}

export const task = defineTask(makeStartBake, startBakeInput);
