// The config document for one app/environment (SSM `/glidepath/<app>/<env>/config`), as a zod schema.
// Input durations are strings (`5m`); the parsed config carries seconds. Defaults that pass through a
// transform use zod's `prefault` (parsed like input), since `default` would skip the transform.
import * as z from "zod";
import { parseDuration } from "./duration.ts";

const duration = z
  .string()
  .transform((text, ctx) => {
    const seconds = parseDuration(text);
    if (seconds === undefined) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not a duration (use e.g. 30s, 5m, 1h)` });
      return z.NEVER;
    }
    return seconds;
  });

const name = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes");
const percent = z.number().gt(0, "must be 1–100").max(100, "must be 1–100");

export const slotSchema = z.object({
  /** Auto Scaling group name, or CodeDeploy deployment group name. */
  group: z.string().min(1),
  /** What the weighted record points at: a load balancer DNS name (CNAME) or an address (A/AAAA). */
  endpoint: z.string().min(1),
});

const imageSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("imageBuilder"),
    pipelineArn: z.string().regex(/^arn:aws[a-z-]*:imagebuilder:/, "must be an Image Builder pipeline ARN"),
  }),
  z.object({
    kind: z.literal("createImage"),
    /** A builder instance already at the commit (your CI puts it there); its root volume becomes the AMI. */
    instanceId: z.string().regex(/^i-[0-9a-f]+$/, "must be an instance id (i-…)"),
    noReboot: z.boolean().default(false),
  }),
]);

const fleetSchema = z.object({
  provider: z.enum(["autoscaling", "codedeploy"]),
  /** Desired instances per slot while it serves traffic. */
  capacity: z.number().int().min(1).max(1000).default(2),
  /** autoscaling: the launch template whose new version carries the AMI. */
  launchTemplateId: z.string().optional(),
  /** codedeploy: the application the deployment groups belong to. */
  application: z.string().optional(),
  slots: z.object({ a: slotSchema, b: slotSchema }),
});

const trafficSchema = z.object({
  hostedZoneId: z.string().regex(/^Z[A-Z0-9]+$/, "must be a hosted zone id (Z…)"),
  recordName: z.string().min(1),
  type: z.enum(["A", "AAAA", "CNAME"]).default("CNAME"),
  ttl: z.number().int().min(0).max(86400).default(60),
});

const canaryStepSchema = z.object({ percent, bake: duration.optional() });

const strategySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("allAtOnce") }),
  z.object({ kind: z.literal("blueGreen") }),
  z.object({ kind: z.literal("canary"), steps: z.array(canaryStepSchema).min(1) }),
  z.object({ kind: z.literal("linear"), percent, every: duration }),
  z.object({
    kind: z.literal("abTest"),
    percent,
    /** `approval` holds the split until someone decides; a duration holds it that long, then promotes. */
    until: z.union([z.literal("approval"), duration], {
      error: (issue) => (issue.input === undefined ? "is required" : 'must be "approval" or a duration (e.g. 1h)'),
    }),
  }),
]);

const smokeCheckSchema = z.object({
  path: z.string().startsWith("/", "must start with /"),
  method: z.enum(["GET", "HEAD", "POST"]).default("GET"),
  expectStatus: z.number().int().min(100).max(599).default(200),
  bodyContains: z.string().optional(),
  timeout: duration.prefault("5s"),
  attempts: z.number().int().min(1).max(20).default(3),
  /** How many of the attempts must pass. */
  mustPass: z.number().int().min(1).default(1),
});

const alarmSchema = z.object({
  /** CloudWatch alarm name. `{slot}` is replaced by the slot receiving the new version (a per-slot alarm). */
  name: z.string().min(1),
  /** What INSUFFICIENT_DATA means for this alarm: fail the bake, keep waiting, or ignore the alarm. */
  missingData: z.enum(["fail", "wait", "ignore"]).default("wait"),
});

const analysisSchema = z.object({
  alarms: z.array(alarmSchema).default([]),
  interval: duration.prefault("30s"),
  /** A bake passes only after this many healthy checks in a row (and its duration has elapsed). */
  consecutiveSuccesses: z.number().int().min(1).default(1),
});

export const configSchema = z
  .object({
    app: name,
    env: name,
    source: z.object({ repository: z.string().min(1), branch: z.string().min(1).default("main") }),
    image: imageSchema,
    fleet: fleetSchema,
    traffic: trafficSchema,
    strategy: strategySchema,
    smoke: z.object({ checks: z.array(smokeCheckSchema).default([]) }).prefault({}),
    analysis: analysisSchema.prefault({}),
    finalBake: duration.prefault("5m"),
    scaleDownDelay: duration.prefault("15m"),
    approval: z.object({ timeout: duration.prefault("24h") }).prefault({}),
    /** A second push while a deployment runs: wait for the lease, or take over from the running one. */
    concurrency: z.enum(["queue", "supersede"]).default("queue"),
  })
  .superRefine((config, ctx) => {
    const { fleet, smoke } = config;
    if (fleet.provider === "autoscaling" && !fleet.launchTemplateId)
      ctx.addIssue({ code: "custom", path: ["fleet", "launchTemplateId"], message: "is required when provider is autoscaling" });
    if (fleet.provider === "codedeploy" && !fleet.application)
      ctx.addIssue({ code: "custom", path: ["fleet", "application"], message: "is required when provider is codedeploy" });
    if (fleet.slots.a.group === fleet.slots.b.group)
      ctx.addIssue({ code: "custom", path: ["fleet", "slots", "b", "group"], message: "must differ from slot a's group" });
    smoke.checks.forEach((check, i) => {
      if (check.mustPass > check.attempts)
        ctx.addIssue({ code: "custom", path: ["smoke", "checks", i, "mustPass"], message: `cannot exceed attempts (${check.attempts})` });
    });
    if (config.strategy.kind === "canary") {
      let previous = 0;
      config.strategy.steps.forEach((step, i) => {
        // Out-of-range percents are already reported; don't report them twice.
        if (step.percent > 0 && step.percent <= previous)
          ctx.addIssue({ code: "custom", path: ["strategy", "steps", i, "percent"], message: `must be above the previous step (${previous})` });
        previous = step.percent;
      });
    }
  });

/** A config as written (durations as text, defaults optional). */
export type ConfigInput = z.input<typeof configSchema>;
/** A validated config (durations in seconds, defaults filled in). */
export type Config = z.output<typeof configSchema>;
export type Strategy = Config["strategy"];
export type SmokeCheck = Config["smoke"]["checks"][number];
export type AlarmPolicy = Config["analysis"]["alarms"][number];
export type SlotName = "a" | "b";

export type ParseResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * Validates a config document and returns every problem with its path.
 * Example: a canary step of 150 → `{ ok: false, problems: ["strategy.steps[2].percent: must be 1–100"] }`.
 */
export function parseConfig(document: unknown): ParseResult {
  const result = configSchema.safeParse(document, { error: (issue) => (issue.input === undefined ? "is required" : undefined) });
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`) };
}

/** `["strategy","steps",2,"percent"]` → `strategy.steps[2].percent`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return "(root)";
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    return out === "" ? String(key) : `${out}.${String(key)}`;
  }, "");
}

export const otherSlot = (slot: SlotName): SlotName => (slot === "a" ? "b" : "a");
