import { describe, expect, it } from "vitest";
import { drainState } from "../../functions/events/idle-fleet.ts";
import type { StepRecord } from "../../functions/core/model.ts";

const at = "2026-01-01T12:05:00.000Z";
const drain = (stage: "started" | "insync", changeId: string, weights = { a: 100, b: 0 }): StepRecord => ({
  index: 0,
  kind: "drain",
  drain: stage,
  reason: stage === "started" ? "drain started: …" : `drain: change INSYNC ${changeId}; …`,
  changeId,
  weights,
  startedAt: at,
  endedAt: at,
});

describe("where the drain of an idle slot stands", () => {
  it("has not started on a record with no drain steps", () => {
    expect(drainState([{ index: 0, kind: "setWeight", weights: { a: 90, b: 10 }, reason: "Shifted", startedAt: at }], "b")).toEqual({ stage: "none" });
  });

  it("is waiting for INSYNC once started", () => {
    expect(drainState([drain("started", "C1")], "b")).toEqual({ stage: "started", changeId: "C1" });
  });

  it("knows when its change was seen INSYNC", () => {
    expect(drainState([drain("started", "C1"), drain("insync", "C1")], "b")).toEqual({ stage: "insync", changeId: "C1", seenAt: Date.parse(at) });
  });

  it("starts over when a later step moved traffic", () => {
    const moved: StepRecord = { index: 2, kind: "rollback", weights: { a: 100, b: 0 }, reason: "cleanup", startedAt: at };
    expect(drainState([drain("started", "C1"), drain("insync", "C1"), moved], "b")).toEqual({ stage: "none" });
  });

  it("does not count an INSYNC seen for another change", () => {
    expect(drainState([drain("started", "C2"), drain("insync", "C1")], "b")).toEqual({ stage: "started", changeId: "C2" });
  });

  it("goes by the step's drain stage, not its wording", () => {
    const reworded: StepRecord = { ...drain("started", "C1"), reason: "drain: change INSYNC C1 (reworded)" };
    expect(drainState([reworded], "b")).toEqual({ stage: "started", changeId: "C1" });
  });

  it("does not count a drain of the other slot", () => {
    expect(drainState([drain("started", "C1", { a: 0, b: 100 })], "b")).toEqual({ stage: "none" });
  });
});
