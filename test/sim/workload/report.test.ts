import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { niceErrorCeiling, tickStepMs } from "../../../local/report/chart-scale.ts";
import { formatElapsed, sharePercent } from "../../../local/report/format-time.ts";
import { renderReport, writeReport } from "../../../local/report/html.ts";
import { aTimeline, T0 } from "./a-timeline.ts";

describe("HTML report", () => {
  it("draws the chart as inline SVG with a share panel and an error panel", () => {
    const html = renderReport(aTimeline());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg\b/g)).toHaveLength(1);
    expect(html).toContain('class="share-a"');
    expect(html).toContain('class="error-a"');
  });

  it("puts each deployment's outcome and reason in the header", () => {
    const html = renderReport(aTimeline());
    expect(html).toContain("rolled back");
    expect(html).toContain("alarm shop-api-prod-b-5xx in ALARM: ErrorRate 31% &gt; 5% for 2 of 3 datapoints");
    expect(html).toContain("all bakes healthy");
    expect(html).toContain('class="deployment rolled_back"');
  });

  it("lists every event with its time since start", () => {
    const html = renderReport(aTimeline());
    expect(html).toContain('<td class="time">03:40</td>');
    expect(html).toContain("unhealthy: alarm shop-api-prod-b-5xx in ALARM");
    expect(html.match(/<tr class=/g)).toHaveLength(aTimeline().events.length);
  });

  it("lists the lifecycle events Glidepath published, with their time, detail type, commit and summary", () => {
    const html = renderReport(aTimeline());
    const table = html.slice(html.indexOf('<table class="lifecycle">'), html.indexOf("</table>", html.indexOf('<table class="lifecycle">')));
    expect(table.match(/<tr><td class="time">/g)).toHaveLength(2);
    expect(table).toContain('<td class="time">04:20</td><td><span class="kind">Deployment Rolled Back</span></td><td><code>badbadb</code></td><td>Rolled back: alarm shop-api-prod-b-5xx</td>');
  });

  it("says so when no lifecycle event was published", () => {
    expect(renderReport(aTimeline({ lifecycle: [] }))).toContain("Glidepath published no lifecycle events.");
  });

  it("marks alarm transitions and deployment boundaries on the chart", () => {
    const html = renderReport(aTimeline());
    expect(html).toContain('class="marker marker-alarm"');
    expect(html).toContain('class="marker marker-rollback"');
    expect(html).toContain('class="marker marker-deploy"');
  });

  it("labels the time axis in mm:ss of virtual time since start", () => {
    const html = renderReport(aTimeline());
    expect(html).toContain(">00:00</text>");
    expect(html).toContain(">04:00</text>");
  });

  it("escapes text from the timeline everywhere it appears", () => {
    const hostile = `<script>alert("x")</script>`;
    const html = renderReport(
      aTimeline({
        title: `${hostile} & co`,
        events: [{ t: T0 + 5_000, kind: "alarm", text: hostile }],
        deployments: [{ commit: "<img src=x>", outcome: "failed", reason: hostile, startedAt: T0, endedAt: T0 + 9_000, liveSlot: "a" }],
      }),
    );
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
  });

  it("loads nothing from elsewhere: no scripts, no external src or href", () => {
    const html = renderReport(aTimeline());
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("still renders a readable page for a run with no samples or events", () => {
    const html = renderReport(aTimeline({ samples: [], events: [], deployments: [] }));
    expect(html).toContain("<svg");
    expect(html).toContain("no traffic samples recorded");
    expect(html).toContain("No events were recorded.");
  });

  it("writes the report into the directory and returns its path", async () => {
    const dir = await mkdtemp(join(tmpdir(), "glidepath-report-"));
    try {
      const path = await writeReport(aTimeline(), join(dir, "nested"));
      expect(path).toBe(join(dir, "nested", "shop-api-prod-bad-build-20260101-120000.html"));
      expect(await readFile(path, "utf8")).toBe(renderReport(aTimeline()));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("report arithmetic", () => {
  it.each([
    [0, "00:00"],
    [125_400, "02:05"],
    [75 * 60_000, "75:00"],
    [-3_000, "00:00"],
  ])("formats %d ms since start as %s", (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });

  it.each([
    [{ a: 255, b: 0 }, { a: 100, b: 0 }],
    [{ a: 64, b: 192 }, { a: 25, b: 75 }],
    [{ a: 0, b: 0 }, { a: 50, b: 50 }],
  ])("shares traffic by weight over the sum: %j", (weights, share) => {
    expect(sharePercent(weights)).toEqual(share);
  });

  it.each([
    [30_000, 5_000],
    [7 * 60_000, 60_000],
    [40 * 60_000, 300_000],
  ])("spaces ticks readably over a %d ms span", (span, step) => {
    expect(tickStepMs(span)).toBe(step);
  });

  it.each([
    [0, 5],
    [3.2, 5],
    [17, 20],
    [61, 100],
  ])("rounds an error axis with peak %d%% up to %d%%", (peak, ceiling) => {
    expect(niceErrorCeiling(peak)).toBe(ceiling);
  });
});
