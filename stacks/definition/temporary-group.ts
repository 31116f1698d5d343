// One group, immutable: the temporary group is launched at full size, polled until every instance is
// InService, then put behind the group's target groups before the Rollout (no steps) and the final bake; after
// the final bake passes, the cut-over moves its instances into the group before promotion.
import type { TaskArns } from "../../functions/catalog.ts";
import { POLL_SECONDS } from "../../functions/core/poll-intervals.ts";
import type { Retrier, States } from "./asl.ts";
import { STATE } from "./names.ts";
import { at } from "./paths.ts";
import { pollLoop } from "./poll.ts";
import { CATCH_TO_ROLLBACK, lambdaTask } from "./retry.ts";
import { DEPLOYMENT_CONTEXT } from "./setup.ts";

/** A Choice rule matching an immutable plan (its fleet changes by a temporary group). */
const TEMPORARY_GROUP = {
  And: [
    { Variable: at("slots", "plan", "fleetChange"), IsPresent: true },
    { Variable: at("slots", "plan", "fleetChange", "kind"), StringEquals: "temporaryGroup" },
  ],
};

const holder = {
  holder: {
    "app.$": at("app"),
    "env.$": at("env"),
    "deploymentId.$": "$$.Execution.Name",
    "fencingToken.$": at("lease", "fencingToken"),
    "renewForSeconds.$": at("lease", "renewForSeconds"),
  },
};

/** From the image to a temporary group in service; `next` is the Rollout. */
export function temporaryGroupSetupStates(arns: TaskArns, next: string): States {
  const task = (id: keyof TaskArns, options: Parameters<typeof lambdaTask>[2]) => lambdaTask(id, arns[id], { catchers: CATCH_TO_ROLLBACK, ...options });
  return {
    [STATE.launchTemporaryGroup]: task("launchTemporaryGroup", { parameters: DEPLOYMENT_CONTEXT, resultPath: at("fleet"), next: STATE.waitForTemporaryGroup }),
    ...pollLoop({
      wait: STATE.waitForTemporaryGroup,
      check: STATE.checkTemporaryGroup,
      decide: STATE.isTemporaryGroupReady,
      every: { Seconds: POLL_SECONDS.fleet },
      task: (after) => task("checkFleet", { parameters: { "fleet.$": at("fleet"), ...holder }, resultPath: at("fleet"), next: after }),
      exits: [{ Variable: at("fleet", "ready"), BooleanEquals: true, Next: STATE.serveTemporaryGroup }],
    }),
    [STATE.serveTemporaryGroup]: task("serveTemporaryGroup", { parameters: DEPLOYMENT_CONTEXT, resultPath: at("temporaryGroup"), next }),
  };
}

/**
 * A cut-over whose Lambda died (a crash or its timeout: Lambda.Unknown) is run again before any Catch: it picks up
 * where the dead one stopped (instances left in no group included) and finishes, as the new version passed its
 * final bake. Twice at most; then Roll back undoes it while every old instance still serves.
 */
const CUT_OVER_RESUME: Retrier = { ErrorEquals: ["Lambda.Unknown"], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 2 };

/** After the final bake passed: the cut-over for an immutable plan, else straight on to `next` (Promote). */
export function cutOverStates(arns: TaskArns, next: string): States {
  return {
    [STATE.isThereATemporaryGroup]: { Type: "Choice", Choices: [{ ...TEMPORARY_GROUP, Next: STATE.cutOver }], Default: next },
    [STATE.cutOver]: lambdaTask("cutOver", arns.cutOver, {
      parameters: { deployment: DEPLOYMENT_CONTEXT, "ref.$": at("fleet", "ref") },
      resultPath: at("cutOver"),
      extraRetry: [CUT_OVER_RESUME],
      catchers: CATCH_TO_ROLLBACK,
      next,
    }),
  };
}
