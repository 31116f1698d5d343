// Axis arithmetic for the report's charts: the time span, tick spacing in readable steps, a tidy y maximum.

const TICK_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((s) => s * 1000);

/** The smallest readable step giving at most `maxTicks` ticks: a 7-minute span at 8 ticks → 60 s. */
export function tickStepMs(spanMs: number, maxTicks = 8): number {
  return TICK_STEPS_MS.find((step) => spanMs / step <= maxTicks) ?? Math.ceil(spanMs / maxTicks / 3_600_000) * 3_600_000;
}

/** Tick offsets (ms since start) from 0 up to and including `spanMs`. */
export function timeTicks(spanMs: number, maxTicks = 8): number[] {
  const step = tickStepMs(spanMs, maxTicks);
  const ticks: number[] = [];
  for (let at = 0; at <= spanMs; at += step) ticks.push(at);
  return ticks;
}

/** A round ceiling for an error-rate axis (percent): 3.2 → 5, 17 → 20, 61 → 100; never below 5. */
export function niceErrorCeiling(maxPercent: number): number {
  return [5, 10, 20, 25, 50, 100].find((ceiling) => maxPercent <= ceiling) ?? 100;
}

export interface TimeScale {
  startedAt: number;
  spanMs: number;
  /** Pixel x of a virtual epoch ms. */
  x(t: number): number;
}

export function timeScale(startedAt: number, endAt: number, left: number, width: number): TimeScale {
  const spanMs = Math.max(1000, endAt - startedAt);
  return {
    startedAt,
    spanMs,
    x: (t) => round(left + ((Math.min(Math.max(t, startedAt), startedAt + spanMs) - startedAt) / spanMs) * width),
  };
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
