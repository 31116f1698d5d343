// The scenario file format for `glidepath local run --scenario FILE`: which releases to deploy, how each
// version behaves, what to break along the way, and the seed that makes the run reproducible.
import * as z from "zod";
import { versionBehaviourSchema } from "../app/behaviour.ts";
import { formatPath, parseConfig } from "../../functions/core/config.ts";
import { knownKeysOf, problemLines } from "../../functions/core/config-problems.ts";
import { STATE } from "../../stacks/definition/names.ts";
import { sandboxAlarmNames } from "../sandbox/provision.ts";
import { sandboxConfigInput } from "../sandbox/sandbox-config.ts";

const durationText = z.string().regex(/^(\d+[dhms])+$/, "must be a duration like 30s, 5m, 1h");

const awsErrorFault = z.object({
  /** The AWS operation fails with a named error the next `times` calls. */
  service: z.enum(["route53", "cloudwatch", "ssm", "ec2", "imagebuilder", "autoscaling", "codedeploy", "eventbridge", "elbv2"]),
  operation: z.string().min(1),
  error: z.string().min(1),
  times: z.number().int().min(1).default(1),
  message: z.string().optional(),
  /** Which deployment (its commit label) the fault waits for: armed when that release is pushed. From the start when absent. */
  during: z.string().optional(),
}).strict();

const alarmHoldFault = z.object({
  /** Force an alarm into a state and hold it, e.g. a drill with SetAlarmState. */
  alarm: z.string().min(1),
  state: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]),
  for: durationText,
  /** Which deployment (its commit label) the hold starts with; it starts when that rollout first shifts traffic. */
  during: z.string().optional(),
}).strict();

const bakeFailureFault = z.object({ failBake: z.string().min(1).describe("commit label whose image bake fails") }).strict();

const slowBakeFault = z.object({
  /** Commit label whose image bake stays pending this long (EC2 CreateImage or Image Builder). */
  slowBake: z.string().min(1),
  for: durationText,
}).strict();

const stopFault = z.object({
  /** Stop the execution of this commit when it enters the named state (StopExecution: no Catch runs). */
  stopAt: z.string().min(1),
  commit: z.string().min(1),
}).strict();

const stopDuringFault = z.object({
  /** A StopExecution lands while this state's Task runs; its Lambda runs on and writes after cleanup. */
  stopDuring: z.string().min(1),
  commit: z.string().min(1),
}).strict();

const lambdaTimeoutFault = z.object({
  /** This state's Task's Lambda times out (Lambda.Unknown) after its side effects landed. */
  timeoutIn: z.string().min(1),
  commit: z.string().min(1),
}).strict();

const lostEndedEventFault = z.object({
  /** Commit label whose execution's FAILED/ABORTED/TIMED_OUT event never reaches cleanup (EventBridge is best effort). */
  loseEndedEvent: z.string().min(1),
}).strict();

const lostImageEventFault = z.object({
  /** Commit label whose image's state-change event never reaches the image wait: only its fallback timeout moves it on. */
  loseImageEvent: z.string().min(1),
}).strict();

const duplicateEventFault = z.object({ duplicateEvent: z.string().min(1).describe("commit label whose push event arrives twice") }).strict();

const lateEventFault = z.object({
  /** This release's push event is held back and delivered only after `after`'s deployment ended (late, out of order). */
  deliverLate: z.string().min(1),
  after: z.string().min(1),
}).strict();

const concurrentPushFault = z.object({
  /** This release is pushed `at` after the push of `during` (listed just before it), while that one still deploys. */
  concurrentPush: z.string().min(1),
  during: z.string().min(1),
  at: durationText,
}).strict();

const faultSchema = z.union([awsErrorFault, alarmHoldFault, bakeFailureFault, slowBakeFault, stopFault, stopDuringFault, lambdaTimeoutFault, lostEndedEventFault, lostImageEventFault, duplicateEventFault, lateEventFault, concurrentPushFault], {
  error: () =>
    "must be one of {service, operation, error, times}, {alarm, state, for}, {failBake}, {slowBake, for}, {stopAt, commit}, {stopDuring, commit}, {timeoutIn, commit}, {loseEndedEvent}, {loseImageEvent}, {duplicateEvent}, {deliverLate, after}, {concurrentPush, during, at}",
});

const scenarioSchema = z
  .object({
    name: z.string().optional(),
    /** A Glidepath config; the demo's when absent. */
    config: z.unknown().optional(),
    deployments: z
      .array(
        z.object({
          commit: z.string().min(1).regex(/^[\w.-]+$/, "letters, digits, dot, dash and underscore only"),
          /** The decision sent to this release's approval step (abTest `until: approval`); "approve" when absent. */
          approval: z.enum(["approve", "reject"]).optional(),
          /** Virtual time before the decision arrives; "0s" when absent. Longer than `approval.timeout`: the step times out. */
          approvalAfter: durationText.optional(),
        }).extend(versionBehaviourSchema.shape).strict(),
      )
      .min(1),
    faults: z.array(faultSchema).default([]),
    seed: z.number().int().default(1),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    // A fault that names a release or a state that does not exist would silently never fire.
    const commits = new Set(scenario.deployments.map((deployment) => deployment.commit));
    const states = new Set<string>(Object.values(STATE));
    const alarms = alarmsOf(scenario.config);
    scenario.faults.forEach((fault, i) => {
      // Holding an alarm the sandbox never created would show up as a rollback for no reason.
      if ("alarm" in fault && alarms && !alarms.includes(fault.alarm))
        ctx.addIssue({ code: "custom", path: ["faults", i, "alarm"], message: `names no alarm of the sandbox: "${fault.alarm}" (alarms: ${alarms.join(", ")})` });
      const release = "failBake" in fault ? fault.failBake : "slowBake" in fault ? fault.slowBake : "duplicateEvent" in fault ? fault.duplicateEvent : "loseEndedEvent" in fault ? fault.loseEndedEvent : "loseImageEvent" in fault ? fault.loseImageEvent : "commit" in fault ? fault.commit : "during" in fault ? fault.during : undefined;
      const field = "failBake" in fault ? "failBake" : "slowBake" in fault ? "slowBake" : "duplicateEvent" in fault ? "duplicateEvent" : "loseEndedEvent" in fault ? "loseEndedEvent" : "loseImageEvent" in fault ? "loseImageEvent" : "commit" in fault ? "commit" : "during";
      if (release !== undefined && !commits.has(release))
        ctx.addIssue({ code: "custom", path: ["faults", i, field], message: `names no deployment (commits: ${[...commits].join(", ")})` });
      if ("deliverLate" in fault) {
        const order = scenario.deployments.map((deployment) => deployment.commit);
        for (const key of ["deliverLate", "after"] as const)
          if (!commits.has(fault[key])) ctx.addIssue({ code: "custom", path: ["faults", i, key], message: `names no deployment (commits: ${[...commits].join(", ")})` });
        if (commits.has(fault.deliverLate) && commits.has(fault.after) && order.indexOf(fault.after) <= order.indexOf(fault.deliverLate))
          ctx.addIssue({ code: "custom", path: ["faults", i, "after"], message: `must be a deployment pushed after ${fault.deliverLate}` });
      }
      if ("concurrentPush" in fault) {
        const order = scenario.deployments.map((deployment) => deployment.commit);
        const pair = [fault.during, fault.concurrentPush];
        if (!commits.has(fault.concurrentPush)) ctx.addIssue({ code: "custom", path: ["faults", i, "concurrentPush"], message: `names no deployment (commits: ${[...commits].join(", ")})` });
        else if (order.indexOf(fault.concurrentPush) !== order.indexOf(fault.during) + 1)
          ctx.addIssue({ code: "custom", path: ["faults", i, "during"], message: `must be the deployment listed just before ${fault.concurrentPush} (the branch head it is pushed onto)` });
        // The two pushes are delivered together, once each: no other delivery fault can apply to them.
        if (scenario.faults.some((other, j) => j !== i && (("concurrentPush" in other && (pair.includes(other.concurrentPush) || pair.includes(other.during))) || ("duplicateEvent" in other && pair.includes(other.duplicateEvent)) || ("deliverLate" in other && (pair.includes(other.deliverLate) || pair.includes(other.after))))))
          ctx.addIssue({ code: "custom", path: ["faults", i], message: `${fault.during} and ${fault.concurrentPush} are pushed together: no other concurrentPush, duplicateEvent or deliverLate may name either` });
      }
      for (const key of ["stopAt", "stopDuring", "timeoutIn"] as const) {
        const state = (fault as Partial<Record<typeof key, string>>)[key];
        if (state !== undefined && !states.has(state))
          ctx.addIssue({ code: "custom", path: ["faults", i, key], message: `is not a state of the definition (e.g. "${STATE.shiftTraffic}", "${STATE.waitForDnsSync}")` });
      }
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Fault = z.output<typeof faultSchema>;

/** The alarms the sandbox creates for the scenario's config (the demo's when absent); undefined when that config is invalid (reported on its own). */
function alarmsOf(config: unknown): string[] | undefined {
  const parsed = parseConfig(config ?? sandboxConfigInput());
  return parsed.ok ? sandboxAlarmNames(parsed.config) : undefined;
}

/**
 * Validates a scenario document, listing every problem with its path (like config validation): a misspelled
 * key is named, with the key it was probably meant to be.
 */
export function parseScenario(document: unknown): { ok: true; scenario: Scenario } | { ok: false; problems: string[] } {
  const knownKeys = new Map<string, string[]>();
  const result = scenarioSchema.safeParse(document, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") knownKeys.set(formatPath(issue.path ?? []), knownKeysOf(issue.inst));
      return issue.input === undefined ? "is required" : undefined;
    },
  });
  if (result.success) return { ok: true, scenario: result.data };
  return { ok: false, problems: problemLines(result.error.issues, knownKeys) };
}
