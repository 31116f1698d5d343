// The lifecycle event schema: every detail type parses as an EventBridge target receives it, and a detail
// missing what its type promises is refused with the path named.
import { describe, expect, it } from "vitest";
import { DETAIL_TYPE, NOTIFIED_DETAIL_TYPES, parseLifecycleEvent, type DetailType } from "../../functions/core/lifecycle-events.ts";

const keys = { app: "shop-api", env: "prod", deploymentId: "shop-api-prod-v2", commit: "a".repeat(40), at: "2026-01-01T10:00:00.000Z" };

const EXAMPLES: Record<DetailType, Record<string, unknown>> = {
  [DETAIL_TYPE.started]: { ...keys, strategy: "canary", steps: 5, fromSlot: "a", toSlot: "b", previousCommit: null },
  [DETAIL_TYPE.stepCompleted]: { ...keys, index: 0, kind: "setWeight", percent: 10, weights: { a: 230, b: 26 }, reason: "Shifted 10% to slot b" },
  [DETAIL_TYPE.promoted]: { ...keys, liveSlot: "b", imageId: "ami-0123", reason: "Promoted" },
  [DETAIL_TYPE.rolledBack]: { ...keys, outcome: "rolled_back", reason: "Rolled back: alarm shop-api-5xx-b entered ALARM" },
  [DETAIL_TYPE.aborted]: { ...keys, by: "alice", reason: "wrong build" },
  [DETAIL_TYPE.rolledBackAfterPromotion]: { ...keys, liveSlot: "a", restoredCommit: "b".repeat(40), reason: "Rolled back after promotion" },
};

describe("lifecycle event schema", () => {
  it.each(Object.entries(EXAMPLES))("reads a %s event as a rule's target receives it", (detailType, detail) => {
    expect(parseLifecycleEvent({ "detail-type": detailType, detail })).toEqual({ detailType, detail });
  });

  it.each([
    [DETAIL_TYPE.rolledBack, "reason"],
    [DETAIL_TYPE.aborted, "by"],
    [DETAIL_TYPE.promoted, "imageId"],
    [DETAIL_TYPE.started, "strategy"],
  ] as const)("refuses a %s event without its %s, naming it", (detailType, field) => {
    const detail = { ...EXAMPLES[detailType] };
    delete detail[field];
    expect(() => parseLifecycleEvent({ "detail-type": detailType, detail })).toThrow(field);
  });

  it("refuses a detail type Glidepath does not publish", () => {
    expect(() => parseLifecycleEvent({ "detail-type": "Deployment Exploded", detail: keys })).toThrow(/detailType/);
  });

  it("pages for the outcomes that did not go live, and only those", () => {
    expect([...NOTIFIED_DETAIL_TYPES].sort()).toEqual([DETAIL_TYPE.aborted, DETAIL_TYPE.rolledBack, DETAIL_TYPE.rolledBackAfterPromotion].sort());
  });
});
