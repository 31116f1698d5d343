// The report's model behind what it draws: reasons folded to one short line, errors on the alarm's buckets,
// marker labels kept apart however many deployments sit close together, polls left out of the events table.
import { describe, expect, it } from "vitest";
import { labelRows } from "../../../local/report/chart-markers.ts";
import { errorBuckets } from "../../../local/report/error-buckets.ts";
import { renderReport } from "../../../local/report/html.ts";
import { instanceShare } from "../../../local/report/instance-share.ts";
import { foldReason } from "../../../local/report/reason-text.ts";
import type { InstanceSample, TimelineDeployment, TimelineSample } from "../../../local/report/timeline-model.ts";
import { aTimeline, T0 } from "./a-timeline.ts";

const ALARM_TEXT =
  "Threshold Crossed: 2 out of the last 3 datapoints [29.166666666666664 (01/01/26 12:41:00), 17.42 (01/01/26 12:40:00)] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).";
const ROLLED_BACK = `Rolled back: AlarmTriggeredError: alarm shop-api-sandbox-b-error-rate entered ALARM (${ALARM_TEXT}); scaled shop-api-sandbox-b down`;

describe("folding a reason", () => {
  it.each([
    ["a rollback's reason", ROLLED_BACK, "Rolled back: alarm shop-api-sandbox-b-error-rate entered ALARM; scaled shop-api-sandbox-b down", ALARM_TEXT],
    ["an alarm transition", `shop-api-sandbox-b-error-rate: OK → ALARM. ${ALARM_TEXT}`, "shop-api-sandbox-b-error-rate: OK → ALARM", ALARM_TEXT],
    ["a drain naming the alarm at its end", `drain slot b: then one TTL (30 s) — AlarmTriggeredError: alarm x entered ALARM (${ALARM_TEXT})`, "drain slot b: then one TTL (30 s) — alarm x entered ALARM", ALARM_TEXT],
    [
      "a bake's verdict that names the first alarm",
      `Rolled back: AlarmTriggeredError: Bake 2: failed — x entered ALARM 1 time during the bake (first at 12:44:00: ${ALARM_TEXT}) and is ALARM now; scaled y down`,
      "Rolled back: Bake 2: failed — x entered ALARM 1 time during the bake (first at 12:44:00) and is ALARM now; scaled y down",
      ALARM_TEXT,
    ],
    ["a reason with no alarm text", "Promoted 3012b4750671 (ami-1): slot b is live", "Promoted 3012b4750671 (ami-1): slot b is live", undefined],
  ])("keeps %s short and folds CloudWatch's text out", (_, text, short, alarmText) => {
    expect(foldReason(text)).toEqual({ short, alarmText });
  });
});

describe("error buckets", () => {
  const sample = (seconds: number, requests: { a: number; b: number }, errors: { a: number; b: number }): TimelineSample => ({ t: T0 + seconds * 1000, weights: { a: 128, b: 128 }, requests, errors });

  it("sums each slot's requests and errors over the alarm's period, plotted mid-bucket", () => {
    const buckets = errorBuckets([sample(0, { a: 20, b: 0 }, { a: 3, b: 0 }), sample(20, { a: 20, b: 0 }, { a: 0, b: 0 }), sample(40, { a: 20, b: 10 }, { a: 0, b: 1 }), sample(60, { a: 10, b: 0 }, { a: 0, b: 0 })], T0, 60_000);
    expect(buckets).toEqual([
      { t: T0 + 30_000, requests: { a: 60, b: 10 }, percent: { a: 5, b: 10 } },
      { t: T0 + 90_000, requests: { a: 10, b: 0 }, percent: { a: 0, b: undefined } },
    ]);
  });
});

describe("marker label rows", () => {
  it("puts each label in the first row it clears, and leaves out one no row has room for", () => {
    expect(labelRows([{ start: 0, end: 100 }, { start: 50, end: 150 }, { start: 120, end: 200 }, { start: 130, end: 210 }, { start: 140, end: 220 }], 2)).toEqual([0, 1, 0, null, null]);
  });

  it("never prints two labels over each other, however many deployments sit close together", () => {
    const deployments: TimelineDeployment[] = Array.from({ length: 12 }, (_, i) => ({
      commit: `c${i}`.padEnd(12, "0"), outcome: i % 3 === 0 ? "rolled_back" : "promoted", reason: "r", startedAt: T0 + i * 20_000, endedAt: T0 + i * 20_000 + 15_000, liveSlot: "a",
    }));
    const svg = renderReport(aTimeline({ deployments, events: [] }));
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="(\d+)" text-anchor="(start|end)">([^<]*)<\/text><\/g>/g)].map(([, x, y, anchor, text]) => {
      const width = text!.length * 6.2;
      const start = anchor === "start" ? Number(x) : Number(x) - width;
      return { y: Number(y), start, end: start + width };
    });
    expect(labels.length).toBeGreaterThan(0);
    for (const [i, label] of labels.entries()) {
      for (const other of labels.slice(i + 1)) if (label.y === other.y) expect(label.end <= other.start || other.end <= label.start, `labels at y=${label.y} overlap`).toBe(true);
    }
  });
});

describe("the report, once folded", () => {
  const timeline = () =>
    aTimeline({
      deployments: [{ commit: "badbadbadbad0001", outcome: "rolled_back", reason: ROLLED_BACK, startedAt: T0, endedAt: T0 + 260_000, liveSlot: "a" }],
      events: [
        { t: T0 + 10_000, kind: "deploy", text: "Route 53 change C1 is still PENDING" },
        { t: T0 + 20_000, kind: "deploy", text: "Route 53 change C1 is INSYNC" },
        { t: T0 + 220_000, kind: "alarm", text: `shop-api-sandbox-b-error-rate: OK → ALARM. ${ALARM_TEXT}` },
        { t: T0 + 230_000, kind: "rollback", text: `circuit breaker: alarm shop-api-sandbox-b-error-rate entered ALARM (${ALARM_TEXT}); restoring a to 100%` },
      ],
      errorAlarm: { thresholdPercent: 5, periodMs: 60_000 },
    });

  it("shows the rollback's reason short on its card, and CloudWatch's alarm text once, folded", () => {
    const html = renderReport(timeline());
    expect(html).toContain('<p class="reason">Rolled back: alarm shop-api-sandbox-b-error-rate entered ALARM; scaled shop-api-sandbox-b down</p>');
    expect(html).toContain(`<details class="alarm-text"><summary>Alarm text</summary><p>${ALARM_TEXT.replaceAll(">", "&gt;")}</p></details>`);
    expect(html.split("Threshold Crossed").length - 1).toBe(1);
  });

  it("leaves polling lines out of the events table, folded below it with their count", () => {
    const html = renderReport(timeline());
    const main = html.slice(html.indexOf("<h2>Events</h2>"), html.indexOf('<details class="polls">'));
    expect(main).toContain("Route 53 change C1 is INSYNC");
    expect(main).not.toContain("still PENDING");
    expect(html).toContain('<details class="polls"><summary>1 polling line (nothing new yet)</summary>');
  });

  it("draws the alarm's threshold across the error panel and sums errors per alarm period", () => {
    const html = renderReport(timeline());
    expect(html).toContain("alarm threshold 5%");
    expect(html).toContain('<line class="threshold"');
    expect(html).toContain("% of requests per 01:00 bucket");
    // Slot b has traffic from 02:00 to 04:20 (samples every 10 s): three one-minute buckets, one point each.
    expect(/<path class="error-b" d="([^"]+)"/.exec(html)![1]!.split(/[ML]/).filter(Boolean)).toHaveLength(3);
  });
});

describe("instance share of a one-group fleet", () => {
  const at = (seconds: number) => T0 + seconds * 1000;
  const deployment = (outcome: TimelineDeployment["outcome"], start: number, end: number): TimelineDeployment => ({ commit: outcome, outcome, reason: "r", startedAt: at(start), endedAt: at(end), liveSlot: "a" });

  it("counts as new only images that were not InService when the deployment began, and holds that reference until the next one", () => {
    const samples: InstanceSample[] = [
      { t: at(0), inService: { "ami-1": 4 } },
      { t: at(20), inService: { "ami-1": 3, "ami-2": 1 } },
      { t: at(40), inService: { "ami-2": 4 } },
      { t: at(90), inService: { "ami-2": 4 } },
      { t: at(120), inService: { "ami-2": 2, "ami-3": 2 } },
    ];
    // The duplicate at 60 s touched nothing: ami-2 stays new after it. The release at 100 s makes ami-3 the new one.
    const deployments = [deployment("promoted", 10, 50), deployment("duplicate", 60, 61), deployment("rolled_back", 100, 150)];
    expect(instanceShare(samples, deployments).map((point) => point.newPercent)).toEqual([0, 25, 100, 100, 50]);
  });

  it("reads 0% new with no InService instance rather than dividing by zero", () => {
    expect(instanceShare([{ t: at(30), inService: {} }], [deployment("promoted", 10, 50)])).toEqual([{ t: at(30), newPercent: 0 }]);
  });
});
