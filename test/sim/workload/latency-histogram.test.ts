import { describe, expect, it } from "vitest";
import { latencyHistogram } from "../../../local/traffic/latency-histogram.ts";

describe("latency histogram", () => {
  it("counts answers per whole millisecond, ascending", () => {
    expect(latencyHistogram([7, 1, 1, 3])).toEqual({ valuesMs: [1, 3, 7], counts: [2, 1, 1] });
  });

  it("rounds a fraction of a millisecond up, so a slow answer never reads faster", () => {
    expect(latencyHistogram([0.4, 1, 7.2])).toEqual({ valuesMs: [1, 8], counts: [2, 1] });
  });

  it("is empty when nothing answered", () => {
    expect(latencyHistogram([])).toEqual({ valuesMs: [], counts: [] });
  });
});
