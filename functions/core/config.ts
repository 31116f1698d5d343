// The config document for one app/environment (SSM `/glidepath/<app>/<env>/config`), as a zod schema.
// Input durations are strings (`5m`); the parsed config carries seconds. Defaults that pass through a
// transform use zod's `prefault` (parsed like input), since `default` would skip the transform.
// Every object is strict (an unknown key is a problem, not silently dropped) and every number and duration
// is bounded (LIMITS); rules that relate fields to each other are in config-rules.ts.
import * as z from "zod";
import { LIMITS } from "./config-limits.ts";
import { checkConfig } from "./config-rules.ts";
import { historyBudgetProblem } from "./plan-cost.ts";
import { formatDuration, parseDuration } from "./duration.ts";
import { formatPath, knownKeysOf, problemLines } from "./config-problems.ts";

/** A duration written as text (`5m`), parsed to seconds and kept within `min`–`max` seconds. */
const duration = ({ min = 0, max }: { min?: number; max: number }) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a duration such as 30s, 5m, 1h") })
    .transform((text, ctx) => {
      const seconds = parseDuration(text);
      if (seconds === undefined) {
        ctx.addIssue({ code: "custom", message: `"${text}" is not a duration (use e.g. 30s, 5m, 1h)` });
        return z.NEVER;
      }
      if (seconds < min || seconds > max) {
        ctx.addIssue({ code: "custom", message: `must be ${formatDuration(min)}–${formatDuration(max)} (is ${formatDuration(seconds)})` });
        return z.NEVER;
      }
      return seconds;
    });
/** A bake: 0s (none) or up to LIMITS.bake; config-rules.ts also refuses one shorter than the check interval. */
const bakeDuration = duration(LIMITS.bake);

const name = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes");
const percent = z.number().min(1, "must be 1–100").max(100, "must be 1–100");
const count = (max: number) => z.number().int("must be a whole number").min(1, `must be 1–${max}`).max(max, `must be 1–${max}`);

const slotSchema = z.strictObject({
  /** Auto Scaling group name, or CodeDeploy deployment group name. */
  group: z.string().min(1),
  /** What the weighted record points at: a load balancer DNS name (CNAME) or an address (A/AAAA). */
  endpoint: z.string().min(1),
});

/** How many of the app/env's newest baked images retention keeps (images still referenced are kept anyway). */
const imageKeep = z
  .number()
  .int("must be a whole number")
  .min(LIMITS.imageKeep.min, `must be ${LIMITS.imageKeep.min}–${LIMITS.imageKeep.max}`)
  .max(LIMITS.imageKeep.max, `must be ${LIMITS.imageKeep.min}–${LIMITS.imageKeep.max}`)
  .default(5);

const imageSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("imageBuilder"),
    pipelineArn: z.string().regex(/^arn:aws[a-z-]*:imagebuilder:/, "must be an Image Builder pipeline ARN"),
    keep: imageKeep,
  }),
  z.strictObject({
    kind: z.literal("createImage"),
    keep: imageKeep,
    /** A builder instance already at the commit (your CI puts it there); its root volume becomes the AMI. */
    instanceId: z.string().regex(/^i-[0-9a-f]+$/, "must be an instance id (i-…)"),
    noReboot: z.boolean().default(false),
  }),
]);

const fleetSchema = z.strictObject({
  provider: z.enum(["autoscaling", "codedeploy"]),
  /** Desired instances per slot while it serves traffic. */
  capacity: count(LIMITS.capacity.max).default(2),
  /** autoscaling: the launch template whose new version carries the AMI. */
  launchTemplateId: z.string().optional(),
  /** codedeploy: the application the deployment groups belong to. */
  application: z.string().optional(),
  slots: z.strictObject({ a: slotSchema, b: slotSchema }),
});

const trafficSchema = z.strictObject({
  hostedZoneId: z.string().regex(/^Z[A-Z0-9]+$/, "must be a hosted zone id (Z…)"),
  recordName: z.string().min(1),
  type: z.enum(["A", "AAAA", "CNAME"]).default("CNAME"),
  ttl: z.number().int("must be a whole number of seconds").min(0, `must be 0–${LIMITS.ttl.max} seconds`).max(LIMITS.ttl.max, `must be 0–${LIMITS.ttl.max} seconds`).default(60),
});

const canaryStepSchema = z.strictObject({ percent, bake: bakeDuration.optional() });

const strategySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("allAtOnce") }),
  z.strictObject({ kind: z.literal("blueGreen") }),
  z.strictObject({ kind: z.literal("canary"), steps: z.array(canaryStepSchema).min(1, "needs at least one step").max(LIMITS.planSteps) }),
  z.strictObject({ kind: z.literal("linear"), percent, every: bakeDuration }),
  z.strictObject({
    kind: z.literal("abTest"),
    percent,
    /** `approval` holds the split until someone decides; a duration holds it that long, then promotes. */
    until: z.union([z.literal("approval"), bakeDuration], {
      error: (issue) => (issue.input === undefined ? "is required" : 'must be "approval" or a duration (e.g. 1h)'),
    }),
  }),
]);

const smokeCheckSchema = z.strictObject({
  path: z.string().startsWith("/", "must start with /"),
  method: z.enum(["GET", "HEAD", "POST"]).default("GET"),
  expectStatus: z.number().int().min(100).max(599).default(200),
  bodyContains: z.string().optional(),
  timeout: duration(LIMITS.smokeTimeout).prefault("5s"),
  attempts: count(20).default(3),
  /** How many of the attempts must pass. */
  mustPass: count(20).default(1),
});

const alarmSchema = z.strictObject({
  /** CloudWatch alarm name. `{slot}` is replaced by the slot receiving the new version (a per-slot alarm). */
  name: z.string().min(1),
  /** What INSUFFICIENT_DATA means for this alarm: fail the bake, keep waiting, or ignore the alarm. */
  missingData: z.enum(["fail", "wait", "ignore"]).default("wait"),
});

const analysisSchema = z.strictObject({
  alarms: z.array(alarmSchema).max(LIMITS.alarms.max).default([]),
  /** No alarms means no bake can fail: refused unless this says it is meant (config-rules.ts). */
  allowNoAlarms: z.boolean().default(false),
  interval: duration(LIMITS.interval).prefault("30s"),
  /** A bake passes only after this many healthy checks in a row (and its duration has elapsed). */
  consecutiveSuccesses: count(LIMITS.consecutiveSuccesses.max).default(1),
});

const configSchema = z
  .strictObject({
    app: name,
    env: name,
    source: z.strictObject({ repository: z.string().min(1), branch: z.string().min(1).default("main") }),
    image: imageSchema,
    fleet: fleetSchema,
    traffic: trafficSchema,
    strategy: strategySchema,
    smoke: z.strictObject({ checks: z.array(smokeCheckSchema).max(LIMITS.smokeChecks.max).default([]) }).prefault({}),
    analysis: analysisSchema.prefault({}),
    finalBake: bakeDuration.prefault("5m"),
    scaleDownDelay: duration(LIMITS.scaleDownDelay).prefault("15m"),
    approval: z.strictObject({ timeout: duration(LIMITS.approvalTimeout).prefault("24h") }).prefault({}),
    /** A second push while a deployment runs: wait for the lease, or take over from the running one. */
    concurrency: z.enum(["queue", "supersede"]).default("queue"),
  })
  // Runs even when some fields failed, so one pass lists every problem; checkConfig reads defensively.
  .superRefine((config, ctx) => checkConfig(config, (path, message) => ctx.addIssue({ code: "custom", path, message })), {
    when: (payload) => typeof payload.value === "object" && payload.value !== null,
  });

/** A config as written (durations as text, defaults optional). */
export type ConfigInput = z.input<typeof configSchema>;
/** A validated config (durations in seconds, defaults filled in). */
export type Config = z.output<typeof configSchema>;
export type AlarmPolicy = Config["analysis"]["alarms"][number];
export type SlotName = "a" | "b";

export type ParseResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * Validates a config document and returns every problem with its path.
 * Example: a canary step of 150 → `{ ok: false, problems: ["strategy.steps[2].percent: must be 1–100"] }`.
 */
export function parseConfig(document: unknown): ParseResult {
  // Unknown keys are reported per key with a "did you mean"; that needs the keys the object at that path knows.
  const knownKeys = new Map<string, string[]>();
  const result = configSchema.safeParse(document, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") knownKeys.set(formatPath(issue.path ?? []), knownKeysOf(issue.inst));
      return issue.input === undefined ? "is required" : undefined;
    },
  });
  if (result.success) {
    // Only a config that parsed has a plan to count: the history budget is checked last.
    const overBudget = historyBudgetProblem(result.data);
    return overBudget ? { ok: false, problems: [overBudget] } : { ok: true, config: result.data };
  }
  return { ok: false, problems: problemLines(result.error.issues, knownKeys) };
}

export { formatPath };

export const otherSlot = (slot: SlotName): SlotName => (slot === "a" ? "b" : "a");
