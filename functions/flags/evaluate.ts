// Evaluating one flag for one request, as data: no I/O, no clock. The bucketing is the one property a percentage
// rollout rests on: a key's bucket depends only on the flag's name and the key, so the same user keeps their
// answer while the percentage stays, and, as it grows, only gains the flag (on at p ⇒ on at every q ≥ p).
import { createHash } from "node:crypto";
import type { Flag } from "./document.ts";

/** Buckets per flag: percentages have hundredths (0.01% = one bucket). */
export const BUCKETS = 10_000;

/** What a request is: attribute name → value (`{ userId: "u-42", sessionId: "…" }`). */
export type FlagContext = Readonly<Record<string, string | number | undefined>>;

export type FlagReason = "denied" | "allowed" | "on" | "off" | "inPercentage" | "outsidePercentage" | "noKey" | "unknownFlag" | "default";

export interface FlagEvaluation {
  on: boolean;
  reason: FlagReason;
  /** The key's bucket, 0–9,999, for a percentage flag with its key given. */
  bucket?: number;
}

/**
 * The bucket of `key` for flag `name`: SHA-256 of `name` and `key`, its first 32 bits scaled to 0–9,999.
 * Hashing the flag's name in keeps two flags at 10% from being on for the same 10% of users.
 * Example: `bucketOf("new-checkout", "u-42")` is the same number on every machine and every call.
 */
export function bucketOf(name: string, key: string): number {
  const digest = createHash("sha256").update(name).update("\0").update(key).digest();
  return Math.floor((digest.readUInt32BE(0) / 2 ** 32) * BUCKETS);
}

/** Whether a bucket is inside a percentage: buckets 0 … percent × 100 − 1 are. */
function inPercentage(bucket: number, percent: number): boolean {
  return bucket < Math.round(percent * 100);
}

/**
 * One flag for one request. Order: deny list, allow list, then the flag's state; a percentage needs the key
 * (`flag.by`) in the context, and without it the flag is off.
 * Example: `evaluateFlag("new-checkout", { state: "percentage", percent: 25, by: "userId" }, { userId: "u-42" })`
 *   → `{ on: true, reason: "inPercentage", bucket: 1234 }` when u-42's bucket is below 2,500.
 */
export function evaluateFlag(name: string, flag: Flag, context: FlagContext): FlagEvaluation {
  const raw = context[flag.by];
  const key = raw === undefined || raw === "" ? undefined : String(raw);
  if (key !== undefined && flag.deny?.includes(key)) return { on: false, reason: "denied" };
  if (key !== undefined && flag.allow?.includes(key)) return { on: true, reason: "allowed" };
  if (flag.state === "on") return { on: true, reason: "on" };
  if (flag.state === "off") return { on: false, reason: "off" };
  if (key === undefined) return { on: false, reason: "noKey" };
  const bucket = bucketOf(name, key);
  return inPercentage(bucket, flag.percent) ? { on: true, reason: "inPercentage", bucket } : { on: false, reason: "outsidePercentage", bucket };
}
