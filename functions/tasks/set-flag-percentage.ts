// "Set the flag percentage": one step of a flag release. Like Shift traffic for a deployment, it first checks
// that the release still holds the lease and that no control signal (the circuit breaker, an abort) ended it,
// then writes the flag document's next version with the flag at the step's percentage.
import * as z from "../core/zod-mini.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";
import { DeploymentStoppedError, FlagReleaseRefusedError, InvalidTaskInputError } from "../errors.ts";
import { changeLine, setFlag } from "../flags/changes.ts";
import { describeFlag } from "../flags/document.ts";
import { isAtReleasePercent, lastSetPercent } from "../flags/release-plan.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { guardDeployment } from "../task-support/deployment-guard.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { iso, stepInput } from "../task-support/inputs.ts";

export const setFlagPercentageInput = stepInput;
export type SetFlagPercentageInput = z.output<typeof setFlagPercentageInput>;
export interface SetFlagPercentageOutput {
  version: number;
  reason: string;
}

export function makeSetFlagPercentage({ adapters, clock }: TaskDeps) {
  return async function setFlagPercentage({ deployment, step, index }: SetFlagPercentageInput): Promise<SetFlagPercentageOutput> {
    if (step.kind !== "setFlag") throw new InvalidTaskInputError(`Set the flag percentage got a ${step.kind} step`);
    const { app, env, deploymentId } = deployment;
    await guardDeployment({ adapters, clock }, deployment);
    const stored = await adapters.flags.latest(app, env);
    const before = stored?.document.flags[step.flag];
    if (!stored || !before) throw new FlagReleaseRefusedError(`flag ${step.flag} is no longer in ${app}/${env}'s flag document: someone removed it during the release`);
    // Someone changed the flag since the last step (a `flag kill`, a `flag set`): theirs stands, the release stops.
    const record = await adapters.ledger.getDeployment(app, env, deploymentId);
    const expected = record ? lastSetPercent(record.plan, index) : null;
    if (expected !== null && !isAtReleasePercent(before, expected))
      throw new DeploymentStoppedError(`flag ${step.flag} was changed outside the release (now ${describeFlag(before)}, the release had set ${expected}%): the release stops and leaves it so`);
    const changed = setFlag(stored.document, step.flag, { percent: step.percent });
    if (!changed.ok) throw new FlagReleaseRefusedError(`flag ${step.flag} cannot be set to ${step.percent}%: ${changed.problems.join("; ")}`);
    const line = changeLine(step.flag, before, changed.flag);
    const version = changed.changed ? await adapters.flags.put(app, env, changed.document, `flag release ${deploymentId} step ${index + 1}: ${line}`) : stored.version;
    const reason = `Step ${index + 1}: ${line} (flags version ${version})`;
    const at = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index, kind: "setFlag", reason, startedAt: at, endedAt: at });
    await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.stepCompleted, deployment, at, { index, kind: "setFlag", percent: step.percent, reason }));
    return { version, reason };
  };
}

export const task = defineTask(makeSetFlagPercentage, setFlagPercentageInput);
