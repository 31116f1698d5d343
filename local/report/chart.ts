// The report's inline SVG: traffic share per slot (stacked, from Route 53 weights) above error rate per
// slot, on one virtual-time axis, with alarm and deployment markers running through both panels.
import { markersOf, type Marker } from "./chart-markers.ts";
import { niceErrorCeiling, round, timeScale, timeTicks, type TimeScale } from "./chart-scale.ts";
import { escapeHtml } from "./escape.ts";
import { errorPercent, formatElapsed, sharePercent } from "./format-time.ts";
import type { RunTimeline, TimelineSample } from "./timeline-model.ts";

const WIDTH = 960;
const LEFT = 56;
const RIGHT = 24;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const LABEL_ROWS = 3;
const LABEL_BAND = 14 + LABEL_ROWS * 14;
const PANEL_HEIGHT = 150;
const SHARE_TOP = LABEL_BAND + 22;
const ERROR_TOP = SHARE_TOP + PANEL_HEIGHT + 40;
const AXIS_Y = ERROR_TOP + PANEL_HEIGHT;
const HEIGHT = AXIS_Y + 34;
const MAX_LABEL = 30;

export function renderChart(timeline: RunTimeline): string {
  const samples = [...timeline.samples].sort((x, y) => x.t - y.t);
  const markers = markersOf(timeline);
  const scale = timeScale(timeline.startedAt, endOf(timeline), LEFT, PLOT_WIDTH);
  const errorCeiling = niceErrorCeiling(
    Math.max(0, ...samples.flatMap((s) => [errorPercent(s.errors.a, s.requests.a) ?? 0, errorPercent(s.errors.b, s.requests.b) ?? 0])),
  );
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Traffic share and error rate per slot over virtual time">`,
    panelFrame(SHARE_TOP, "Traffic share (% of weight)", [0, 25, 50, 75, 100], 100, (v) => `${v}%`),
    shareAreas(samples, scale),
    panelFrame(ERROR_TOP, "Error rate (5xx + failed connections, % of requests)", [0, errorCeiling / 2, errorCeiling], errorCeiling, (v) => `${v}%`),
    errorLine(samples, scale, errorCeiling, "a"),
    errorLine(samples, scale, errorCeiling, "b"),
    timeAxis(scale),
    markerLines(markers, scale),
    samples.length === 0 ? `<text class="empty" x="${LEFT + PLOT_WIDTH / 2}" y="${SHARE_TOP + PANEL_HEIGHT / 2}" text-anchor="middle">no traffic samples recorded</text>` : "",
    `</svg>`,
  ].join("\n");
}

function endOf(timeline: RunTimeline): number {
  return Math.max(
    timeline.startedAt,
    ...timeline.samples.map((s) => s.t),
    ...timeline.events.map((e) => e.t),
    ...timeline.deployments.map((d) => d.endedAt),
  );
}

function panelFrame(top: number, title: string, gridValues: number[], ceiling: number, label: (v: number) => string): string {
  const y = (v: number) => round(top + PANEL_HEIGHT - (v / ceiling) * PANEL_HEIGHT);
  const grid = gridValues.map(
    (v) =>
      `<line class="grid" x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${y(v)}" y2="${y(v)}"/>` +
      `<text class="tick" x="${LEFT - 6}" y="${y(v) + 4}" text-anchor="end">${escapeHtml(label(v))}</text>`,
  );
  return [
    `<text class="panel-title" x="${LEFT}" y="${top - 8}">${escapeHtml(title)}</text>`,
    `<rect class="panel" x="${LEFT}" y="${top}" width="${PLOT_WIDTH}" height="${PANEL_HEIGHT}"/>`,
    ...grid,
  ].join("\n");
}

/** Slot a's share stacked under slot b's; weights hold until the next sample, so the edges are steps. */
function shareAreas(samples: TimelineSample[], scale: TimeScale): string {
  const first = samples[0];
  if (!first) return "";
  const yOf = (percent: number) => round(SHARE_TOP + PANEL_HEIGHT - (percent / 100) * PANEL_HEIGHT);
  const bottom = SHARE_TOP + PANEL_HEIGHT;
  const endX = scale.x(scale.startedAt + scale.spanMs);
  const points: string[] = [`M${scale.x(first.t)},${bottom}`];
  samples.forEach((sample, i) => {
    const y = yOf(sharePercent(sample.weights).a);
    const nextX = samples[i + 1] ? scale.x((samples[i + 1] as TimelineSample).t) : endX;
    points.push(`L${scale.x(sample.t)},${y}`, `L${nextX},${y}`);
  });
  points.push(`L${endX},${bottom}`, "Z");
  return [
    `<rect class="share-b" x="${scale.x(first.t)}" y="${SHARE_TOP}" width="${round(endX - scale.x(first.t))}" height="${PANEL_HEIGHT}"/>`,
    `<path class="share-a" d="${points.join(" ")}"/>`,
  ].join("\n");
}

/** A line per slot, broken where the slot had no requests (no traffic is a gap, not a 0% error rate). */
function errorLine(samples: TimelineSample[], scale: TimeScale, ceiling: number, slot: "a" | "b"): string {
  const commands: string[] = [];
  let penDown = false;
  for (const sample of samples) {
    const percent = errorPercent(sample.errors[slot], sample.requests[slot]);
    if (percent === undefined) {
      penDown = false;
      continue;
    }
    const y = round(ERROR_TOP + PANEL_HEIGHT - (Math.min(percent, ceiling) / ceiling) * PANEL_HEIGHT);
    commands.push(`${penDown ? "L" : "M"}${scale.x(sample.t)},${y}`);
    penDown = true;
  }
  return commands.length ? `<path class="error-${slot}" d="${commands.join(" ")}"/>` : "";
}

function timeAxis(scale: TimeScale): string {
  return timeTicks(scale.spanMs)
    .map((offset) => {
      const x = scale.x(scale.startedAt + offset);
      return (
        `<line class="axis" x1="${x}" x2="${x}" y1="${AXIS_Y}" y2="${AXIS_Y + 5}"/>` +
        `<text class="tick" x="${x}" y="${AXIS_Y + 18}" text-anchor="middle">${formatElapsed(offset)}</text>`
      );
    })
    .concat(`<text class="tick" x="${LEFT + PLOT_WIDTH}" y="${AXIS_Y + 32}" text-anchor="end">virtual time since start (mm:ss)</text>`)
    .join("\n");
}

/** Labels cycle through a few rows so neighbouring markers do not print over each other. */
function markerLines(markers: Marker[], scale: TimeScale): string {
  return markers
    .map((marker, i) => {
      const x = scale.x(marker.t);
      const labelY = 14 + (i % LABEL_ROWS) * 14;
      const nearRightEdge = x > LEFT + PLOT_WIDTH - 160;
      const short = marker.label.length > MAX_LABEL ? `${marker.label.slice(0, MAX_LABEL - 1)}…` : marker.label;
      const when = formatElapsed(marker.t - scale.startedAt);
      return [
        `<g class="marker marker-${marker.tone}"><title>${escapeHtml(`${when} ${marker.label}`)}</title>`,
        `<line x1="${x}" x2="${x}" y1="${labelY + 4}" y2="${AXIS_Y}"/>`,
        `<text x="${nearRightEdge ? x - 4 : x + 4}" y="${labelY}" text-anchor="${nearRightEdge ? "end" : "start"}">${escapeHtml(short)}</text>`,
        `</g>`,
      ].join("");
    })
    .join("\n");
}
