// Durations in config are written as humans write them (`30s`, `5m`, `1h`, `1h30m`) and used as seconds.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Parses a duration into whole seconds, or returns undefined when the text is not a duration.
 * Example: `parseDuration("1h30m")` → `5400`.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === "") return undefined;
  const [, d, h, m, s] = match;
  return [d, h, m, s].reduce((sum, part, i) => sum + Number(part ?? 0) * UNIT_SECONDS["dhms"[i]!]!, 0);
}

/**
 * Formats seconds the way config writes them. Example: `formatDuration(5400)` → `"1h30m"`.
 */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  let rest = Math.round(seconds);
  let out = "";
  for (const unit of ["d", "h", "m", "s"] as const) {
    const size = UNIT_SECONDS[unit]!;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
