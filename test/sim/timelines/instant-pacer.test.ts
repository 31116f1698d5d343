// The instant pacer is a discrete-event scheduler: each execution sleeps on its own timeline of one virtual
// clock, time jumps only when everything is parked, and stops at every clock timer.
import { setTimeout as realDelay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../local/clock.ts";
import { instantPacer } from "../../../local/sandbox/pacer.ts";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const seconds = (clock: VirtualClock) => (clock.now() - T0) / 1000;

describe("the instant pacer", () => {
  it("wakes two timelines sleeping a minute each one virtual minute later, not two", async () => {
    const clock = new VirtualClock(T0);
    const pacer = instantPacer(clock);
    const woke: number[] = [];
    await Promise.all([1, 2].map(() => pacer.timeline(async () => {
      await pacer.sleep(60);
      woke.push(seconds(clock));
    })));
    expect(woke).toEqual([60, 60]);
  });

  it("interleaves timelines by their wake-up times", async () => {
    const clock = new VirtualClock(T0);
    const pacer = instantPacer(clock);
    const log: string[] = [];
    await Promise.all([
      pacer.timeline(async () => {
        await pacer.sleep(30);
        log.push(`a@${seconds(clock)}`);
        await pacer.sleep(30);
        log.push(`a@${seconds(clock)}`);
      }),
      pacer.timeline(async () => {
        await pacer.sleep(45);
        log.push(`b@${seconds(clock)}`);
      }),
    ]);
    expect(log).toEqual(["a@30", "b@45", "a@60"]);
  });

  it("holds time still while tracked real work is in flight", async () => {
    const clock = new VirtualClock(T0);
    const pacer = instantPacer(clock);
    const sleeper = pacer.sleep(10);
    const seenDuringWork = await pacer.track(realDelay(30).then(() => seconds(clock)));
    await sleeper;
    expect(seenDuringWork).toBe(0);
    expect(seconds(clock)).toBe(10);
  });

  it("holds time still while a timeline runs outside its sleeps, even across real macrotasks", async () => {
    const clock = new VirtualClock(T0);
    const pacer = instantPacer(clock);
    const other = pacer.sleep(10);
    const seen = await pacer.timeline(async () => {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      await realDelay(5);
      return seconds(clock);
    });
    await other;
    expect(seen).toBe(0);
  });

  it("stops at each clock timer, so what a timer sets off runs at the timer's instant", async () => {
    const clock = new VirtualClock(T0);
    const pacer = instantPacer(clock);
    let reactedAt: number | undefined;
    // As an alarm transition starts the circuit breaker: async work with a real round trip in it.
    clock.schedule(20_000, () => void pacer.timeline(async () => {
      await pacer.track(realDelay(5));
      reactedAt = seconds(clock);
    }));
    await pacer.sleep(60);
    expect(reactedAt).toBe(20);
    expect(seconds(clock)).toBe(60);
  });

  it("ends a sleep early when its wake signal fires, at that virtual instant", async () => {
    const clock = new VirtualClock(T0);
    const pacer = instantPacer(clock);
    const answered = new AbortController();
    clock.schedule(90_000, () => answered.abort());
    const waiting = pacer.timeline(async () => {
      await pacer.sleep(24 * 3600, answered.signal);
      return seconds(clock);
    });
    // Something else keeps time moving (the clock only moves for a sleeper).
    const [wokeAt] = await Promise.all([waiting, pacer.sleep(120)]);
    expect(wokeAt).toBe(90);
  });

  it("runs a periodic job on its schedule and lets no sleeper past it until it has finished", async () => {
    const clock = new VirtualClock(T0);
    const pacer = instantPacer(clock);
    const runs: Array<{ started: number; ended: number }> = [];
    pacer.every(300, async () => {
      const started = seconds(clock);
      await realDelay(5);
      runs.push({ started, ended: seconds(clock) });
    });
    await pacer.sleep(700);
    expect(runs).toEqual([{ started: 300, ended: 300 }, { started: 600, ended: 600 }]);
    pacer.stop();
  });
});
