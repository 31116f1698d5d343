// The config document for one app/environment (SSM `/glidepath/<app>/<env>/config`), as a zod schema.
// Input durations are strings (`5m`); the parsed config carries seconds. Defaults that pass through a
// transform use zod's `prefault` (parsed like input), since `default` would skip the transform.
// Every object is strict (an unknown key is a problem, not silently dropped) and every number and duration
// is bounded (LIMITS); rules that relate fields to each other are in config-rules.ts.
import * as z from "./zod-mini.ts";
import { LIMITS } from "./config-limits.ts";
import { checkConfig } from "./config-rules.ts";
import { checkCanaryScale } from "./canary-scale-rules.ts";
import { historyBudgetProblem } from "./plan-cost.ts";
import { formatDuration, parseDuration } from "./duration.ts";
import { formatPath, knownKeysOf, problemLines } from "./config-problems.ts";
import { sourceSchema } from "./env-source.ts";
import { freezeSchema, windowsSchema } from "./deploy-windows.ts";

/** A duration written as text (`5m`), parsed to seconds and kept within `min`–`max` seconds. */
const duration = ({ min = 0, max }: { min?: number; max: number }) =>
  z.pipe(
    z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a duration such as 30s, 5m, 1h") }),
    z.transform((text: string, ctx) => {
      const seconds = parseDuration(text);
      if (seconds === undefined) {
        ctx.issues.push({ code: "custom", message: `"${text}" is not a duration (use e.g. 30s, 5m, 1h)`, input: text });
        return z.NEVER;
      }
      if (seconds < min || seconds > max) {
        ctx.issues.push({ code: "custom", message: `must be ${formatDuration(min)}–${formatDuration(max)} (is ${formatDuration(seconds)})`, input: text });
        return z.NEVER;
      }
      return seconds;
    }),
  );
/** A bake: 0s (none) or up to LIMITS.bake; config-rules.ts also refuses one shorter than the check interval. */
const bakeDuration = duration(LIMITS.bake);

/** A number from `min` to `max` whose message for either bound names the whole range. */
const between = (min: number, max: number, message: string) => [z.gte(min, message), z.lte(max, message)] as const;
const WHOLE = "must be a whole number";

const name = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes"));
const percent = z.number().check(...between(1, 100, "must be 1–100"));
const count = (max: number) => z.number().check(z.int(WHOLE), ...between(1, max, `must be 1–${max}`));
const nonEmpty = () => z.string().check(z.minLength(1));

const slotSchema = z.strictObject({
  /** Auto Scaling group name, or CodeDeploy deployment group name. */
  group: nonEmpty(),
  /** What the weighted record points at: a load balancer DNS name (CNAME) or an address (A/AAAA). */
  endpoint: nonEmpty(),
});

/** How many of the app/env's newest baked images retention keeps (images still referenced are kept anyway). */
const imageKeep = z._default(
  z.number().check(z.int(WHOLE), ...between(LIMITS.imageKeep.min, LIMITS.imageKeep.max, `must be ${LIMITS.imageKeep.min}–${LIMITS.imageKeep.max}`)),
  5,
);

const imageSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("imageBuilder"),
    pipelineArn: z.string().check(z.regex(/^arn:aws[a-z-]*:imagebuilder:/, "must be an Image Builder pipeline ARN")),
    keep: imageKeep,
  }),
  z.strictObject({
    kind: z.literal("createImage"),
    keep: imageKeep,
    /** A builder instance already at the commit (your CI puts it there); its root volume becomes the AMI. */
    instanceId: z.string().check(z.regex(/^i-[0-9a-f]+$/, "must be an instance id (i-…)")),
    noReboot: z._default(z.boolean(), false),
  }),
]);

/** One Auto Scaling group behind one load balancer: new versions replace its instances (fleet-shape.ts). */
const groupSchema = z.strictObject({
  /** The Auto Scaling group's name. */
  name: nonEmpty(),
  /** Its load balancer's DNS name or address, which the smoke test and users reach. */
  endpoint: nonEmpty(),
});

const fleetSchema = z.strictObject({
  provider: z.enum(["autoscaling", "codedeploy"]),
  /** Desired instances per slot while it serves traffic. */
  capacity: z._default(count(LIMITS.capacity.max), 2),
  /** autoscaling: the launch template whose new version carries the AMI. */
  launchTemplateId: z.optional(z.string()),
  /** codedeploy: the application the deployment groups belong to. */
  application: z.optional(z.string()),
  /** codedeploy: the S3 appspec bundle each deployment runs on the slot's new instances (S3 or GitHub only on EC2). */
  revision: z.optional(
    z.strictObject({
      bucket: z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3–63 lowercase letters, digits, dots, hyphens)")),
      key: z.string().check(z.minLength(1, "must not be empty"), z.maxLength(1024, "must be at most 1024 characters")),
      bundleType: z._default(z.enum(["zip", "tar", "tgz"]), "zip"),
    }),
  ),
  /** Two fleets behind weighted records; exactly one of `slots` and `group` (config-rules.ts). */
  slots: z.optional(z.strictObject({ a: slotSchema, b: slotSchema })),
  group: z.optional(groupSchema),
});

/** Route 53 weighted records (the default, and every config written before `kind` existed). */
const route53TrafficSchema = z.strictObject({
  kind: z._default(z.literal("route53"), "route53"),
  hostedZoneId: z.string().check(z.regex(/^Z[A-Z0-9]+$/, "must be a hosted zone id (Z…)")),
  recordName: nonEmpty(),
  type: z._default(z.enum(["A", "AAAA", "CNAME"]), "CNAME"),
  ttl: z._default(z.number().check(z.int("must be a whole number of seconds"), ...between(0, LIMITS.ttl.max, `must be 0–${LIMITS.ttl.max} seconds`)), 60),
});

/** An Application Load Balancer's ARN of `resource` (`listener`, `listener-rule`, `targetgroup`), as ELBv2 writes it. */
const ELB_ARN = "arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}";
const elbArn = (pattern: string, what: string) => z.string().check(z.regex(new RegExp(`^${ELB_ARN}:${pattern}$`), `must be ${what}`));
const NAME = "[A-Za-z0-9-]{1,32}";
const ID = "[0-9a-f]{16}";

/**
 * An ALB listener's weighted forward action: the default action of `listenerArn` (ModifyListener) or the
 * action of `ruleArn` (ModifyRule), forwarding to both slots' target groups. A move takes effect at once:
 * nothing caches the old split, so the parsed config carries `ttl: 0` and every drain and convergence wait
 * that counts a TTL is zero.
 */
const albTrafficSchema = z.pipe(
  z.strictObject({
    kind: z.literal("alb"),
    listenerArn: z.optional(elbArn(`listener/app/${NAME}/${ID}/${ID}`, "an Application Load Balancer listener ARN (arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<id>)")),
    ruleArn: z.optional(elbArn(`listener-rule/app/${NAME}/${ID}/${ID}/${ID}`, "an Application Load Balancer listener rule ARN (arn:aws:elasticloadbalancing:<region>:<account>:listener-rule/app/<name>/<id>/<id>/<id>)")),
    targetGroups: z.strictObject({
      a: elbArn(`targetgroup/${NAME}/${ID}`, "a target group ARN (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>)"),
      b: elbArn(`targetgroup/${NAME}/${ID}`, "a target group ARN (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>)"),
    }),
  }),
  z.transform((traffic) => ({ ...traffic, ttl: 0 as const })),
);

const trafficSchema = z.discriminatedUnion("kind", [route53TrafficSchema, albTrafficSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'must be "route53" (the default) or "alb"' : undefined),
});

const canaryStepSchema = z.strictObject({ percent, bake: z.optional(bakeDuration) });
const stepsSchema = z.array(canaryStepSchema).check(z.minLength(1, "needs at least one step"), z.maxLength(LIMITS.planSteps));

const strategySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("allAtOnce") }),
  z.strictObject({ kind: z.literal("blueGreen") }),
  z.strictObject({
    kind: z.literal("canary"),
    steps: stepsSchema,
    /**
     * Two slots: bring the new fleet up at `percent` of the live fleet's size; the plan scales it to full size
     * before a step sends it more traffic than that carries (canary-scale.ts).
     */
    canaryScale: z.optional(z.strictObject({ percent: z.number().check(...between(1, 99, "must be 1–99 (100 is the full size, the default)")) })),
  }),
  /**
   * One group (fleet.group): an instance refresh replaces its instances in batches, pausing at each step's
   * share of instances for its bake. `extraBatch` launches each batch before terminating old instances.
   */
  z.strictObject({ kind: z.literal("rolling"), steps: stepsSchema, extraBatch: z._default(z.boolean(), false) }),
  /** One group: a temporary group at full size on the new version, health-checked, then cut over. */
  z.strictObject({ kind: z.literal("immutable") }),
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
  path: z.string().check(z.startsWith("/", "must start with /")),
  method: z._default(z.enum(["GET", "HEAD", "POST"]), "GET"),
  expectStatus: z._default(z.number().check(z.int(), z.gte(100), z.lte(599)), 200),
  bodyContains: z.optional(z.string()),
  timeout: z.prefault(duration(LIMITS.smokeTimeout), "5s"),
  attempts: z._default(count(20), 3),
  /** How many of the attempts must pass. */
  mustPass: z._default(count(20), 1),
});

const alarmSchema = z.strictObject({
  /** CloudWatch alarm name. `{slot}` is replaced by the slot receiving the new version, `{fleet}` by its fleet's configured name (alarm-name.ts). */
  name: nonEmpty(),
  /** What INSUFFICIENT_DATA means for this alarm: fail the bake, keep waiting, or ignore the alarm. */
  missingData: z._default(z.enum(["fail", "wait", "ignore"]), "wait"),
});

const analysisSchema = z.strictObject({
  alarms: z._default(z.array(alarmSchema).check(z.maxLength(LIMITS.alarms.max)), []),
  /** No alarms means no bake can fail: refused unless this says it is meant (config-rules.ts). */
  allowNoAlarms: z._default(z.boolean(), false),
  interval: z.prefault(duration(LIMITS.interval), "30s"),
  /** A bake passes only after this many healthy checks in a row (and its duration has elapsed). */
  consecutiveSuccesses: z._default(count(LIMITS.consecutiveSuccesses.max), 1),
});

const configSchema = z
  .strictObject({
    app: name,
    env: name,
    /** A branch whose pushes deploy the env, or an upstream env whose promoted releases it takes (env-source.ts). */
    source: sourceSchema,
    image: imageSchema,
    fleet: fleetSchema,
    traffic: trafficSchema,
    strategy: strategySchema,
    smoke: z.prefault(z.strictObject({ checks: z._default(z.array(smokeCheckSchema).check(z.maxLength(LIMITS.smokeChecks.max)), []) }), {}),
    analysis: z.prefault(analysisSchema, {}),
    finalBake: z.prefault(bakeDuration, "5m"),
    scaleDownDelay: z.prefault(duration(LIMITS.scaleDownDelay), "15m"),
    approval: z.prefault(z.strictObject({ timeout: z.prefault(duration(LIMITS.approvalTimeout), "24h") }), {}),
    /** A second push while a deployment runs: wait for the lease, or take over from the running one. */
    concurrency: z._default(z.enum(["queue", "supersede"]), "queue"),
    /** When deployments may start (deploy-windows.ts): allowed days and hours in a time zone; none: any time. */
    windows: windowsSchema,
    /** Periods nothing starts, each with its reason. */
    freeze: freezeSchema,
  })
  // Runs even when some fields failed, so one pass lists every problem; checkConfig reads defensively.
  .check(
    z.superRefine((config, ctx) => {
      const report = (path: Array<string | number>, message: string) => ctx.addIssue({ code: "custom", path, message });
      checkConfig(config, report);
      checkCanaryScale(config, report);
      const { env, source } = config as { env?: unknown; source?: { promotedFrom?: unknown } };
      if (source?.promotedFrom !== undefined && source.promotedFrom === env) report(["source", "promotedFrom"], `names this env itself (${String(env)}): promote from the env before it on the path`);
    }, {
      when: (payload) => typeof payload.value === "object" && payload.value !== null,
    }),
  );

/** A config as written (durations as text, defaults optional). */
export type ConfigInput = z.input<typeof configSchema>;
/** A validated config (durations in seconds, defaults filled in). */
export type Config = z.output<typeof configSchema>;
export type AlarmPolicy = Config["analysis"]["alarms"][number];

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
export { otherSlot, type SlotName } from "./slots.ts";
