// Whether an env promoted from another one (`source.promotedFrom`) should take the upstream env's live release
// now, and if not, why not. Pure: the reconciler, `glidepath status` and `promote-env` read the same answer
// from the ledger and CloudWatch's alarm history, so what status says is what the reconciler does.
//
// The rules, in order:
//   - only a release the upstream env *promoted* travels (not one a rollback made live again), on its image;
//   - a release the downstream env already deployed, in any outcome, never goes again by itself: a rollback
//     downstream stays rolled back, a failed promotion blocks the next automatic one of that image (an
//     operator's `promote-env` sends it again on purpose);
//   - it must have been live upstream for the soak, and no watched alarm of the upstream env may have been in
//     ALARM since it went live (history and current state);
//   - `approval: true` then waits for `glidepath approve`.
import { alarmNameFor, type FleetNames } from "./alarm-name.ts";
import type { PromotionSource } from "./env-source.ts";
import type { AlarmState, AlarmStateChange, DeploymentRecord, LiveRecord } from "./model.ts";
import type { SlotName } from "./slots.ts";
import { formatDuration } from "./duration.ts";
import type { GateState } from "./deploy-windows.ts";

/** The upstream release a downstream env would take: its commit, its image and the deployment that promoted it. */
export interface PromotionCandidate {
  fromEnv: string;
  commit: string;
  imageId: string;
  /** The upstream deployment that made it live. */
  deploymentId: string;
  /** Epoch ms it went live upstream (that deployment's promotion). */
  liveSince: number;
}

export type PromotionState =
  | { kind: "none"; reason: string }
  | { kind: "deploying"; candidate: PromotionCandidate; reason: string }
  | { kind: "blocked"; candidate: PromotionCandidate; reason: string }
  | { kind: "alarmed"; candidate: PromotionCandidate; reason: string }
  | { kind: "soaking"; candidate: PromotionCandidate; dueAt: number; reason: string }
  | { kind: "awaitingApproval"; candidate: PromotionCandidate; reason: string }
  | { kind: "waitingForWindow"; candidate: PromotionCandidate; opensAt: number | null; reason: string }
  | { kind: "ready"; candidate: PromotionCandidate; reason: string };

export interface PromotionFacts {
  app: string;
  env: string;
  source: PromotionSource;
  upstreamLive: LiveRecord | null;
  /** The upstream env's deployments, newest first (enough to find the one that promoted its live release). */
  upstreamDeployments: DeploymentRecord[];
  downstreamLive: LiveRecord | null;
  /** The downstream env's deployments, newest first. */
  downstreamDeployments: DeploymentRecord[];
  /** History of the upstream's watched alarms since the candidate went live (the caller reads it for `alarmNames`). */
  alarmChanges: AlarmStateChange[];
  /** Their current states. */
  alarmStates: AlarmState[];
  /** The downstream env's deploy windows and freezes now (deploy-windows.ts); open when absent. */
  gate?: GateState;
  now: number;
}

const short = (commit: string) => commit.slice(0, 12);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The upstream release on offer: the upstream's live commit and image, when a deployment promoted it.
 * Example: staging live at v2 (ami-2), promoted by deployment d-7 at 10:00 → `{ commit: v2, imageId: ami-2, deploymentId: d-7, liveSince: 10:00 }`.
 */
function upstreamCandidate(fromEnv: string, live: LiveRecord | null, deployments: DeploymentRecord[]): PromotionCandidate | { none: string } {
  if (!live?.commit) return { none: `${fromEnv} has no live release yet` };
  if (!live.imageId) return { none: `${fromEnv}'s live release ${short(live.commit)} has no recorded image` };
  const promoted = deployments.find((record) => record.commit === live.commit && record.imageId === live.imageId && record.outcome === "promoted");
  if (!promoted) return { none: `${fromEnv}'s live release ${short(live.commit)} was made live again by a rollback, not promoted: only promoted releases travel` };
  const liveSince = Date.parse(promoted.endedAt ?? live.updatedAt);
  return { fromEnv, commit: live.commit, imageId: live.imageId, deploymentId: promoted.deploymentId, liveSince };
}

/**
 * The upstream alarms a soak is judged by: its config's watched alarms, `{slot}` meaning the slot live upstream
 * and `{fleet}` that slot's fleet (missingData does not matter here: only ALARM stops a promotion).
 * Example: `["shop-api-staging-{slot}-5xx"]`, slot b live → `["shop-api-staging-b-5xx"]`.
 */
export function soakAlarmNames(upstream: { analysis: { alarms: Array<{ name: string }> }; fleet: FleetNames }, upstreamLiveSlot: SlotName): string[] {
  return [...new Set(upstream.analysis.alarms.map((alarm) => alarmNameFor(alarm.name, upstreamLiveSlot, upstream.fleet)))];
}

/**
 * Where the downstream env stands with the upstream's live release.
 * Example: staging promoted v2 at 10:00, prod soaks 2h, no alarm since, now 11:00 → `{ kind: "soaking", dueAt: 12:00, … }`;
 * at 12:05 → `{ kind: "ready" }` (or `awaitingApproval` with `approval: true`).
 */
export function promotionState(facts: PromotionFacts): PromotionState {
  const { app, env, source, now } = facts;
  const found = upstreamCandidate(source.promotedFrom, facts.upstreamLive, facts.upstreamDeployments);
  if ("none" in found) return { kind: "none", reason: found.none };
  const candidate = found;
  const what = `${short(candidate.commit)} (${candidate.imageId}) from ${source.promotedFrom}`;
  if (facts.downstreamLive?.commit === candidate.commit) return { kind: "none", reason: `${app}/${env} already runs ${short(candidate.commit)}` };
  const earlier = facts.downstreamDeployments.find((record) => record.commit === candidate.commit || record.imageId === candidate.imageId);
  if (earlier?.outcome === "in_progress") return { kind: "deploying", candidate, reason: `${earlier.deploymentId} is deploying ${what}` };
  if (earlier)
    return {
      kind: "blocked",
      candidate,
      reason:
        earlier.outcome === "promoted"
          ? `${app}/${env} already had ${what} (${earlier.deploymentId}) and has moved off it since: it is not promoted again by itself; glidepath promote-env sends it again`
          : `${earlier.deploymentId}, a deployment of ${what} to ${app}/${env}, ended ${earlier.outcome}${earlier.reason ? ` (${earlier.reason})` : ""}: automatic promotion of that image is blocked; glidepath promote-env sends it again`,
    };
  const fired = facts.alarmChanges.find((change) => change.to === "ALARM" && change.at >= candidate.liveSince);
  if (fired) return { kind: "alarmed", candidate, reason: `alarm ${fired.alarm} went to ALARM at ${iso(fired.at)} while ${what} soaked there: not promoted by itself; glidepath promote-env sends it anyway` };
  const inAlarm = facts.alarmStates.find((alarm) => alarm.state === "ALARM");
  if (inAlarm) return { kind: "alarmed", candidate, reason: `alarm ${inAlarm.name} is in ALARM in ${source.promotedFrom}: ${what} is not promoted while it is` };
  const dueAt = candidate.liveSince + source.soakSeconds * 1000;
  if (now < dueAt) return { kind: "soaking", candidate, dueAt, reason: `${what} soaks until ${iso(dueAt)} (${formatDuration(source.soakSeconds)} live and alarm-free in ${source.promotedFrom}), then ${source.approval ? "waits for glidepath approve" : "is promoted"}` };
  if (source.approval) return { kind: "awaitingApproval", candidate, reason: `${what} soaked ${formatDuration(source.soakSeconds)} alarm-free and waits for approval: glidepath approve --app ${app} --env ${env}` };
  const soaked = `${what} soaked ${formatDuration(source.soakSeconds)} alarm-free since ${iso(candidate.liveSince)}`;
  if (facts.gate && !facts.gate.open) return { kind: "waitingForWindow", candidate, opensAt: facts.gate.opensAt, reason: `${soaked}, and waits: ${app}/${env} is ${facts.gate.reason}` };
  return { kind: "ready", candidate, reason: soaked };
}
