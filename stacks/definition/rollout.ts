// The Rollout: a Map over the plan's steps, one at a time. Tasks inside cannot Catch to a state outside the
// Map, so they carry no Catch: their errors (and the Fail states here) fail the Map, whose Catch rolls back.
import type { TaskArns } from "../../functions/catalog.ts";
import type { AslState, ItemProcessor } from "./asl.ts";
import { STATE } from "./names.ts";
import { at, inStep } from "./paths.ts";
import { pollLoop } from "./poll.ts";
import { CATCH_TO_ROLLBACK, lambdaTask } from "./retry.ts";
import { DEPLOYMENT_CONTEXT } from "./setup.ts";

/** Route 53 changes are usually INSYNC within 60 s. */
export const DNS_POLL_SECONDS = 10;

function itemProcessor(arns: TaskArns): ItemProcessor {
  return {
    ProcessorConfig: { Mode: "INLINE" },
    StartAt: STATE.whichStep,
    States: {
      [STATE.whichStep]: {
        Type: "Choice",
        Choices: [
          { Variable: inStep("step", "kind"), StringEquals: "setWeight", Next: STATE.shiftTraffic },
          { Variable: inStep("step", "kind"), StringEquals: "bake", Next: STATE.checkAlarms },
          { Variable: inStep("step", "kind"), StringEquals: "approval", Next: STATE.waitForApproval },
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
        every: { Seconds: DNS_POLL_SECONDS },
        task: (next) => lambdaTask("checkDnsSync", arns.checkDnsSync, { parameters: { "changeId.$": inStep("shift", "changeId") }, resultPath: inStep("sync"), next }),
        exits: [{ Variable: inStep("sync", "status"), StringEquals: "INSYNC", Next: STATE.waitForConvergence }],
      }),
      [STATE.waitForConvergence]: { Type: "Wait", SecondsPath: inStep("deployment", "config", "traffic", "ttl"), End: true },

      // bake: check at once, then every analysis interval until the decision is pass or fail.
      ...pollLoop({
        wait: STATE.waitForAlarmCheck,
        check: STATE.checkAlarms,
        decide: STATE.judgeBake,
        every: { SecondsPath: inStep("deployment", "config", "analysis", "interval") },
        task: (next) => lambdaTask("checkAlarms", arns.checkAlarms, { resultPath: inStep("bake"), next }),
        exits: [
          { Variable: inStep("bake", "next"), StringEquals: "pass", Next: STATE.bakePassed },
          { Variable: inStep("bake", "next"), StringEquals: "fail", Next: STATE.bakeFailed },
        ],
      }),
      [STATE.bakePassed]: { Type: "Pass", End: true },
      // A failing bake is a verdict; here it becomes the failure, named by the verdict, with its reason as cause.
      [STATE.bakeFailed]: { Type: "Fail", ErrorPath: inStep("bake", "failure"), CausePath: inStep("bake", "reason") },

      // approval: the function records the task token; an operator's SendTaskSuccess/Failure resumes.
      [STATE.waitForApproval]: approvalTask(arns),
      [STATE.wasApproved]: {
        Type: "Choice",
        Choices: [{ Variable: inStep("approval", "approved"), BooleanEquals: true, Next: STATE.approved }],
        Default: STATE.approvalRejected,
      },
      [STATE.approved]: { Type: "Pass", End: true },
      [STATE.approvalRejected]: { Type: "Fail", Error: "ApprovalRejectedError", CausePath: inStep("approval", "reason") },
    },
  };
}

function approvalTask(arns: TaskArns): AslState {
  const { TimeoutSeconds: _lambdaTimeout, ...base } = lambdaTask("requestApproval", arns.requestApproval, {
    parameters: {
      FunctionName: arns.requestApproval,
      Payload: { "deployment.$": inStep("deployment"), "step.$": inStep("step"), "index.$": inStep("index"), "taskToken.$": "$$.Task.Token" },
    },
    resultPath: inStep("approval"),
    next: STATE.wasApproved,
  });
  return {
    ...base,
    Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
    // Nobody heartbeats while a human decides, so the step's own timeout is the only clock.
    TimeoutSecondsPath: inStep("step", "timeoutSeconds"),
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
    Catch: CATCH_TO_ROLLBACK,
    Next: next,
  };
}
