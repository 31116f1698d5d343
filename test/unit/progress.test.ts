import { describe, expect, it } from "vitest";
import type { PlanStep, StepRecord } from "../../functions/core/model.ts";
import { progressOf } from "../../functions/core/progress.ts";

const PLAN: PlanStep[] = [
  { kind: "setWeight", percent: 10 },
  { kind: "bake", seconds: 180 },
  { kind: "setWeight", percent: 50 },
  { kind: "approval", timeoutSeconds: 3600, question: "Keep 50%?" },
  { kind: "setWeight", percent: 100 },
];
const T0 = Date.parse("2026-01-01T12:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const step = (index: number, kind: StepRecord["kind"], seconds: number, ended = true): StepRecord => ({ index, kind, reason: `${kind} ${index}`, startedAt: at(seconds), ...(ended ? { endedAt: at(seconds) } : {}) });

describe("progressOf", () => {
  it.each<[string, StepRecord[], "in_progress" | "promoted", ReturnType<typeof progressOf>]>([
    ["is at step 0 (setup) while the image bakes", [], "in_progress", { index: 0, count: 5, kind: "setup", state: "Bake image, prepare the idle fleet and smoke test it", waitEndsAt: null }],
    ["says the smoke test passed before the first shift", [step(-1, "smoke", 0)], "in_progress", { index: 0, count: 5, kind: "setup", state: "Smoke test passed; rolling out", waitEndsAt: null }],
    [
      "bakes step 2 after the 10% shift, ending no earlier than shift + TTL + bake",
      [step(-1, "smoke", 0), step(0, "setWeight", 60)],
      "in_progress",
      { index: 2, count: 5, kind: "bake", state: "Bake under alarm watch: 3m at 10%", waitEndsAt: T0 + (60 + 30 + 180) * 1000 },
    ],
    ["shifts at step 3 once the bake passed", [step(0, "setWeight", 60), step(1, "bake", 300)], "in_progress", { index: 3, count: 5, kind: "setWeight", state: "Shift traffic to 50%", waitEndsAt: null }],
    [
      "is still baking step 2 while its wait runs (its start recorded, not yet judged)",
      [step(0, "setWeight", 60), step(1, "bake", 120, false)],
      "in_progress",
      { index: 2, count: 5, kind: "bake", state: "Bake under alarm watch: 3m at 10%", waitEndsAt: T0 + (120 + 180) * 1000 },
    ],
    [
      "waits for approval at step 4 until its timeout",
      [step(0, "setWeight", 60), step(1, "bake", 300), step(2, "setWeight", 320), step(3, "approval", 400, false)],
      "in_progress",
      { index: 4, count: 5, kind: "approval", state: "Wait for approval: Keep 50%?", waitEndsAt: T0 + (400 + 3600) * 1000 },
    ],
    ["bakes finally at 100% after the last step", [step(4, "setWeight", 900)], "in_progress", { index: 5, count: 5, kind: "finalBake", state: "Final bake under alarm watch at 100%", waitEndsAt: null }],
    ["waits out scaleDownDelay once promoted", [step(4, "setWeight", 900), step(-1, "finalBake", 1000)], "promoted", { index: 5, count: 5, kind: "promoted", state: expect.stringContaining("Wait before retiring the old fleet") as unknown as string, waitEndsAt: T0 + (1000 + 900) * 1000 }],
    ["rolls back once a rollback step is recorded, naming why", [step(0, "setWeight", 60), { ...step(-1, "rollback", 90), reason: "alarm x entered ALARM" }], "in_progress", { index: 1, count: 5, kind: "rollingBack", state: "Roll back: alarm x entered ALARM", waitEndsAt: null }],
  ])("%s", (_rule, steps, outcome, expected) => {
    // Promote ends the record; the old fleet is retired scaleDownDelay (900 s) after that.
    const endedAt = outcome === "promoted" ? at(1000) : undefined;
    expect(progressOf({ plan: PLAN, steps, outcome, ...(endedAt ? { endedAt } : {}) }, 30, 900)).toEqual(expected);
  });
});

describe("progressOf a flag release", () => {
  const plan: PlanStep[] = [
    { kind: "setFlag", flag: "checkout", percent: 5 },
    { kind: "bake", seconds: 600 },
    { kind: "setFlag", flag: "checkout", percent: 25 },
    { kind: "bake", seconds: 600 },
  ];
  it.each<[string, StepRecord[], ReturnType<typeof progressOf>]>([
    ["sets the flag's next percentage once a bake passed", [step(0, "setFlag", 0), step(1, "bake", 0, false), step(1, "bake", 600)], { index: 3, count: 4, kind: "setFlag", state: "Turn flag checkout on for 25%", waitEndsAt: null }],
    ["bakes at the flag's percentage", [step(0, "setFlag", 0), step(1, "bake", 600), step(2, "setFlag", 600), step(3, "bake", 600, false)], { index: 4, count: 4, kind: "bake", state: "Bake under alarm watch: 10m at 25%", waitEndsAt: T0 + 1200 * 1000 }],
  ])("%s", (_rule, steps, expected) => {
    expect(progressOf({ plan, steps, outcome: "in_progress" }, 30)).toEqual(expected);
  });
});
