import { describe, expect, it } from "vitest";
import { TimelineRecorder } from "../../../local/report/timeline-recorder.ts";
import { T0 } from "./a-timeline.ts";

describe("timeline recorder", () => {
  it("merges both slots' traffic for one bucket into one sample with the weights of that time", () => {
    const recorder = new TimelineRecorder("run", T0);
    const traffic = { t: T0 + 10_000, requests: 10, errors: 1, latencyAvgMs: 1, latencyP99Ms: 2, latencyHistogram: { valuesMs: [1, 2], counts: [9, 1] } };
    recorder.addTraffic({ ...traffic, slot: "a" }, { a: 192, b: 64 });
    recorder.addTraffic({ ...traffic, slot: "b", requests: 4, errors: 0 }, { a: 192, b: 64 });
    expect(recorder.toTimeline().samples).toEqual([
      { t: T0 + 10_000, weights: { a: 192, b: 64 }, requests: { a: 10, b: 4 }, errors: { a: 1, b: 0 } },
    ]);
  });

  it("orders samples, events and deployments by virtual time", () => {
    const recorder = new TimelineRecorder("run", T0);
    recorder.event(T0 + 20, "alarm", "later");
    recorder.event(T0 + 10, "step", "earlier");
    recorder.addTraffic({ t: T0 + 2_000, slot: "a", requests: 1, errors: 0, latencyAvgMs: 1, latencyP99Ms: 1, latencyHistogram: { valuesMs: [1], counts: [1] } }, { a: 1, b: 0 });
    recorder.addTraffic({ t: T0 + 1_000, slot: "a", requests: 1, errors: 0, latencyAvgMs: 1, latencyP99Ms: 1, latencyHistogram: { valuesMs: [1], counts: [1] } }, { a: 1, b: 0 });
    const timeline = recorder.toTimeline();
    expect(timeline.events.map((e) => e.text)).toEqual(["earlier", "later"]);
    expect(timeline.samples.map((s) => s.t)).toEqual([T0 + 1_000, T0 + 2_000]);
    expect(timeline).toMatchObject({ title: "run", startedAt: T0 });
  });
});
