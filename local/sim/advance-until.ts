// Drives the virtual clock until something becomes true, letting promises settle between steps.
import type { VirtualClock } from "../clock.ts";

/**
 * Advances `clock` by `stepMs` until `predicate()` holds; returns the virtual ms elapsed.
 * Throws when `maxMs` passes first, so a test waiting on a state that never comes fails instead of hanging.
 * Example: `await advanceUntil(clock, async () => (await status()) === "INSYNC", { stepMs: 5_000, maxMs: 120_000 })`.
 */
export async function advanceUntil(
  clock: VirtualClock,
  predicate: () => boolean | Promise<boolean>,
  { stepMs = 1_000, maxMs = 3_600_000 }: { stepMs?: number; maxMs?: number } = {},
): Promise<number> {
  let elapsed = 0;
  for (;;) {
    await settle();
    if (await predicate()) return elapsed;
    if (elapsed >= maxMs) throw new Error(`advanceUntil: condition still false after ${maxMs} virtual ms`);
    clock.advance(stepMs);
    elapsed += stepMs;
  }
}

/** Lets pending promise callbacks (e.g. an InstanceRuntime's launch) run before the next check. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
