// The vertical markers drawn across both chart panels: alarm transitions and deployment boundaries, so a
// reader sees which alarm fired right where the error line climbs.
import type { RunTimeline } from "./timeline-model.ts";

export type MarkerTone = "alarm" | "deploy" | "promote" | "rollback";

export interface Marker {
  t: number;
  tone: MarkerTone;
  label: string;
}

const TONE_OF_EVENT: Partial<Record<string, MarkerTone>> = { alarm: "alarm", deploy: "deploy", promote: "promote", rollback: "rollback" };

/** Markers from alarm/deploy/promote/rollback events and deployment starts and ends, one per tone and instant. */
export function markersOf(timeline: RunTimeline): Marker[] {
  const markers: Marker[] = [];
  for (const event of timeline.events) {
    const tone = TONE_OF_EVENT[event.kind];
    if (tone) markers.push({ t: event.t, tone, label: event.text });
  }
  for (const deployment of timeline.deployments) {
    const commit = deployment.commit.slice(0, 7);
    markers.push({ t: deployment.startedAt, tone: "deploy", label: `deploy ${commit}` });
    const endTone: MarkerTone = deployment.outcome === "promoted" ? "promote" : deployment.outcome === "duplicate" ? "deploy" : "rollback";
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
