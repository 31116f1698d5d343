import { describe, expect, it } from "vitest";
import { fuzzInWorkers, shares } from "../../../local/fuzz/fuzz-jobs.ts";

describe("a fuzz search split over worker processes", () => {
  it.each([
    [500, 2, [250, 250]],
    [7, 3, [3, 2, 2]],
    [1, 2, [1, 0]],
  ])("splits %i runs over %i workers as %j", (runs, jobs, expected) => {
    expect(shares(runs, jobs)).toEqual(expected);
  });

  it("runs each worker's share from its own seed and merges what they found", async () => {
    const seen: number[] = [];
    const result = await fuzzInWorkers({ runs: 2, seed: 7, jobs: 2, classes: [], maxReleases: 1, shrinkBudget: 0, onProgress: ({ runs }) => seen.push(runs) });
    expect(result.runs).toBe(2);
    expect(result.failures).toEqual([]);
    // Progress adds up across workers: the last report counts both runs.
    expect(seen.at(-1)).toBe(2);
  }, 120_000);
});
