// The lease's fencing token, enforced where traffic is written: Route 53 itself.
//
// The DynamoDB lease says who may move an app/env's traffic, but a Lambda that checked it can still write
// later: StopExecution does not stop a running Task, and an expired holder may be paused mid-call. A check
// before the write and a take-back after it leave a window in which a stale weight reaches a fleet that
// cleanup or the next deployment is already scaling down or replacing (I2). So every weight write carries
// the writer's token in a TXT record next to the weighted records, in the same all-or-nothing batch: it
// DELETEs the fence record it read (Route 53 refuses a DELETE whose values do not match the current ones)
// and CREATEs its own. A writer ranked below the fence it finds, or whose fence changed under it, writes
// nothing at all.
//
// Ranks: a deployment holding lease token n writes as `holder n`; cleanup and the reconciler, which take
// traffic back from whoever held token n, write as `sweeper n`, which outranks `holder n`, so the stopped
// holder's late writes are refused, while the next deployment (`holder n + 1`) outranks the sweep.

type WriterRole = "holder" | "sweeper";

/** Who writes weights, and with what authority. */
export interface WeightWriter {
  /** The lease's fencing token: the holder's own, or the latest granted when sweeping. */
  token: number;
  role: WriterRole;
  /** Names the writer in errors and in the record (a deployment id, "cleanup", "reconciler"). */
  by: string;
}

/** The fence record's name: beside the weighted record (a CNAME may share its name with no other record). */
export const fenceRecordName = (target: { recordName: string }): string => `_glidepath-fence.${target.recordName.replace(/\.$/, "")}`;

/** The TXT value: a quoted string, as Route 53 requires. Example: `"glidepath holder 7 by shop-api-prod-ab12"`. */
export function fenceValue(writer: WeightWriter): string {
  return `"glidepath ${writer.role} ${writer.token} by ${writer.by}"`;
}

/** The writer a fence value names, or null when the value is not one of ours (edited by hand: anyone may replace it). */
export function parseFence(value: string): WeightWriter | null {
  const match = /^"glidepath (holder|sweeper) (\d+) by (.*)"$/.exec(value);
  if (!match) return null;
  return { role: match[1] as WriterRole, token: Number(match[2]), by: match[3]! };
}

/** Total order of authority: by token, and at one token a sweep outranks its holder. */
const rank = (writer: Pick<WeightWriter, "token" | "role">): number => writer.token * 2 + (writer.role === "sweeper" ? 1 : 0);

/**
 * May `writer` write over the fence it found? Yes when there is none, or it ranks at least as high.
 * Example: the fence says `holder 7`; `sweeper 7` and `holder 8` may write, `holder 6` may not.
 */
export function mayWrite(writer: WeightWriter, found: WeightWriter | null): boolean {
  return found === null || rank(writer) >= rank(found);
}

/** Does `found` already keep out everything `writer` would fence out (so a fence-only write is needless)? */
export const alreadyFenced = (writer: WeightWriter, found: WeightWriter | null): boolean => found !== null && rank(found) >= rank(writer);

export const describeWriter = (writer: Pick<WeightWriter, "token" | "role" | "by">): string => `${writer.by} (${writer.role}, token ${writer.token})`;
