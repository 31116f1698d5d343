// For a one-group fleet, the report's share panel: the percent of InService instances running the new version.
// "New" is relative to the deployment under way: every image that was not InService just before it began.
// The reference holds until the next deployment starts, so a promoted release stays at 100% new and a rolled-back
// one stays at 0% new instead of both snapping back when the deployment ends.
import type { InstanceSample, TimelineDeployment } from "./timeline-model.ts";

export interface InstanceSharePoint {
  /** Virtual epoch ms. */
  t: number;
  /** Percent of InService instances on an image that was not InService before the deployment began (0 with none InService). */
  newPercent: number;
}

/** Deployments that touched the group; a duplicate or skipped one changes nothing and must not move the reference. */
const RAN: ReadonlySet<TimelineDeployment["outcome"]> = new Set(["promoted", "rolled_back", "failed"]);

export function instanceShare(samples: InstanceSample[], deployments: TimelineDeployment[]): InstanceSharePoint[] {
  const sorted = [...samples].sort((x, y) => x.t - y.t);
  const starts = deployments.filter((d) => RAN.has(d.outcome)).map((d) => d.startedAt).sort((x, y) => x - y);
  const oldImagesAt = (start: number): Set<string> => {
    const before = sorted.filter((s) => s.t < start).at(-1);
    return new Set(before ? Object.keys(before.inService).filter((image) => (before.inService[image] ?? 0) > 0) : []);
  };
  return sorted.map((sample) => {
    const start = starts.filter((s) => s <= sample.t).at(-1);
    const total = Object.values(sample.inService).reduce((sum, n) => sum + n, 0);
    if (start === undefined || total === 0) return { t: sample.t, newPercent: 0 };
    const { onNew, inService } = newInstances(sample.inService, oldImagesAt(start));
    return { t: sample.t, newPercent: (onNew / inService) * 100 };
  });
}

/**
 * InService instances on an image not in `oldImages`, and all InService instances: what the report's chart and
 * the demo's status line call the new version's share.
 * Example: `newInstances({ "ami-1": 3, "ami-2": 1 }, new Set(["ami-1"]))` → `{ onNew: 1, inService: 4 }`.
 */
export function newInstances(inServicePerImage: Record<string, number>, oldImages: ReadonlySet<string>): { onNew: number; inService: number } {
  const entries = Object.entries(inServicePerImage);
  return {
    onNew: entries.reduce((sum, [image, n]) => sum + (oldImages.has(image) ? 0 : n), 0),
    inService: entries.reduce((sum, [, n]) => sum + n, 0),
  };
}
