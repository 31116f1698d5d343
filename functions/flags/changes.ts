// The changes an operator or a flag release makes to a flag document, as pure functions: each returns the
// next document (checked by the schema) or every problem with it, and never changes its input.
import { describeFlag, parseFlagDocument, type Flag, type FlagDocument } from "./document.ts";

/** What `glidepath flag set` changes; anything left out keeps the flag's current value. */
export interface FlagChange {
  state?: "on" | "off";
  percent?: number;
  by?: string;
  allow?: string[];
  deny?: string[];
  description?: string;
}

export type FlagChangeResult = { ok: true; document: FlagDocument; flag: Flag; changed: boolean } | { ok: false; problems: string[] };

/**
 * The document with flag `name` changed (created when it does not exist: a new flag needs a state or a percent).
 * `percent` makes it a percentage flag; `state` an on/off one. Empty lists are removed.
 * Example: `setFlag({ flags: {} }, "checkout", { percent: 5 })` → checkout at `{ state: "percentage", percent: 5, by: "userId" }`.
 */
export function setFlag(document: FlagDocument, name: string, change: FlagChange): FlagChangeResult {
  const current = document.flags[name];
  if (change.state !== undefined && change.percent !== undefined) return { ok: false, problems: [`flags.${name}: give either on/off or a percent, not both`] };
  if (!current && change.state === undefined && change.percent === undefined) return { ok: false, problems: [`flags.${name}: is a new flag: say whether it is on, off or a percentage`] };
  const { percent: _oldPercent, ...rest } = (current ?? {}) as Partial<Flag> & { percent?: number };
  const next: Record<string, unknown> = { ...rest };
  if (change.percent !== undefined) Object.assign(next, { state: "percentage", percent: change.percent });
  else if (change.state !== undefined) next["state"] = change.state;
  else if (current?.state === "percentage") next["percent"] = current.percent;
  for (const key of ["by", "description"] as const) if (change[key] !== undefined) next[key] = change[key];
  for (const key of ["allow", "deny"] as const) {
    const list = change[key];
    if (list === undefined) continue;
    if (list.length === 0) delete next[key];
    else next[key] = [...new Set(list)];
  }
  const parsed = parseFlagDocument({ flags: { ...document.flags, [name]: next } });
  if (!parsed.ok) return parsed;
  const flag = parsed.document.flags[name]!;
  return { ok: true, document: parsed.document, flag, changed: JSON.stringify(flag) !== JSON.stringify(current) };
}

/**
 * Turns a flag off for everyone at once: state off and its allow list dropped (the deny list stays).
 * Example: `killFlag(doc, "checkout")` with checkout at 25% → checkout `{ state: "off", by: "userId" }`.
 */
export function killFlag(document: FlagDocument, name: string): FlagChangeResult {
  const current = document.flags[name];
  if (!current) return { ok: false, problems: [`flags.${name}: no such flag (flags: ${Object.keys(document.flags).join(", ") || "none"})`] };
  return setFlag(document, name, { state: "off", allow: [] });
}

/** One line per change for the version's note. Example: `"checkout: 5% of userId → 25% of userId"`. */
export function changeLine(name: string, before: Flag | undefined, after: Flag): string {
  return `${name}: ${before ? describeFlag(before) : "(new)"} → ${describeFlag(after)}`;
}
