// From the push to a smoke-tested idle fleet: load config, preflight, lease, image bake, fleet, smoke test.
import type { TaskArns } from "../../functions/catalog.ts";
import type { States } from "./asl.ts";
import { STATE } from "./names.ts";
import { pollLoop } from "./poll.ts";
import { CATCH_TO_ROLLBACK, lambdaTask } from "./retry.ts";

/** EC2's image waiter polls every 15 s; an ASG or CodeDeploy group reports progress at a similar pace. */
export const IMAGE_POLL_SECONDS = 15;
export const FLEET_POLL_SECONDS = 15;

const deploymentRef = { "app.$": "$.app", "env.$": "$.env", "deploymentId.$": "$$.Execution.Name" };

export function setupStates(arns: TaskArns): States {
  const task = (id: keyof TaskArns, options: Parameters<typeof lambdaTask>[2]) => lambdaTask(id, arns[id], { catchers: CATCH_TO_ROLLBACK, ...options });
  return {
    // The execution input ({app, env, commit}) is the whole input of Load config.
    [STATE.loadConfig]: task("loadConfig", { resultPath: "$.setup", next: STATE.preflight }),
    [STATE.preflight]: task("preflight", {
      parameters: { "app.$": "$.app", "env.$": "$.env", "config.$": "$.setup.config", "plan.$": "$.setup.plan" },
      resultPath: "$.slots",
      next: STATE.acquireLease,
    }),
    [STATE.acquireLease]: task("acquireLease", {
      parameters: {
        ...deploymentRef,
        "commit.$": "$.commit",
        "configVersion.$": "$.setup.configVersion",
        "plan.$": "$.slots.plan",
        "liveSlot.$": "$.slots.liveSlot",
        "idleSlot.$": "$.slots.idleSlot",
        "scaleDownDelaySeconds.$": "$.setup.config.scaleDownDelay",
        "concurrency.$": "$.setup.config.concurrency",
        "executionStartedAt.$": "$$.Execution.StartTime",
      },
      resultPath: "$.lease",
      // Preflight again with the lease held: the deployment ahead of this one may have promoted meanwhile.
      catchers: [{ ErrorEquals: ["SlotsChangedError"], Next: STATE.preflight, ResultPath: "$.slotsChanged" }, ...CATCH_TO_ROLLBACK],
      next: STATE.bakeImage,
    }),
    [STATE.bakeImage]: task("bakeImage", {
      parameters: { ...deploymentRef, "commit.$": "$.commit", "image.$": "$.setup.config.image" },
      resultPath: "$.image",
      next: STATE.isImageReady,
    }),
    ...pollLoop({
      wait: STATE.waitForImage,
      check: STATE.checkImage,
      decide: STATE.isImageReady,
      every: { Seconds: IMAGE_POLL_SECONDS },
      task: (next) => task("checkImage", { parameters: { "image.$": "$.image" }, resultPath: "$.image", next }),
      exits: [{ Variable: "$.image.state", StringEquals: "available", Next: STATE.prepareFleet }],
    }),
    [STATE.prepareFleet]: task("prepareFleet", {
      parameters: { ...deploymentRef, "fleet.$": "$.setup.config.fleet", "slot.$": "$.slots.idleSlot", "imageId.$": "$.image.imageId" },
      resultPath: "$.fleet",
      next: STATE.waitForFleet,
    }),
    ...pollLoop({
      wait: STATE.waitForFleet,
      check: STATE.checkFleet,
      decide: STATE.isFleetReady,
      every: { Seconds: FLEET_POLL_SECONDS },
      task: (next) => task("checkFleet", { parameters: { "fleet.$": "$.fleet" }, resultPath: "$.fleet", next }),
      exits: [{ Variable: "$.fleet.ready", BooleanEquals: true, Next: STATE.smokeTest }],
    }),
    [STATE.smokeTest]: task("smokeTest", {
      parameters: { ...deploymentRef, "smoke.$": "$.setup.config.smoke", "slots.$": "$.setup.config.fleet.slots", "slot.$": "$.slots.idleSlot" },
      resultPath: "$.smoke",
      next: STATE.rollout,
    }),
  };
}

/** The deployment context every Rollout step and the final bake receive. */
export const DEPLOYMENT_CONTEXT = {
  ...deploymentRef,
  "commit.$": "$.commit",
  "config.$": "$.setup.config",
  "liveSlot.$": "$.slots.liveSlot",
  "idleSlot.$": "$.slots.idleSlot",
  "fencingToken.$": "$.lease.fencingToken",
  "imageId.$": "$.image.imageId",
};
