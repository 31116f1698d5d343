// The report of a one-group run charts what an instance refresh does: the new version's share of InService
// instances (traffic weights say nothing for one group), rising to 100% for a promoted release and back to 0%
// for a rolled-back one, with the legend saying what the panel shows.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { renderReport } from "../../../local/report/html.ts";
import { instanceShare } from "../../../local/report/instance-share.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

function oneGroup(): ConfigInput {
  const input = sandboxConfigInput();
  return {
    ...input,
    fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: "shop-api-sandbox", endpoint: "filled-in" } },
    strategy: { kind: "rolling", steps: [{ percent: 25, bake: "3m" }, { percent: 50, bake: "3m" }, { percent: 100 }] },
  };
}

/** The second release's instance-share series, from its start to the end of the run, as the chart draws it. */
async function secondRelease(release: { commit: string; errorRate?: number }) {
  const result = await runScenario(aScenario({ config: oneGroup(), then: [release] }));
  const timeline = result.timeline;
  const second = result.deployments[1]!;
  const series = instanceShare(timeline.instances ?? [], timeline.deployments).filter((point) => point.t >= second.startedAt);
  return { html: renderReport(timeline), outcome: second.outcome, percents: series.map((point) => Math.round(point.newPercent)) };
}

/** The new version's share where the drawn chart ends, read back from the SVG: the old version's area top against the first panel's frame. */
function drawnFinalNewPercent(html: string): number {
  const [, top, height] = /<rect class="panel" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"\/>/.exec(html)!;
  const path = /<path class="instance-old" d="([^"]+)"/.exec(html)![1]!;
  const levels = [...path.matchAll(/L[\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
  const lastLevel = levels.at(-2)!; // the final point drops to the panel's bottom to close the area
  return Math.round(((lastLevel - Number(top)) / Number(height)) * 100);
}

describe("the report of a one-group run", () => {
  it("charts the new version's instance share rising to 100% for a promoted release", async () => {
    const { html, outcome, percents } = await secondRelease({ commit: "v2" });
    expect(outcome).toBe("promoted");
    expect(percents[0]).toBe(0);
    expect(percents.some((p) => p > 0 && p < 100), "a rolling release passes through a partial share").toBe(true);
    expect(percents.at(-1)).toBe(100);
    expect(drawnFinalNewPercent(html)).toBe(100);
    expect(html).toContain('class="instance-old"');
    expect(html).toContain('class="instance-new"');
    expect(html).not.toContain('class="share-a"');
    expect(html).toContain("Instance share (% of InService instances on the new version)");
    expect(html).toContain("the upper panel is the share of InService instances per version, not traffic weight");
  });

  it("charts the share returning to 0% new once a bad release is rolled back", async () => {
    const { html, outcome, percents } = await secondRelease({ commit: "v2-bad", errorRate: 0.6 });
    expect(outcome).toBe("rolled_back");
    expect(Math.max(...percents), "the bad release reached some instances before its alarm").toBeGreaterThan(0);
    expect(percents.at(-1)).toBe(0);
    expect(drawnFinalNewPercent(html)).toBe(0);
  });
});
