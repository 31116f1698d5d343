// After the Rollout: the final bake at 100%, promotion, retiring the old fleet after scaleDownDelay, and
// releasing the lease.
import type { TaskArns } from "../../functions/catalog.ts";
import type { States } from "./asl.ts";
import { STATE } from "./names.ts";
import { at } from "./paths.ts";
import { CATCH_TO_ROLLBACK, lambdaTask } from "./retry.ts";
import { DEPLOYMENT_CONTEXT, ONE_GROUP } from "./setup.ts";
import { tokenWaitTask } from "./token-wait.ts";

/** The final bake's Tasks get a Rollout bake step's input, at index -1, marked final. */
const FINAL_BAKE = {
  deployment: DEPLOYMENT_CONTEXT,
  step: { kind: "bake", "seconds.$": at("slots", "plan", "finalBakeSeconds") },
  index: -1,
  final: true,
};

export function finishStates(arns: TaskArns): States {
  const task = (id: keyof TaskArns, options: Parameters<typeof lambdaTask>[2]) => lambdaTask(id, arns[id], { catchers: CATCH_TO_ROLLBACK, ...options });
  return {
    // A final bake of 0s is no wait at all: its judge reads the alarms once, at 100%.
    [STATE.isThereAFinalBake]: {
      Type: "Choice",
      Choices: [{ Variable: at("slots", "plan", "finalBakeSeconds"), NumericGreaterThan: 0, Next: STATE.finalBake }],
      Default: STATE.judgeFinalBake,
    },
    // The same wait as a Rollout bake: the breaker fails it (→ Roll back), promote ends it, its timeout is judged.
    [STATE.finalBake]: tokenWaitTask("startBake", arns.startBake, {
      payload: FINAL_BAKE,
      timeoutSecondsPath: at("slots", "plan", "finalBakeSeconds"),
      resultPath: at("finalBakeEnded"),
      // Ended early by `glidepath promote`, it is judged all the same over what it lasted.
      next: STATE.judgeFinalBake,
      catchers: [{ ErrorEquals: ["States.Timeout"], Next: STATE.judgeFinalBake, ResultPath: at("finalBakeTimedOut") }, ...CATCH_TO_ROLLBACK],
    }),
    [STATE.judgeFinalBake]: task("judgeBake", { parameters: FINAL_BAKE, resultPath: at("finalBake"), next: STATE.didFinalBakePass }),
    [STATE.didFinalBakePass]: {
      Type: "Choice",
      // An immutable deployment cuts over to its temporary group's instances first (temporary-group.ts).
      Choices: [{ Variable: at("finalBake", "next"), StringEquals: "pass", Next: STATE.isThereATemporaryGroup }],
      Default: STATE.failFinalBake,
    },
    // Outside the Map a Fail state would skip the rollback: put the verdict where a Catch would and roll back.
    [STATE.failFinalBake]: {
      Type: "Pass",
      Parameters: { "Error.$": at("finalBake", "failure"), "Cause.$": at("finalBake", "reason") },
      ResultPath: at("error"),
      Next: STATE.rollBack,
    },
    [STATE.promote]: task("promote", {
      parameters: {
        "app.$": at("app"),
        "env.$": at("env"),
        "deploymentId.$": "$$.Execution.Name",
        "commit.$": at("commit"),
        "config.$": at("setup", "config"),
        "newSlot.$": at("slots", "idleSlot"),
        "imageId.$": at("image", "imageId"),
        "fencingToken.$": at("lease", "fencingToken"),
        "renewForSeconds.$": at("lease", "renewForSeconds"),
      },
      resultPath: at("promotion"),
      next: STATE.isThereAnOldFleet,
    }),
    // One group kept no old fleet warm: its old instances were replaced (the refresh's BakeTime ends by itself).
    // Immutable neither: the cut-over already drained and terminated the old instances.
    [STATE.isThereAnOldFleet]: {
      Type: "Choice",
      Choices: [{ ...ONE_GROUP, Next: STATE.retireOldFleet }, { Variable: at("slots", "plan", "fleetChange"), IsPresent: true, Next: STATE.retireOldFleet }],
      Default: STATE.waitBeforeRetiring,
    },
    // The old live fleet stays warm so a late rollback is a weight change, not a cold start.
    [STATE.waitBeforeRetiring]: { Type: "Wait", SecondsPath: at("setup", "config", "scaleDownDelay"), Next: STATE.retireOldFleet },
    [STATE.retireOldFleet]: task("retireOldFleet", {
      parameters: { "app.$": at("app"), "env.$": at("env"), "deploymentId.$": "$$.Execution.Name", "fleet.$": at("setup", "config", "fleet"), "slot.$": at("slots", "liveSlot"), "keep.$": at("setup", "config", "image", "keep") },
      resultPath: at("retired"),
      next: STATE.releaseLease,
    }),
    [STATE.releaseLease]: task("releaseLease", {
      parameters: { "app.$": at("app"), "env.$": at("env"), "owner.$": "$$.Execution.Name", "fencingToken.$": at("lease", "fencingToken") },
      resultPath: at("released"),
      next: STATE.succeeded,
    }),
    [STATE.succeeded]: { Type: "Succeed" },
  };
}
