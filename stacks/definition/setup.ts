// From the push to a smoke-tested idle fleet: load config, preflight, lease, image bake, fleet, smoke test.
import type { TaskArns } from "../../functions/catalog.ts";
import { IMAGE_WAIT_FALLBACK_SECONDS, POLL_SECONDS } from "../../functions/core/poll-intervals.ts";
import type { States } from "./asl.ts";
import { STATE } from "./names.ts";
import { at } from "./paths.ts";
import { pollLoop } from "./poll.ts";
import { CATCH_TO_ROLLBACK, lambdaTask } from "./retry.ts";
import { tokenWaitTask } from "./token-wait.ts";


const deploymentRef = { "app.$": at("app"), "env.$": at("env"), "deploymentId.$": "$$.Execution.Name" };

/** Every Task after Acquire lease renews the lease: these carry it to the task shell (task-support/lease-renewal.ts). */
export const HOLDER = { holder: { ...deploymentRef, "fencingToken.$": at("lease", "fencingToken"), "renewForSeconds.$": at("lease", "renewForSeconds") } };

export function setupStates(arns: TaskArns): States {
  const task = (id: keyof TaskArns, options: Parameters<typeof lambdaTask>[2]) => lambdaTask(id, arns[id], { catchers: CATCH_TO_ROLLBACK, ...options });
  return {
    // The execution input ({app, env, commit}) is the whole input of Load config.
    [STATE.loadConfig]: task("loadConfig", { resultPath: at("setup"), next: STATE.preflight }),
    [STATE.preflight]: task("preflight", {
      parameters: { "app.$": at("app"), "env.$": at("env"), "config.$": at("setup", "config"), "plan.$": at("setup", "plan") },
      resultPath: at("slots"),
      next: STATE.acquireLease,
    }),
    [STATE.acquireLease]: task("acquireLease", {
      parameters: {
        ...deploymentRef,
        "commit.$": at("commit"),
        "configVersion.$": at("setup", "configVersion"),
        "plan.$": at("slots", "plan"),
        "liveSlot.$": at("slots", "liveSlot"),
        "idleSlot.$": at("slots", "idleSlot"),
        "scaleDownDelaySeconds.$": at("setup", "config", "scaleDownDelay"),
        "concurrency.$": at("setup", "config", "concurrency"),
        "windows.$": at("setup", "config", "windows"),
        "freeze.$": at("setup", "config", "freeze"),
        "fleet.$": at("setup", "config", "fleet"),
        "executionStartedAt.$": "$$.Execution.StartTime",
        "push.$": "$$.Execution.Input",
      },
      resultPath: at("lease"),
      // Preflight again with the lease held: the deployment ahead of this one may have promoted meanwhile.
      catchers: [{ ErrorEquals: ["SlotsChangedError"], Next: STATE.preflight, ResultPath: at("slotsChanged") }, ...CATCH_TO_ROLLBACK],
      next: STATE.didPushGetLease,
    }),
    // A push that waits in the ledger's queue, or that is older than what is live or pushed, ends here
    // cleanly: nothing was changed, and its push record in the ledger says why.
    [STATE.didPushGetLease]: {
      Type: "Choice",
      Choices: [
        { Variable: at("lease", "decision"), StringEquals: "queued", Next: STATE.pushQueued },
        { Variable: at("lease", "decision"), StringEquals: "deploy", Next: STATE.isImageGiven },
      ],
      Default: STATE.pushNotDeployed,
    },
    [STATE.pushQueued]: { Type: "Succeed", Comment: "Waits in the ledger; started again when the lease is released" },
    [STATE.pushNotDeployed]: { Type: "Succeed", Comment: "Skipped (older than the live or a newer push) or superseded in the queue" },
    // An operator's redeploy (glidepath deploy, rollback) names an image already baked: check it instead of baking.
    [STATE.isImageGiven]: {
      Type: "Choice",
      Choices: [{ Variable: at("image", "imageId"), IsPresent: true, Next: STATE.checkImage }],
      Default: STATE.bakeImage,
    },
    [STATE.bakeImage]: task("bakeImage", {
      parameters: { ...deploymentRef, "commit.$": at("commit"), "image.$": at("setup", "config", "image"), ...HOLDER },
      resultPath: at("image"),
      next: STATE.isImageReady,
    }),
    [STATE.isImageReady]: {
      Type: "Choice",
      Choices: [{ Variable: at("image", "state"), StringEquals: "available", Next: STATE.isFleetOneGroup }],
      Default: STATE.waitForImage,
    },
    // Not a poll: one task-token wait that the image's state-change event ends (events/image-state-change.ts),
    // or "Wait for the image" itself when the image was built before it recorded its token. Events are best
    // effort, so the wait times out after IMAGE_WAIT_FALLBACK_SECONDS and Check image looks anyway: a lost
    // event costs at most that long (worst-case detection: the fallback, 240 s, after the bake ends), never the
    // deployment. Check image stays the one judge: state, tags, the ledger's record, the failure's reason, the
    // deadline.
    [STATE.waitForImage]: tokenWaitTask("awaitImage", arns.awaitImage, {
      payload: { ...deploymentRef, "image.$": at("image"), ...HOLDER },
      timeoutSeconds: IMAGE_WAIT_FALLBACK_SECONDS,
      resultPath: at("imageWait"),
      next: STATE.checkImage,
      catchers: [{ ErrorEquals: ["States.Timeout"], Next: STATE.checkImage, ResultPath: at("imageWait") }, ...CATCH_TO_ROLLBACK],
    }),
    [STATE.checkImage]: task("checkImage", { parameters: { ...deploymentRef, "commit.$": at("commit"), "image.$": at("image"), ...HOLDER }, resultPath: at("image"), next: STATE.isImageReady }),
    // One group has no idle fleet to prepare and smoke-test: its instance refresh starts in the Rollout.
    [STATE.isFleetOneGroup]: {
      Type: "Choice",
      Choices: [
        { ...ONE_GROUP, Next: STATE.rollout },
        // Immutable: a temporary group beside the group is this deployment's "idle fleet".
        {
          And: [
            { Variable: at("slots", "plan", "fleetChange"), IsPresent: true },
            { Variable: at("slots", "plan", "fleetChange", "kind"), StringEquals: "temporaryGroup" },
          ],
          Next: STATE.launchTemporaryGroup,
        },
      ],
      Default: STATE.prepareFleet,
    },
    [STATE.prepareFleet]: task("prepareFleet", {
      parameters: {
        ...deploymentRef,
        "fleet.$": at("setup", "config", "fleet"),
        "slot.$": at("slots", "idleSlot"),
        "imageId.$": at("image", "imageId"),
        "ttlSeconds.$": at("setup", "config", "traffic", "ttl"),
        "trafficKind.$": at("setup", "config", "traffic", "kind"),
        // Its canaryScale, if any: a first deployment's plan has none (its fleet takes 100% at once).
        "plan.$": at("slots", "plan"),
        ...HOLDER,
      },
      resultPath: at("fleet"),
      next: STATE.waitForFleet,
    }),
    ...pollLoop({
      wait: STATE.waitForFleet,
      check: STATE.checkFleet,
      decide: STATE.isFleetReady,
      every: { Seconds: POLL_SECONDS.fleet },
      task: (next) => task("checkFleet", { parameters: { "fleet.$": at("fleet"), ...HOLDER }, resultPath: at("fleet"), next }),
      exits: [{ Variable: at("fleet", "ready"), BooleanEquals: true, Next: STATE.smokeTest }],
    }),
    [STATE.smokeTest]: task("smokeTest", {
      parameters: { ...deploymentRef, "smoke.$": at("setup", "config", "smoke"), "slots.$": at("setup", "config", "fleet", "slots"), "slot.$": at("slots", "idleSlot"), ...HOLDER },
      resultPath: at("smoke"),
      next: STATE.rollout,
    }),
  };
}

/** A Choice rule matching a one-group plan (its fleet changes by an instance refresh). */
export const ONE_GROUP = {
  And: [
    { Variable: at("slots", "plan", "fleetChange"), IsPresent: true },
    { Variable: at("slots", "plan", "fleetChange", "kind"), StringEquals: "instanceRefresh" },
  ],
};

/** The deployment context every Rollout step and the final bake receive. */
export const DEPLOYMENT_CONTEXT = {
  ...deploymentRef,
  "commit.$": at("commit"),
  "config.$": at("setup", "config"),
  "liveSlot.$": at("slots", "liveSlot"),
  "idleSlot.$": at("slots", "idleSlot"),
  "fencingToken.$": at("lease", "fencingToken"),
  "renewForSeconds.$": at("lease", "renewForSeconds"),
  "imageId.$": at("image", "imageId"),
};
