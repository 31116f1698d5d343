// `glidepath promote --full`: the Rollout's wait fails with SkipToFullError, the Map's Catch comes here, and one
// shift to 100% (with its DNS sync and TTL wait, as any shift) replaces the steps that were left. The final
// bake still runs after it. A canary whose new fleet is smaller than the live one (canaryScale) is scaled to
// full size and waited for first: 100% never reaches a small fleet.
import type { TaskArns } from "../../functions/catalog.ts";
import { SkipToFullError } from "../../functions/errors.ts";
import type { Catcher, States } from "./asl.ts";
import { STATE } from "./names.ts";
import { at } from "./paths.ts";
import { pollLoop } from "./poll.ts";
import { CATCH_TO_ROLLBACK, lambdaTask } from "./retry.ts";
import { DEPLOYMENT_CONTEXT, HOLDER } from "./setup.ts";
import { POLL_SECONDS } from "../../functions/core/poll-intervals.ts";

/** The Rollout Map's Catch for a --full promote; it comes before the catch-all to Roll back. */
export const CATCH_SKIP_TO_FULL: Catcher = { ErrorEquals: [new SkipToFullError().name], Next: STATE.isNewFleetSmall, ResultPath: at("skippedToFull") };

export function skipToFullStates(arns: TaskArns, next: string): States {
  const task = (id: keyof TaskArns, options: Parameters<typeof lambdaTask>[2]) => lambdaTask(id, arns[id], { catchers: CATCH_TO_ROLLBACK, ...options });
  return {
    [STATE.isNewFleetSmall]: {
      Type: "Choice",
      Choices: [{ Variable: at("slots", "plan", "canaryScale"), IsPresent: true, Next: STATE.scaleFleetToFull }],
      Default: STATE.skipToFull,
    },
    // Already at full size (its plan's scaleFleet step ran), this only finds it so: one check, then the shift.
    [STATE.scaleFleetToFull]: task("scaleFleet", {
      parameters: { deployment: DEPLOYMENT_CONTEXT, step: { kind: "scaleFleet", percent: 100 }, index: -1 },
      resultPath: at("fullFleet"),
      next: STATE.checkFullFleet,
    }),
    ...pollLoop({
      wait: STATE.waitForFullFleet,
      check: STATE.checkFullFleet,
      decide: STATE.isFullFleetReady,
      every: { Seconds: POLL_SECONDS.fleet },
      task: (after) => task("checkFleet", { parameters: { "fleet.$": at("fullFleet"), ...HOLDER }, resultPath: at("fullFleet"), next: after }),
      exits: [{ Variable: at("fullFleet", "ready"), BooleanEquals: true, Next: STATE.skipToFull }],
    }),
    // Index -1: a step of no plan position, as the final bake's.
    [STATE.skipToFull]: task("shiftTraffic", {
      parameters: { deployment: DEPLOYMENT_CONTEXT, step: { kind: "setWeight", percent: 100 }, index: -1 },
      resultPath: at("fullShift"),
      next: STATE.waitForFullShiftSync,
    }),
    ...pollLoop({
      wait: STATE.waitForFullShiftSync,
      check: STATE.checkFullShiftSync,
      decide: STATE.isFullShiftInSync,
      every: { SecondsPath: at("fullShift", "pollSeconds") },
      task: (after) => task("checkDnsSync", { parameters: { "changeId.$": at("fullShift", "changeId") }, resultPath: at("fullShiftSync"), next: after }),
      exits: [{ Variable: at("fullShiftSync", "status"), StringEquals: "INSYNC", Next: STATE.waitForFullShiftConvergence }],
    }),
    [STATE.waitForFullShiftConvergence]: { Type: "Wait", SecondsPath: at("setup", "config", "traffic", "ttl"), Next: next },
  };
}
