// Judging a bake once its window has ended: the alarms' current states and their history over the window.
// A bake is one task-token wait; the circuit breaker ends it early when an alarm fires, so this judge is
// also the net under a lost breaker event: an alarm that entered ALARM inside the window fails the bake even
// if it is OK again now, and a flapping alarm fails it however it ends.
import type { AlarmPolicy } from "./config.ts";
import { formatDuration } from "./duration.ts";
import type { AlarmState, AlarmStateChange, Verdict } from "./model.ts";
import { judge, policyFailsOnNoData } from "./verdicts.ts";

export interface BakeWindow {
  policies: AlarmPolicy[];
  /** States now (DescribeAlarms). */
  alarms: AlarmState[];
  /** StateUpdates of the watched alarms from `startedAt` to `endedAt`, any order. */
  history: AlarmStateChange[];
  startedAt: number;
  endedAt: number;
  /**
   * Anti-flap: how long every alarm with data must have been OK at the end of the window — the span of
   * `consecutiveSuccesses` healthy checks `interval` apart, (n − 1) × interval, capped at the window.
   */
  requiredHealthySeconds: number;
  /** What the window is, in the reason: `bake` (default), or `approval wait`. */
  noun?: string;
}

export interface BakeJudgement {
  next: "pass" | "fail";
  verdict: Verdict["verdict"];
  reason: string;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/**
 * The healthy span the anti-flap rule asks for: `consecutiveSuccesses` checks `interval` apart span
 * (n − 1) intervals, never more than the bake itself.
 * Example: 3 successes, 30 s interval, 10 min bake → 60 s; 1 success → 0 s (the state at the end decides).
 */
export function requiredHealthySeconds(consecutiveSuccesses: number, intervalSeconds: number, bakeSeconds: number): number {
  return Math.min(Math.max(0, consecutiveSuccesses - 1) * intervalSeconds, bakeSeconds);
}

/**
 * Judges a bake whose window has ended. In order: a watched alarm that entered ALARM inside the window fails
 * it (naming the alarm, how often and when — a flap is a failure); then the current states as `judge` reads
 * them (ALARM or a missing alarm fails; no data fails, since the bake time is over); then the anti-flap span:
 * an alarm whose last change to OK is more recent than `requiredHealthySeconds` fails as inconclusive.
 * Example: `5xx` went OK→ALARM at 12:03 and ALARM→OK at 12:04 in a 12:00–12:10 bake →
 *   `{ next: "fail", verdict: "unhealthy", reason: "5xx entered ALARM 1 time during the bake (at 12:03:00: 3 > 1) and is OK now" }`.
 */
export function judgeBakeWindow(window: BakeWindow): BakeJudgement {
  const { policies, alarms, startedAt, endedAt } = window;
  const noun = window.noun ?? "bake";
  const watched = new Set(policies.map((policy) => policy.name));
  const inWindow = window.history.filter((change) => watched.has(change.alarm) && change.at >= startedAt && change.at <= endedAt).sort((x, y) => x.at - y.at);

  const fired = policies.flatMap((policy) => {
    const entries = inWindow.filter((change) => change.alarm === policy.name && change.to === "ALARM");
    if (entries.length === 0) return [];
    const first = entries[0]!;
    const now = alarms.find((alarm) => alarm.name === policy.name)?.state ?? "missing";
    const times = entries.length === 1 ? "1 time" : `${entries.length} times (flapping)`;
    return [`${policy.name} entered ALARM ${times} during the ${noun} (first at ${clock(first.at)}: ${first.reason}) and is ${now} now`];
  });
  if (fired.length > 0) return { next: "fail", verdict: "unhealthy", reason: fired.join("; ") };

  const current = judge(alarms, policies);
  if (current.verdict === "unhealthy" || current.verdict === "error") return { next: "fail", verdict: current.verdict, reason: current.reason };
  if (current.verdict === "inconclusive") {
    const why = policyFailsOnNoData(alarms, policies) ? current.reason : `the ${noun} is over and still inconclusive: ${current.reason}`;
    return { next: "fail", verdict: "inconclusive", reason: why };
  }

  const needed = window.requiredHealthySeconds;
  const tooRecent = alarms.flatMap((alarm) => {
    if (!watched.has(alarm.name) || alarm.state !== "OK") return [];
    const lastChange = inWindow.filter((change) => change.alarm === alarm.name).at(-1);
    const okFor = lastChange ? Math.floor((endedAt - lastChange.at) / 1000) : Infinity;
    return okFor < needed ? [`${alarm.name} has been OK for ${formatDuration(okFor)}, ${formatDuration(needed)} needed`] : [];
  });
  if (tooRecent.length > 0) return { next: "fail", verdict: "inconclusive", reason: `not healthy long enough at the end of the ${noun}: ${tooRecent.join("; ")}` };

  const baked = formatDuration(Math.round((endedAt - startedAt) / 1000));
  return { next: "pass", verdict: "healthy", reason: `healthy for the whole ${noun} (${baked}, no alarm fired): ${current.reason}` };
}
