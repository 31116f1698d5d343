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

/** A label's horizontal extent in pixels. */
export interface LabelSpan {
  start: number;
  end: number;
}

/**
 * The row (0 = top) each marker label is printed in, left to right: the first row whose last label ends
 * `gap` pixels before this one starts; null when every row is taken there, and the label is left out (its
 * line stays, and its words are in the line's tooltip and the events table). Cycling rows by index instead
 * prints over itself as soon as a few deployments sit close together.
 * Example: spans [0–100], [50–150], [120–200] in 2 rows → 0, 1, 0.
 */
export function labelRows(spans: LabelSpan[], rows: number, gap = 6): Array<number | null> {
  const lastEnd: number[] = Array.from({ length: rows }, () => Number.NEGATIVE_INFINITY);
  return spans.map(({ start, end }) => {
    const row = lastEnd.findIndex((edge) => edge + gap <= start);
    if (row === -1) return null;
    lastEnd[row] = end;
    return row;
  });
}
