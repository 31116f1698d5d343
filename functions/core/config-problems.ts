// Turns zod's issues into the `path: message` lines a person reads: one line per unknown key, with a
// "did you mean" when a known key at the same place is a near miss.
import type * as z from "./zod-mini.ts";

/** `["strategy","steps",2,"percent"]` → `strategy.steps[2].percent`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return "(root)";
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    return out === "" ? String(key) : `${out}.${String(key)}`;
  }, "");
}

/** The keys of the object schema that raised an `unrecognized_keys` issue. */
export function knownKeysOf(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * One line per issue; an unknown key becomes its own line at its full path.
 * Example: `alarm` unknown in `analysis` (knows `alarms`) →
 *   `analysis.alarm: is not a known key (did you mean analysis.alarms?)`.
 */
export function problemLines(issues: ReadonlyArray<z.core.$ZodIssue>, knownKeys: ReadonlyMap<string, string[]>): string[] {
  return issues.flatMap((issue) => {
    if (issue.code !== "unrecognized_keys") return [`${formatPath(issue.path)}: ${issue.message}`];
    const known = knownKeys.get(formatPath(issue.path)) ?? [];
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: ${unknownKeyMessage(key, issue.path, known)}`);
  });
}

function unknownKeyMessage(key: string, parent: ReadonlyArray<PropertyKey>, known: string[]): string {
  const near = nearMiss(key, known);
  if (near) return `is not a known key (did you mean ${formatPath([...parent, near])}?)`;
  return known.length ? `is not a known key (known here: ${known.join(", ")})` : "is not a known key";
}

/**
 * A known key that differs from `key` only in case, by a prefix (a missing or extra ending), by one letter
 * left out or doubled, or by the order of its letters. Deliberately simple: it catches the common slips
 * without an edit-distance dependency.
 * Example: `nearMiss("alarm", ["alarms", "interval"])` → `"alarms"`.
 */
function nearMiss(key: string, known: string[]): string | undefined {
  const norm = (text: string) => text.toLowerCase().replace(/[-_]/g, "");
  const letters = (text: string) => [...norm(text)].sort().join("");
  const k = norm(key);
  return (
    known.find((candidate) => norm(candidate) === k) ??
    known.find((candidate) => {
      const c = norm(candidate);
      return Math.min(c.length, k.length) >= 3 && (c.startsWith(k) || k.startsWith(c));
    }) ??
    known.find((candidate) => oneLetterApart(norm(candidate), k)) ??
    known.find((candidate) => letters(candidate) === letters(key))
  );
}

/** `aproval` / `approval`: the shorter is the longer with one letter taken out. */
function oneLetterApart(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length !== short.length + 1 || short.length < 3) return false;
  let i = 0;
  for (const char of long) if (char === short[i]) i++;
  return i === short.length;
}
