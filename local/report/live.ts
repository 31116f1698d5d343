// One-line renderings for the demo's live terminal timeline: an event as it happens, and a status line of
// where the rollout stands. Colour only on a TTY without NO_COLOR (https://no-color.org convention).
import { formatElapsed, sharePercent } from "./format-time.ts";
import type { SlotPair, TimelineEvent } from "./timeline-model.ts";

export interface LiveStatus {
  /** Virtual epoch ms now. */
  t: number;
  startedAt: number;
  /** The release being deployed ("v3"); absent before the first push. */
  release?: string;
  /** The step in words, e.g. "step 2/5: set weight 25%". */
  step: string;
  weights: SlotPair;
  /**
   * One Auto Scaling group (`fleet.group`): InService instances on the new version and all InService ones. Shown
   * instead of the slots' traffic shares, which say nothing for one group (all its traffic counts as slot a).
   */
  instances?: { onNew: number; inService: number } | undefined;
  requests: SlotPair;
  /** Percent of requests that failed, per slot; undefined when the slot had no requests. */
  errorRate: SlotPair<number | undefined>;
  /** The last traffic bucket's p99 answer time (ms) per slot; undefined when nothing on the slot answered. */
  p99Ms: SlotPair<number | undefined>;
  alarms: Array<{ name: string; state: string }>;
  verdict?: string | undefined;
}

export interface LiveFormatOptions {
  colour?: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;

const EVENT_STYLE: Record<TimelineEvent["kind"], Style> = {
  step: "blue",
  alarm: "red",
  verdict: "yellow",
  rollback: "red",
  promote: "green",
  deploy: "magenta",
};

/** `[02:05] ALARM    shop-prod-5xx OK → ALARM` — the kind padded so the text lines up. */
export function formatEvent(event: TimelineEvent, startedAt: number, options: LiveFormatOptions = {}): string {
  const paint = painter(options);
  const kind = event.kind.toUpperCase().padEnd(8);
  return `${paint("dim", `[${formatElapsed(event.t - startedAt)}]`)} ${paint(EVENT_STYLE[event.kind] ?? "bold", kind)} ${oneLine(event.text)}`;
}

/**
 * `[02:05] v3 · step 2/5 │ a 75% · b 25% │ req a 120 · b 40 │ err a 0.0% · b 5.0% │ p99 a 4 ms · b 3000 ms │ 5xx-b ALARM │ unhealthy`;
 * for one group: `[02:05] v3 · step 2/5 │ new 1/4 InService (25%) │ req 160 │ err 1.3% │ p99 40 ms │ 5xx ALARM`.
 */
export function formatStatus(status: LiveStatus, options: LiveFormatOptions = {}): string {
  const paint = painter(options);
  const rate = (value: number | undefined) => (value === undefined ? "–" : `${value.toFixed(1)}%`);
  const latency = (ms: number | undefined) => (ms === undefined ? "–" : `${Math.round(ms)} ms`);
  const alarms = status.alarms.length
    ? status.alarms.map(({ name, state }) => `${name} ${paint(state === "ALARM" ? "red" : state === "OK" ? "green" : "yellow", state)}`).join(", ")
    : "no alarms";
  const heading = `${paint("dim", `[${formatElapsed(status.t - status.startedAt)}]`)} ${status.release ? `${paint("bold", oneLine(status.release))} · ` : ""}${paint("bold", oneLine(status.step))}`;
  const parts = status.instances ? [heading, ...groupParts(status, status.instances, paint, rate, latency), alarms] : [heading, ...slotParts(status, paint, rate, latency), alarms];
  if (status.verdict) parts.push(paint(verdictStyle(status.verdict), oneLine(status.verdict)));
  return parts.join(" │ ");
}

type Paint = (style: Style, text: string) => string;
type Show = (value: number | undefined) => string;

function slotParts(status: LiveStatus, paint: Paint, rate: Show, latency: Show): string[] {
  const share = sharePercent(status.weights);
  return [
    `${paint("blue", `a ${Math.round(share.a)}%`)} · ${paint("yellow", `b ${Math.round(share.b)}%`)}`,
    `req a ${status.requests.a} · b ${status.requests.b}`,
    `err a ${rate(status.errorRate.a)} · b ${rate(status.errorRate.b)}`,
    `p99 a ${latency(status.p99Ms.a)} · b ${latency(status.p99Ms.b)}`,
  ];
}

/** One group serves all its traffic as one fleet: the new version's share of its instances, then its traffic as a whole. */
function groupParts(status: LiveStatus, instances: { onNew: number; inService: number }, paint: Paint, rate: Show, latency: Show): string[] {
  const percent = instances.inService === 0 ? 0 : Math.round((100 * instances.onNew) / instances.inService);
  return [
    paint("yellow", `new ${instances.onNew}/${instances.inService} InService (${percent}%)`),
    `req ${status.requests.a}`,
    `err ${rate(status.errorRate.a)}`,
    `p99 ${latency(status.p99Ms.a)}`,
  ];
}

/** Colour when writing to a terminal and the user has not opted out with a non-empty NO_COLOR. */
export function colourWanted(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env["NO_COLOR"];
}

function painter({ colour = colourWanted() }: LiveFormatOptions): Paint {
  return colour ? (style, text) => `\u001b[${CODES[style]}m${text}\u001b[0m` : (_style, text) => text;
}

function verdictStyle(verdict: string): Style {
  if (verdict.startsWith("healthy")) return "green";
  if (verdict.startsWith("unhealthy") || verdict.startsWith("error")) return "red";
  return "yellow";
}

/** A line of the live view must stay one line, whatever an alarm reason contains. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ");
}
