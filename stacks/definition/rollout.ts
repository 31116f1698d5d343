// The Rollout: a Map over the plan's steps, one at a time. Tasks inside cannot Catch to a state outside the
// Map, so they carry no Catch to Roll back: their errors (and the Fail states here) fail the Map, whose Catch
// rolls back. The one Catch inside is the bake's timeout, which leads to its judge.
import type { TaskArns } from "../../functions/catalog.ts";
import type { AslState, ItemProcessor } from "./asl.ts";
import { STATE } from "./names.ts";
import { at, inStep } from "./paths.ts";
import { pollLoop } from "./poll.ts";
import { POLL_SECONDS } from "../../functions/core/poll-intervals.ts";
import { CATCH_TO_ROLLBACK, lambdaTask } from "./retry.ts";
import { DEPLOYMENT_CONTEXT } from "./setup.ts";
import { CATCH_SKIP_TO_FULL } from "./skip-to-full.ts";
import { tokenWaitTask } from "./token-wait.ts";

/** What a step's Tasks are invoked with: the iteration's deployment, step and index. */
const STEP_PAYLOAD = { "deployment.$": inStep("deployment"), "step.$": inStep("step"), "index.$": inStep("index") };
/** A polling Task with no deployment context renews the lease through this (task-support/lease-renewal.ts). */
const STEP_HOLDER = {
  "app.$": inStep("deployment", "app"),
  "env.$": inStep("deployment", "env"),
  "deploymentId.$": inStep("deployment", "deploymentId"),
  "fencingToken.$": inStep("deployment", "fencingToken"),
  "renewForSeconds.$": inStep("deployment", "renewForSeconds"),
};


function itemProcessor(arns: TaskArns): ItemProcessor {
  return {
    ProcessorConfig: { Mode: "INLINE" },
    StartAt: STATE.whichStep,
    States: {
      [STATE.whichStep]: {
        Type: "Choice",
        Choices: [
          { Variable: inStep("step", "kind"), StringEquals: "setWeight", Next: STATE.shiftTraffic },
          { Variable: inStep("step", "kind"), StringEquals: "bake", Next: STATE.bake },
          { Variable: inStep("step", "kind"), StringEquals: "approval", Next: STATE.waitForApproval },
          { Variable: inStep("step", "kind"), StringEquals: "replaceInstances", Next: STATE.replaceInstances },
          { Variable: inStep("step", "kind"), StringEquals: "scaleFleet", Next: STATE.scaleFleet },
        ],
        Default: STATE.unknownStep,
      },
      [STATE.unknownStep]: { Type: "Fail", Error: "InvalidTaskInputError", Cause: "The plan has a step of a kind the Rollout does not know" },

      // setWeight: shift, wait for INSYNC, then one TTL so resolver caches pick the new weights up.
      [STATE.shiftTraffic]: lambdaTask("shiftTraffic", arns.shiftTraffic, { resultPath: inStep("shift"), next: STATE.waitForDnsSync }),
      ...pollLoop({
        wait: STATE.waitForDnsSync,
        check: STATE.checkDnsSync,
        decide: STATE.isDnsInSync,
        // The shift says how long to wait between checks: Route 53's poll interval, or 0 on an ALB.
        every: { SecondsPath: inStep("shift", "pollSeconds") },
        task: (next) => lambdaTask("checkDnsSync", arns.checkDnsSync, { parameters: { "changeId.$": inStep("shift", "changeId") }, resultPath: inStep("sync"), next }),
        exits: [{ Variable: inStep("sync", "status"), StringEquals: "INSYNC", Next: STATE.waitForConvergence }],
      }),
      [STATE.waitForConvergence]: { Type: "Wait", SecondsPath: inStep("deployment", "config", "traffic", "ttl"), End: true },

      // replaceInstances (one group): the first starts the instance refresh; each asks how far it got and
      // waits (a checkpoint's pause in one Wait) until the refresh has reached the step's share of instances.
      ...pollLoop({
        wait: STATE.waitForRefresh,
        check: STATE.replaceInstances,
        decide: STATE.hasRefreshReachedStep,
        every: { SecondsPath: inStep("refresh", "waitSeconds") },
        task: (next) => lambdaTask("replaceInstances", arns.replaceInstances, { parameters: STEP_PAYLOAD, resultPath: inStep("refresh"), next }),
        exits: [{ Variable: inStep("refresh", "reached"), BooleanEquals: true, Next: STATE.instancesReplaced }],
      }),
      [STATE.instancesReplaced]: { Type: "Pass", End: true },

      // scaleFleet (two slots, canaryScale): resize the small canary fleet, then poll it as the idle fleet is
      // polled in set-up, so no later shift reaches it before every instance is InService.
      [STATE.scaleFleet]: lambdaTask("scaleFleet", arns.scaleFleet, { parameters: STEP_PAYLOAD, resultPath: inStep("fleet"), next: STATE.waitForScaledFleet }),
      ...pollLoop({
        wait: STATE.waitForScaledFleet,
        check: STATE.checkScaledFleet,
        decide: STATE.isScaledFleetReady,
        every: { Seconds: POLL_SECONDS.fleet },
        task: (next) => lambdaTask("checkFleet", arns.checkFleet, { parameters: { "fleet.$": inStep("fleet"), holder: STEP_HOLDER }, resultPath: inStep("fleet"), next }),
        exits: [{ Variable: inStep("fleet", "ready"), BooleanEquals: true, Next: STATE.fleetScaled }],
      }),
      [STATE.fleetScaled]: { Type: "Pass", End: true },

      // bake: one task-token wait as long as the bake. The circuit breaker fails it at once when a watched
      // alarm fires (→ the Map's Catch → Roll back); an operator's promote ends it with success; its timeout
      // is the bake's end, and the judge reads the alarms' states and history over the whole window.
      [STATE.bake]: tokenWaitTask("startBake", arns.startBake, {
        payload: STEP_PAYLOAD,
        timeoutSecondsPath: inStep("step", "seconds"),
        resultPath: inStep("ended"),
        // Ended early (`glidepath promote`: SendTaskSuccess) the bake is still judged over what it lasted, so a
        // fired alarm whose breaker event was lost cannot slip through: promote shortens a bake, never skips it.
        next: STATE.judgeBake,
        catchers: [{ ErrorEquals: ["States.Timeout"], Next: STATE.judgeBake, ResultPath: inStep("bakeTimedOut") }],
      }),
      [STATE.judgeBake]: lambdaTask("judgeBake", arns.judgeBake, { parameters: STEP_PAYLOAD, resultPath: inStep("bake"), next: STATE.didBakePass }),
      [STATE.didBakePass]: {
        Type: "Choice",
        Choices: [{ Variable: inStep("bake", "next"), StringEquals: "pass", Next: STATE.bakePassed }],
        Default: STATE.bakeFailed,
      },
      [STATE.bakePassed]: { Type: "Pass", End: true },
      // A failing bake is a verdict; here it becomes the failure, named by the verdict, with its reason as cause.
      [STATE.bakeFailed]: { Type: "Fail", ErrorPath: inStep("bake", "failure"), CausePath: inStep("bake", "reason") },

      // approval: the same kind of wait, as long as the approval's timeout; approve/reject resolve it.
      [STATE.waitForApproval]: tokenWaitTask("requestApproval", arns.requestApproval, {
        payload: STEP_PAYLOAD,
        timeoutSecondsPath: inStep("step", "timeoutSeconds"),
        resultPath: inStep("approval"),
        next: STATE.wasApproved,
      }),
      [STATE.wasApproved]: {
        Type: "Choice",
        Choices: [{ Variable: inStep("approval", "approved"), BooleanEquals: true, Next: STATE.judgeApprovalWait }],
        Default: STATE.approvalRejected,
      },
      // A person may approve without looking at the alarms, and a breaker event may have been lost during a
      // long wait: the alarms' history over the whole wait is judged as a bake's is, before going on.
      [STATE.judgeApprovalWait]: lambdaTask("judgeBake", arns.judgeBake, { parameters: STEP_PAYLOAD, resultPath: inStep("bake"), next: STATE.wereAlarmsQuiet }),
      [STATE.wereAlarmsQuiet]: {
        Type: "Choice",
        Choices: [{ Variable: inStep("bake", "next"), StringEquals: "pass", Next: STATE.approved }],
        Default: STATE.bakeFailed,
      },
      [STATE.approved]: { Type: "Pass", End: true },
      [STATE.approvalRejected]: { Type: "Fail", Error: "ApprovalRejectedError", CausePath: inStep("approval", "reason") },
    },
  };
}

export function rolloutState(arns: TaskArns, next: string): AslState {
  return {
    Type: "Map",
    Comment: "Walks the plan one step at a time",
    ItemsPath: at("slots", "plan", "steps"),
    MaxConcurrency: 1,
    ItemSelector: { "step.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", deployment: DEPLOYMENT_CONTEXT },
    ItemProcessor: itemProcessor(arns),
    ResultPath: null,
    Catch: [CATCH_SKIP_TO_FULL, ...CATCH_TO_ROLLBACK],
    Next: next,
  };
}
