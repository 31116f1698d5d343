// The flag release state machine (deploy ≠ release): walks a flag's percentages like the Rollout walks weights,
// with the same Tasks where they fit — each bake is "Bake under alarm watch"'s task-token wait (the circuit
// breaker fails it at once when an alarm of the env fires) judged by "Judge the bake" (alarm states and history
// over the bake), and the lease is released by "Release the lease", which starts any push that queued behind
// it. Every failure leads to "Revert the flag": the flag document the release started from is put back.
import type { TaskArns } from "../../functions/catalog.ts";
import type { StateMachineDefinition } from "./asl.ts";
import { ROLLBACK_PERSISTENCE_RETRIER, lambdaTask } from "./retry.ts";
import { tokenWaitTask } from "./token-wait.ts";

export const FLAG_STATE = {
  start: "Start the flag release",
  notStarted: "Flag release not started",
  steps: "Release the flag step by step",
  whichStep: "Which kind of flag step?",
  setFlag: "Set the flag percentage",
  bake: "Bake the flag under alarm watch",
  judge: "Judge the flag's bake",
  didBakePass: "Did the flag's bake pass?",
  bakePassed: "Flag bake passed",
  bakeFailed: "Flag bake failed",
  unknownStep: "Reject an unknown flag step",
  finish: "Finish the flag release",
  releaseLease: "Release the flag release's lease",
  released: "Flag released",
  revert: "Revert the flag",
  releaseAfterRevert: "Release the lease after the revert",
  reverted: "Flag release reverted",
  revertFailed: "Revert failed",
} as const;

const STEP_PAYLOAD = { "deployment.$": "$.deployment", "step.$": "$.step", "index.$": "$.index" };
const catchTo = (next: string, resultPath: string) => [{ ErrorEquals: ["States.ALL"], Next: next, ResultPath: resultPath }];
const releaseLeaseParameters = { "app.$": "$.release.deployment.app", "env.$": "$.release.deployment.env", "owner.$": "$$.Execution.Name", "fencingToken.$": "$.release.deployment.fencingToken" };

/**
 * The flag release definition for the given Lambda ARNs. Its execution input is
 * `{ app, env, flagRelease: { flag, steps, bakeSeconds, by, reason } }`.
 * Example: `buildFlagReleaseDefinition(arns).StartAt` → `"Start the flag release"`.
 */
export function buildFlagReleaseDefinition(arns: TaskArns): StateMachineDefinition {
  // Outside the Map a Task's failure goes to the revert; the Map's own Catch does the same for its steps.
  const toRevert = catchTo(FLAG_STATE.revert, "$.error");
  return {
    Comment: "Glidepath flag release: set a flag's percentage step by step under the env's alarms, revert it on an alarm",
    StartAt: FLAG_STATE.start,
    States: {
      [FLAG_STATE.start]: lambdaTask("startFlagRelease", arns.startFlagRelease, {
        parameters: { "app.$": "$.app", "env.$": "$.env", "deploymentId.$": "$$.Execution.Name", "executionStartedAt.$": "$$.Execution.StartTime", "flagRelease.$": "$.flagRelease" },
        resultPath: "$.release",
        // Refused before anything changed (no lease taken): the execution fails with the reason.
        catchers: catchTo(FLAG_STATE.notStarted, "$.error"),
        next: FLAG_STATE.steps,
      }),
      [FLAG_STATE.notStarted]: { Type: "Fail", ErrorPath: "$.error.Error", CausePath: "$.error.Cause" },
      [FLAG_STATE.steps]: {
        Type: "Map",
        Comment: "Walks the flag release's plan one step at a time",
        ItemsPath: "$.release.plan.steps",
        MaxConcurrency: 1,
        ItemSelector: { "step.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "deployment.$": "$.release.deployment" },
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: FLAG_STATE.whichStep,
          States: {
            [FLAG_STATE.whichStep]: {
              Type: "Choice",
              Choices: [
                { Variable: "$.step.kind", StringEquals: "setFlag", Next: FLAG_STATE.setFlag },
                { Variable: "$.step.kind", StringEquals: "bake", Next: FLAG_STATE.bake },
              ],
              Default: FLAG_STATE.unknownStep,
            },
            [FLAG_STATE.unknownStep]: { Type: "Fail", Error: "InvalidTaskInputError", Cause: "The flag release's plan has a step of a kind it does not know" },
            [FLAG_STATE.setFlag]: lambdaTask("setFlagPercentage", arns.setFlagPercentage, { parameters: STEP_PAYLOAD, resultPath: "$.set" }),
            [FLAG_STATE.bake]: tokenWaitTask("startBake", arns.startBake, {
              payload: STEP_PAYLOAD,
              timeoutSecondsPath: "$.step.seconds",
              resultPath: "$.ended",
              next: FLAG_STATE.judge,
              catchers: [{ ErrorEquals: ["States.Timeout"], Next: FLAG_STATE.judge, ResultPath: "$.bakeTimedOut" }],
            }),
            [FLAG_STATE.judge]: lambdaTask("judgeBake", arns.judgeBake, { parameters: STEP_PAYLOAD, resultPath: "$.bake", next: FLAG_STATE.didBakePass }),
            [FLAG_STATE.didBakePass]: {
              Type: "Choice",
              Choices: [{ Variable: "$.bake.next", StringEquals: "pass", Next: FLAG_STATE.bakePassed }],
              Default: FLAG_STATE.bakeFailed,
            },
            [FLAG_STATE.bakePassed]: { Type: "Pass", End: true },
            [FLAG_STATE.bakeFailed]: { Type: "Fail", ErrorPath: "$.bake.failure", CausePath: "$.bake.reason" },
          },
        },
        ResultPath: null,
        Catch: toRevert,
        Next: FLAG_STATE.finish,
      },
      [FLAG_STATE.finish]: lambdaTask("finishFlagRelease", arns.finishFlagRelease, {
        parameters: { "deployment.$": "$.release.deployment", "flag.$": "$.release.flag" },
        resultPath: "$.finished",
        catchers: toRevert,
        next: FLAG_STATE.releaseLease,
      }),
      [FLAG_STATE.releaseLease]: lambdaTask("releaseLease", arns.releaseLease, { parameters: releaseLeaseParameters, resultPath: "$.released", next: FLAG_STATE.released }),
      [FLAG_STATE.released]: { Type: "Succeed" },
      [FLAG_STATE.revert]: lambdaTask("revertFlag", arns.revertFlag, {
        parameters: { "deployment.$": "$.release.deployment", "flag.$": "$.release.flag", "revertTo.$": "$.release.revertTo", "error.$": "$.error" },
        resultPath: "$.reverted",
        extraRetry: [ROLLBACK_PERSISTENCE_RETRIER],
        catchers: catchTo(FLAG_STATE.revertFailed, "$.revertError"),
        next: FLAG_STATE.releaseAfterRevert,
      }),
      [FLAG_STATE.releaseAfterRevert]: lambdaTask("releaseLease", arns.releaseLease, {
        parameters: releaseLeaseParameters,
        resultPath: "$.released",
        extraRetry: [ROLLBACK_PERSISTENCE_RETRIER],
        next: FLAG_STATE.reverted,
      }),
      // The execution fails with the error that started the revert: its cause names the alarm.
      [FLAG_STATE.reverted]: { Type: "Fail", ErrorPath: "$.error.Error", CausePath: "$.error.Cause" },
      [FLAG_STATE.revertFailed]: { Type: "Fail", ErrorPath: "$.revertError.Error", CausePath: "$.revertError.Cause" },
    },
  };
}
