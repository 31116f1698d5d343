// Shared builder: a run where a bad build is rolled back at 25% after its 5xx alarm fires.
import type { RunTimeline } from "../../../local/report/timeline-model.ts";

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

export function aTimeline(overrides: Partial<RunTimeline> = {}): RunTimeline {
  const at = (seconds: number) => T0 + seconds * 1000;
  return {
    title: "shop-api / prod — bad build",
    startedAt: T0,
    deployments: [
      { commit: "a1b2c3d4e5f60718", outcome: "promoted", reason: "all bakes healthy", startedAt: at(0), endedAt: at(120), liveSlot: "b" },
      {
        commit: "badbadbadbad0001",
        outcome: "rolled_back",
        reason: "alarm shop-api-prod-b-5xx in ALARM: ErrorRate 31% > 5% for 2 of 3 datapoints",
        startedAt: at(150),
        endedAt: at(260),
        liveSlot: "b",
      },
    ],
    samples: Array.from({ length: 27 }, (_, i) => {
      const t = at(i * 10);
      const canary = i >= 16 && i < 26;
      return {
        t,
        weights: canary ? { a: 64, b: 191 } : i >= 12 ? { a: 0, b: 255 } : { a: 255, b: 0 },
        requests: canary ? { a: 25, b: 75 } : i >= 12 ? { a: 0, b: 100 } : { a: 100, b: 0 },
        errors: canary ? { a: 8, b: 0 } : { a: 0, b: 0 },
      };
    }),
    events: [
      { t: at(0), kind: "deploy", text: "deploy a1b2c3d to slot b" },
      { t: at(120), kind: "promote", text: "promoted: slot b is live" },
      { t: at(150), kind: "deploy", text: "deploy badbadb to slot a" },
      { t: at(160), kind: "step", text: "set weight 25% to slot a" },
      { t: at(220), kind: "alarm", text: "shop-api-prod-b-5xx OK → ALARM" },
      { t: at(230), kind: "verdict", text: "unhealthy: alarm shop-api-prod-b-5xx in ALARM" },
      { t: at(260), kind: "rollback", text: "rolled back: all traffic on slot b" },
    ],
    lifecycle: [
      { t: at(150), detailType: "Deployment Started", deploymentId: "shop-api-prod-badbadb", commit: "badbadb", summary: "canary, 5 steps, slot b → a", detail: {} },
      { t: at(260), detailType: "Deployment Rolled Back", deploymentId: "shop-api-prod-badbadb", commit: "badbadb", summary: "Rolled back: alarm shop-api-prod-b-5xx", detail: {} },
    ],
    ...overrides,
  };
}
