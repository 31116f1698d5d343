// After the Rollout: the final bake at 100%, promotion, retiring the old fleet after scaleDownDelay, and
// releasing the lease.
import type { TaskArns } from "../../functions/catalog.ts";
import type { States } from "./asl.ts";
import { STATE } from "./names.ts";
import { at } from "./paths.ts";
import { pollLoop } from "./poll.ts";
import { CATCH_TO_ROLLBACK, lambdaTask } from "./retry.ts";
import { DEPLOYMENT_CONTEXT } from "./setup.ts";

export function finishStates(arns: TaskArns): States {
  const task = (id: keyof TaskArns, options: Parameters<typeof lambdaTask>[2]) => lambdaTask(id, arns[id], { catchers: CATCH_TO_ROLLBACK, ...options });
  return {
    // The final bake reuses Check alarms with the same input shape as a Rollout bake step.
    [STATE.startFinalBake]: {
      Type: "Pass",
      Parameters: {
        deployment: DEPLOYMENT_CONTEXT,
        step: { kind: "bake", "seconds.$": at("slots", "plan", "finalBakeSeconds") },
        index: -1,
        final: true,
      },
      ResultPath: at("finalBake"),
      Next: STATE.checkFinalAlarms,
    },
    ...pollLoop({
      wait: STATE.waitForFinalAlarmCheck,
      check: STATE.checkFinalAlarms,
      decide: STATE.judgeFinalBake,
      every: { SecondsPath: at("setup", "config", "analysis", "interval") },
      task: (next) => task("checkAlarms", { inputPath: at("finalBake"), resultPath: at("finalBake", "bake"), next }),
      exits: [
        { Variable: at("finalBake", "bake", "next"), StringEquals: "pass", Next: STATE.promote },
        { Variable: at("finalBake", "bake", "next"), StringEquals: "fail", Next: STATE.failFinalBake },
      ],
    }),
    // Outside the Map a Fail state would skip the rollback: put the verdict where a Catch would and roll back.
    [STATE.failFinalBake]: {
      Type: "Pass",
      Parameters: { "Error.$": at("finalBake", "bake", "failure"), "Cause.$": at("finalBake", "bake", "reason") },
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
      next: STATE.waitBeforeRetiring,
    }),
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
