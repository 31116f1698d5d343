// Time labels for the report and the live view: virtual time shown as elapsed mm:ss since the run began.

/** `formatElapsed(125_400)` → `"02:05"`; minutes keep counting past 59 (`"75:00"`); negative clamps to 0. */
export function formatElapsed(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

/** Share of traffic in percent from Route 53 weights; all-zero weights split equally, as Route 53 does. */
export function sharePercent(weights: { a: number; b: number }): { a: number; b: number } {
  const sum = weights.a + weights.b;
  if (sum <= 0) return { a: 50, b: 50 };
  return { a: (weights.a / sum) * 100, b: (weights.b / sum) * 100 };
}

/** Errors as a percent of requests, or undefined when there were no requests (a gap, not a 0). */
export function errorPercent(errors: number, requests: number): number | undefined {
  return requests > 0 ? (errors / requests) * 100 : undefined;
}
