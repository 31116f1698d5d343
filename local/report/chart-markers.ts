// The vertical markers drawn across both chart panels: alarm transitions and deployment boundaries, so a
// reader sees which alarm fired right where the error line climbs.
import type { RunTimeline } from "./timeline-model.ts";

type MarkerTone = "alarm" | "deploy" | "promote" | "rollback";

export interface Marker {
  t: number;
  tone: MarkerTone;
  label: string;
}

/**
 * Markers for alarms entering or leaving ALARM, and for deployment starts and ends (promoted or rolled back).
 * Other events stay in the table: a marker per polling step would bury the few lines that explain the chart.
 */
export function markersOf(timeline: RunTimeline): Marker[] {
  const markers: Marker[] = [];
  for (const event of timeline.events) {
    if (event.kind === "alarm" && /(→ ALARM|ALARM →)/.test(event.text)) markers.push({ t: event.t, tone: "alarm", label: event.text.split(". ")[0]! });
  }
  for (const deployment of timeline.deployments) {
    const commit = deployment.commit.slice(0, 7);
    markers.push({ t: deployment.startedAt, tone: "deploy", label: `deploy ${commit}` });
    const endTone: MarkerTone = deployment.outcome === "promoted" ? "promote" : ["duplicate", "skipped", "superseded"].includes(deployment.outcome) ? "deploy" : "rollback";
    markers.push({ t: deployment.endedAt, tone: endTone, label: `${deployment.outcome.replace("_", " ")} ${commit}` });
  }
  // An event and a deployment boundary at the same instant say the same thing; keep the event's words.
  const seen = new Set<string>();
  return markers
    .filter((marker) => {
      const key = `${marker.tone}@${marker.t}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((x, y) => x.t - y.t);
}
