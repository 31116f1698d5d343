// The flag document of an app/env: one JSON document in SSM (`<prefix>/<app>/<env>/flags`), every change a new
// SSM version. A flag is on, off, or on for a percentage of a stable key the flag names (a user id, a session…),
// with optional allow/deny lists of that key's values. Validated with zod/mini: the flags client ships in
// services, so it stays small.
import * as z from "../core/zod-mini.ts";
import { formatPath } from "../core/config-problems.ts";

/** A flag's name: what services ask for and what the CLI takes. */
const FLAG_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const BAD_FLAG_NAME = "is not a flag name (1–64 lowercase letters, digits, . _ -, starting with a letter or digit)";
/** The key a percentage buckets by, and the lists match, when the flag names none. */
const DEFAULT_FLAG_KEY = "userId";

const targetList = z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(256))).check(z.maxLength(1000)));

/** Percent in hundredths at most: the bucketing has 10,000 buckets (flags/evaluate.ts). */
const percent = z
  .number()
  .check(
    z.minimum(0, { error: "must be 0–100" }),
    z.maximum(100, { error: "must be 0–100" }),
    z.refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, { error: "must have at most two decimals (0.01% steps)" }),
  );

const common = {
  description: z.optional(z.string().check(z.maxLength(500))),
  /** The context attribute percentages bucket by and the allow/deny lists match. */
  by: z._default(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, { error: "must be an attribute name such as userId or sessionId" })), DEFAULT_FLAG_KEY),
  /** Values of `by` that always get the flag on (unless denied). */
  allow: targetList,
  /** Values of `by` that never get the flag on: deny wins over everything. */
  deny: targetList,
};

const onFlag = z.strictObject({ state: z.literal("on"), ...common });
const offFlag = z.strictObject({ state: z.literal("off"), ...common });
const percentageFlag = z.strictObject({ state: z.literal("percentage"), percent, ...common });

const flagSchema = z.discriminatedUnion("state", [onFlag, offFlag, percentageFlag]);
export type Flag = z.output<typeof flagSchema>;

const flagDocumentSchema = z.strictObject({
  flags: z.record(z.string().check(z.regex(FLAG_NAME)), flagSchema),
});
export type FlagDocument = z.output<typeof flagDocumentSchema>;

export const EMPTY_FLAG_DOCUMENT: FlagDocument = Object.freeze({ flags: Object.freeze({}) }) as FlagDocument;

export type FlagDocumentParse = { ok: true; document: FlagDocument } | { ok: false; problems: string[] };

/**
 * Checks a flag document, listing every problem with its path.
 * Example: `parseFlagDocument({ flags: { checkout: { state: "percentage", percent: 150 } } })` →
 *   `{ ok: false, problems: ["flags.checkout.percent: must be 0–100"] }`.
 */
export function parseFlagDocument(document: unknown): FlagDocumentParse {
  const parsed = flagDocumentSchema.safeParse(document);
  if (parsed.success) return { ok: true, document: parsed.data };
  // zod reports a bad record key as "Invalid key in record": say what a flag name is instead.
  const message = (issue: z.core.$ZodIssue) => (issue.code === "invalid_key" ? BAD_FLAG_NAME : issue.message);
  return { ok: false, problems: parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${message(issue)}`) };
}

/** Parses the document's text as SSM stores it: JSON, then the schema. */
export function parseFlagDocumentText(text: string): FlagDocumentParse {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`(root): not valid JSON (${(error as Error).message})`] };
  }
  return parseFlagDocument(document);
}

/** The text stored in SSM: formatted JSON, flags in name order, so two equal documents are equal texts. */
export function flagDocumentText(document: FlagDocument): string {
  const flags = Object.fromEntries(Object.entries(document.flags).sort(([x], [y]) => x.localeCompare(y)));
  return `${JSON.stringify({ flags }, null, 2)}\n`;
}

/** A flag's state in words. Example: `{ state: "percentage", percent: 25, by: "userId" }` → `"25% of userId"`. */
export function describeFlag(flag: Flag): string {
  const base = flag.state === "percentage" ? `${flag.percent}% of ${flag.by}` : flag.state;
  const lists = [flag.allow?.length ? `allow ${flag.allow.length}` : "", flag.deny?.length ? `deny ${flag.deny.length}` : ""].filter(Boolean);
  return lists.length ? `${base} (${lists.join(", ")})` : base;
}

/**
 * The SSM parameter of an app/env's flags, next to its config.
 * Example: `flagsParameterName("shop-api", "prod")` → `"/glidepath/shop-api/prod/flags"`.
 */
export function flagsParameterName(app: string, env: string, prefix = "/glidepath"): string {
  for (const [what, value] of [["app", app], ["env", env]] as const) if (!/^[a-z0-9][a-z0-9-]*$/.test(value)) throw new Error(`${what}: lowercase letters, digits and dashes (is "${value}")`);
  return `${prefix.replace(/\/+$/, "")}/${app}/${env}/flags`;
}
