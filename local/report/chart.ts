// The report's inline SVG: traffic share per slot (stacked, from Route 53 weights) — or, for a one-group fleet,
// the new version's share of InService instances — above error rate per slot, on one virtual-time axis, with alarm and deployment markers running through both panels.
import { labelRows, markersOf, type Marker } from "./chart-markers.ts";
import { errorBuckets, type ErrorBucket } from "./error-buckets.ts";
import { niceErrorCeiling, round, timeScale, timeTicks, type TimeScale } from "./chart-scale.ts";
import { escapeHtml } from "./escape.ts";
import { instanceShare } from "./instance-share.ts";
import { formatElapsed, sharePercent } from "./format-time.ts";
import type { RunTimeline } from "./timeline-model.ts";

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
/** Roughly how wide an 11 px label character is, for keeping labels apart. */
const CHAR_WIDTH = 6.2;
/** Without an alarm to follow, errors are summed per minute. */
const DEFAULT_BUCKET_MS = 60_000;

export function renderChart(timeline: RunTimeline): string {
  const samples = [...timeline.samples].sort((x, y) => x.t - y.t);
  const markers = markersOf(timeline);
  const scale = timeScale(timeline.startedAt, endOf(timeline), LEFT, PLOT_WIDTH);
  const buckets = errorBuckets(samples, timeline.startedAt, timeline.errorAlarm?.periodMs ?? DEFAULT_BUCKET_MS);
  const threshold = timeline.errorAlarm?.thresholdPercent;
  const errorCeiling = niceErrorCeiling(Math.max(0, (threshold ?? 0) * 1.2, ...buckets.flatMap((bucket) => [bucket.percent.a ?? 0, bucket.percent.b ?? 0])));
  const bucketWords = formatElapsed(timeline.errorAlarm?.periodMs ?? DEFAULT_BUCKET_MS);
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${timeline.instances ? "Instance share per version" : "Traffic share"} and error rate per slot over virtual time">`,
    ...(timeline.instances
      ? [
          panelFrame(SHARE_TOP, "Instance share (% of InService instances on the new version)", [0, 25, 50, 75, 100], 100, (v) => `${v}%`),
          stepAreas(instanceShare(timeline.instances, timeline.deployments).map((point) => ({ t: point.t, percent: 100 - point.newPercent })), scale, "instance"),
        ]
      : [
          panelFrame(SHARE_TOP, "Traffic share (% of weight)", [0, 25, 50, 75, 100], 100, (v) => `${v}%`),
          stepAreas(samples.map((sample) => ({ t: sample.t, percent: sharePercent(sample.weights).a })), scale, "share"),
        ]),
    panelFrame(ERROR_TOP, `Error rate (5xx + failed connections, % of requests per ${bucketWords} bucket)`, [0, errorCeiling / 2, errorCeiling], errorCeiling, (v) => `${v}%`),
    threshold === undefined ? "" : thresholdLine(threshold, errorCeiling),
    errorLine(buckets, scale, errorCeiling, "a"),
    errorLine(buckets, scale, errorCeiling, "b"),
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

/**
 * The lower series (slot a's traffic, or the old version's instances) stacked under the rest (slot b's, or the
 * new version's); a value holds until the next sample, so the edges are steps. `kind` names the CSS classes.
 */
function stepAreas(samples: Array<{ t: number; percent: number }>, scale: TimeScale, kind: "share" | "instance"): string {
  const first = samples[0];
  if (!first) return "";
  const yOf = (percent: number) => round(SHARE_TOP + PANEL_HEIGHT - (percent / 100) * PANEL_HEIGHT);
  const bottom = SHARE_TOP + PANEL_HEIGHT;
  const endX = scale.x(scale.startedAt + scale.spanMs);
  const points: string[] = [`M${scale.x(first.t)},${bottom}`];
  samples.forEach((sample, i) => {
    const y = yOf(sample.percent);
    const next = samples[i + 1];
    const nextX = next ? scale.x(next.t) : endX;
    points.push(`L${scale.x(sample.t)},${y}`, `L${nextX},${y}`);
  });
  points.push(`L${endX},${bottom}`, "Z");
  return [
    `<rect class="${kind === "share" ? "share-b" : "instance-new"}" x="${scale.x(first.t)}" y="${SHARE_TOP}" width="${round(endX - scale.x(first.t))}" height="${PANEL_HEIGHT}"/>`,
    `<path class="${kind === "share" ? "share-a" : "instance-old"}" d="${points.join(" ")}"/>`,
  ].join("\n");
}

/** A line per slot over the alarm's buckets, broken where the slot had no requests (a gap, not a 0% error rate). */
function errorLine(buckets: ErrorBucket[], scale: TimeScale, ceiling: number, slot: "a" | "b"): string {
  const commands: string[] = [];
  let penDown = false;
  for (const bucket of buckets) {
    const percent = bucket.percent[slot];
    if (percent === undefined) {
      penDown = false;
      continue;
    }
    const y = round(ERROR_TOP + PANEL_HEIGHT - (Math.min(percent, ceiling) / ceiling) * PANEL_HEIGHT);
    commands.push(`${penDown ? "L" : "M"}${scale.x(bucket.t)},${y}`);
    penDown = true;
  }
  return commands.length ? `<path class="error-${slot}" d="${commands.join(" ")}"/>` : "";
}

/** The alarm's threshold across the error panel: the line crossing it is what the alarm judged. */
function thresholdLine(thresholdPercent: number, ceiling: number): string {
  const y = round(ERROR_TOP + PANEL_HEIGHT - (Math.min(thresholdPercent, ceiling) / ceiling) * PANEL_HEIGHT);
  return (
    `<line class="threshold" x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${y}" y2="${y}"/>` +
    `<text class="threshold-label" x="${LEFT + PLOT_WIDTH - 4}" y="${y - 4}" text-anchor="end">alarm threshold ${thresholdPercent}%</text>`
  );
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

/** Each label in the first row where it clears its neighbours (labelRows); one that fits nowhere keeps its line. */
function markerLines(markers: Marker[], scale: TimeScale): string {
  const placed = markers.map((marker) => {
    const x = scale.x(marker.t);
    const short = marker.label.length > MAX_LABEL ? `${marker.label.slice(0, MAX_LABEL - 1)}…` : marker.label;
    const width = short.length * CHAR_WIDTH;
    const nearRightEdge = x > LEFT + PLOT_WIDTH - width - 8;
    return { marker, x, short, nearRightEdge, span: nearRightEdge ? { start: x - 4 - width, end: x } : { start: x, end: x + 4 + width } };
  });
  const rows = labelRows(placed.map((label) => label.span), LABEL_ROWS);
  return placed
    .map(({ marker, x, short, nearRightEdge }, i) => {
      const row = rows[i];
      const labelY = 14 + (row ?? LABEL_ROWS - 1) * 14;
      const when = formatElapsed(marker.t - scale.startedAt);
      return [
        `<g class="marker marker-${marker.tone}"><title>${escapeHtml(`${when} ${marker.label}`)}</title>`,
        `<line x1="${x}" x2="${x}" y1="${labelY + 4}" y2="${AXIS_Y}"/>`,
        row === null ? "" : `<text x="${nearRightEdge ? x - 4 : x + 4}" y="${labelY}" text-anchor="${nearRightEdge ? "end" : "start"}">${escapeHtml(short)}</text>`,
        `</g>`,
      ].join("");
    })
    .join("\n");
}
