// What `glidepath apps`, `status` and `history` show, read through the same ports the Lambdas use: the ledger
// and lease (DynamoDB), the weighted records (Route 53), the alarms (CloudWatch) and the configs (SSM).
import type { Alarms, ConfigStore, Fleet, Traffic, Lease, Ledger } from "../adapters/ports.ts";
import { alarmNameFor } from "../core/alarm-name.ts";
import type { Config, SlotName } from "../core/config.ts";
import type { AlarmStateValue, DeploymentRecord, Outcome, Weights } from "../core/model.ts";
import { progressOf, type ProgressKind } from "../core/progress.ts";
import { courseChangingSignal } from "../core/control.ts";
import { shareOf } from "../core/weights.ts";
import { loadValidConfig } from "../events/safe-state.ts";
import { isPromotedEnv, readPromotion } from "../events/promotion.ts";
import type { PromotionState } from "../core/promotion.ts";
import { deployGate } from "../core/deploy-windows.ts";
import { trafficTarget } from "../task-support/traffic.ts";

export interface ViewPorts {
  configStore: ConfigStore;
  ledger: Ledger;
  lease: Lease;
  traffic: Traffic;
  alarms: Alarms;
  /** One group's instances (`fleet.group`): how many run the new version. */
  fleets: { autoscaling: Pick<Fleet, "status" | "refreshStatus"> };
  /** The console-ready ARN of an execution, by name; a flag release's (by its record's strategy) is on the flag release machine. */
  executionArn: (name: string, strategy?: string) => string;
  now: () => number;
}

export interface LiveView {
  commit: string | null;
  /** On one group only the placeholder `a` the state machine carries: read `group` there. */
  slot: SlotName;
  /** One group (`fleet.group`): the group's name; null on two slots. */
  group: string | null;
  image: string | null;
}

export interface DeploymentView {
  commit: string;
  /** The execution's name, which is the deployment's id in the ledger. */
  deploymentId: string;
  executionArn: string;
  /** `in_progress` while rolling out; `promoted` while it still holds the lease, waiting out scaleDownDelay. */
  status: Outcome;
  step: { index: number; count: number; kind: ProgressKind };
  /** Traffic share of each slot in percent, from Route 53's weights now. */
  weights: Weights;
  /**
   * One group (`fleet.group`): its InService and Healthy instances on the version this deployment's instance
   * refresh launches (`onNew`, 0 before the refresh starts) and all of them, and `percent` = onNew/inService
   * rounded (0 with none InService); what moves on one group instead of the weights. Null on two slots.
   */
  instances: InstanceShareView | null;
  startedAt: string;
  /** What it is doing, in the console's state names. */
  state: string;
  /** ISO time the current wait ends at the latest (an approval's timeout, a bake's earliest end); null if none. */
  waitEndsAt: string | null;
  /** The alarms this deployment is judged by (`{slot}` read as its new slot, `{fleet}` as that fleet's name), with their states now. */
  alarms: Array<{ name: string; state: AlarmStateValue | "MISSING" }>;
  toSlot: SlotName;
  /** One group (`fleet.group`): the group's name, which the new version replaces the instances of; null on two slots. */
  group: string | null;
  /** The plan's strategy: `canary`, `blueGreen`…, or `flagRelease <flag>` for a flag release on the live slot. */
  strategy: string;
}

export interface StatusView {
  app: string;
  env: string;
  /** Null before the first promotion. */
  live: LiveView | null;
  deployment: DeploymentView | null;
  /** For an env promoted from another (`source.promotedFrom`): where the upstream's release stands here. */
  promotion?: PromotionView;
  /** With `windows` or `freeze` configured: whether a deployment may start now, and if not why and from when. */
  gate?: { open: boolean; reason: string | null; opensAt: string | null };
  /** The push waiting to start (for the lease, or for the deploy window), with why. */
  waiting?: { commit: string; reason: string; notBefore: string | null };
}

interface InstanceShareView {
  onNew: number;
  inService: number;
  percent: number;
}

/** Where an env promoted from another stands with the upstream's live release (core/promotion.ts). */
export interface PromotionView {
  from: string;
  /** `none`, `soaking` (until `dueAt`), `awaitingApproval`, `waitingForWindow`, `ready`, `deploying`, `alarmed` or `blocked`. */
  state: PromotionState["kind"];
  reason: string;
  commit: string | null;
  imageId: string | null;
  /** When the soak ends (`soaking` only). */
  dueAt: string | null;
}

export interface HistoryEntry {
  commit: string;
  outcome: Outcome;
  reason: string | null;
  startedAt: string;
  endedAt: string | null;
  executionArn: string;
  configVersion: number;
  strategy: string;
  /** One group (`fleet.group`): the group it replaced the instances of; absent on two slots and on older records. */
  group?: string;
  /** Who stopped it from outside or asked for it (the circuit breaker, a superseding push, an operator), if anyone. */
  control?: DeploymentRecord["control"];
  requestedBy?: DeploymentRecord["requestedBy"];
  /** On a promotion: the upstream env, deployment, commit and image it came from. */
  promotedFrom?: DeploymentRecord["promotedFrom"];
}

/**
 * The app/env's live release and the deployment in progress. A deployment is "in progress" while its record
 * says so, or while it still holds the lease after promotion (the old fleet is kept warm for a late rollback).
 */
export async function statusView(ports: ViewPorts, app: string, env: string): Promise<StatusView> {
  const config = await loadValidConfig(ports.configStore, app, env);
  const { live: recorded, running } = await liveAndRunning(ports, app, env);
  // A live record written before the group was kept names none: the config says which group it is.
  const live = recorded && config.fleet.group ? { ...recorded, group: recorded.group ?? config.fleet.group.name } : recorded;
  const view: StatusView = { app, env, live, deployment: running ? await deploymentView(ports, config, running) : null, ...(await gateAndWaiting(ports, config)) };
  if (!isPromotedEnv(config)) return view;
  const state = await readPromotion({ ...ports, clock: { now: ports.now } }, config);
  const candidate = "candidate" in state ? state.candidate : null;
  return {
    ...view,
    promotion: { from: config.source.promotedFrom, state: state.kind, reason: state.reason, commit: candidate?.commit ?? null, imageId: candidate?.imageId ?? null, dueAt: state.kind === "soaking" ? new Date(state.dueAt).toISOString() : null },
  };
}

/** The deploy gate (when configured) and the push waiting to start, if any. */
async function gateAndWaiting(ports: ViewPorts, config: Config): Promise<Pick<StatusView, "gate" | "waiting">> {
  const { app, env } = config;
  const pending = await ports.ledger.getPending(app, env);
  const pushed = pending ? await ports.ledger.getPush(app, env, pending.commit) : null;
  const gate = deployGate(ports.now(), config.windows, config.freeze);
  const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
  return {
    ...(config.windows.length + config.freeze.length > 0 ? { gate: gate.open ? { open: true, reason: null, opensAt: null } : { open: false, reason: gate.reason, opensAt: iso(gate.opensAt) } } : {}),
    ...(pending ? { waiting: { commit: pending.commit, reason: pushed?.reason ?? "waiting for the lease", notBefore: iso(pending.notBefore) } } : {}),
  };
}

async function deploymentView(ports: ViewPorts, config: Config, record: DeploymentRecord): Promise<DeploymentView> {
  const progress = progressOf(record, config.traffic.ttl, config.scaleDownDelay);
  const names = config.analysis.alarms.map((alarm) => alarmNameFor(alarm.name, record.toSlot, config.fleet));
  const [records, states, instances] = await Promise.all([
    ports.traffic.readWeights(trafficTarget(config)),
    names.length > 0 ? ports.alarms.states(names) : Promise.resolve([]),
    config.fleet.group ? instanceShareOf(ports.fleets.autoscaling, config.fleet.group.name, record) : Promise.resolve(null),
  ]);
  const weights = { a: records.weights.a ?? 0, b: records.weights.b ?? 0 };
  return {
    commit: record.commit,
    deploymentId: record.deploymentId,
    executionArn: ports.executionArn(record.deploymentId, record.strategy),
    status: record.outcome,
    step: { index: progress.index, count: progress.count, kind: progress.kind },
    weights: { a: round(shareOf(weights, "a")), b: round(shareOf(weights, "b")) },
    instances,
    startedAt: record.startedAt,
    state: progress.state,
    waitEndsAt: progress.waitEndsAt === null ? null : new Date(progress.waitEndsAt).toISOString(),
    alarms: names.map((name) => ({ name, state: states.find((state) => state.name === name)?.state ?? "MISSING" })),
    toSlot: record.toSlot,
    // Records from before the group was kept name none: the config's is the one they ran on.
    group: record.group ?? config.fleet.group?.name ?? null,
    strategy: record.strategy,
  };
}

/**
 * How many of the group's instances run the version this deployment's instance refresh launches. The group's
 * newest refresh is this deployment's only if it started after the deployment did; before that it is an earlier
 * release's, and nothing is new yet.
 */
async function instanceShareOf(fleet: ViewPorts["fleets"]["autoscaling"], group: string, record: DeploymentRecord): Promise<InstanceShareView> {
  const refresh = await fleet.refreshStatus(group);
  const own = refresh?.version && refresh.startedAt !== undefined && refresh.startedAt >= Date.parse(record.startedAt) ? refresh.version : null;
  const counts = await fleet.status({ group, ref: own ?? NO_VERSION });
  const inService = counts.groupInService ?? counts.inService;
  const onNew = own ? counts.inService : 0;
  return { onNew, inService, percent: inService === 0 ? 0 : round((100 * onNew) / inService) };
}

/** A launch template version no instance has (versions are numbers), to count the group's instances alone. */
const NO_VERSION = "none";

/** A push whose execution ended before it took the lease: no deployment record, nothing changed. */
export interface FailedPushEntry {
  commit: string;
  receivedAt: string;
  /** The execution that failed (the push's latest attempt). */
  execution: string | null;
  reason: string | null;
}

export interface HistoryView {
  app: string;
  env: string;
  deployments: HistoryEntry[];
  /** Pushes refused before the lease (Load config, Preflight) or stopped before it, newest first. */
  failedPushes: FailedPushEntry[];
}

/** Past deployments of the app/env, newest first, and the pushes that failed before becoming one. */
export async function historyView(ports: Pick<ViewPorts, "ledger" | "executionArn">, app: string, env: string, limit: number): Promise<HistoryView> {
  const [records, failed] = await Promise.all([ports.ledger.listDeployments(app, env, limit), ports.ledger.failedPushes(app, env, limit)]);
  return {
    app,
    env,
    failedPushes: failed.map((push) => ({ commit: push.commit, receivedAt: push.receivedAt, execution: push.execution ?? null, reason: push.reason ?? null })),
    deployments: records.map((record) => ({
      commit: record.commit,
      outcome: record.outcome,
      reason: record.reason ?? null,
      startedAt: record.startedAt,
      endedAt: record.endedAt ?? null,
      executionArn: ports.executionArn(record.deploymentId, record.strategy),
      configVersion: record.configVersion,
      strategy: record.strategy,
      ...(record.group ? { group: record.group } : {}),
      ...(courseChangingSignal(record.control) ? { control: record.control } : {}),
      ...(record.requestedBy ? { requestedBy: record.requestedBy } : {}),
      ...(record.promotedFrom ? { promotedFrom: record.promotedFrom } : {}),
    })),
  };
}

export interface AppEntry {
  app: string;
  env: string;
  live: LiveView | null;
  /** The deployment in progress, if any: its commit, execution and outcome so far. */
  deployment: { commit: string; executionArn: string; status: Outcome; startedAt: string } | null;
}

/** Every configured app/env (SSM), with its live release and deployment in progress. */
export async function appsView(ports: Pick<ViewPorts, "configStore" | "ledger" | "lease" | "executionArn">): Promise<{ apps: AppEntry[] }> {
  const listed = await ports.configStore.list();
  const apps = await Promise.all(
    listed.map(async ({ app, env }): Promise<AppEntry> => {
      const { live, running } = await liveAndRunning(ports, app, env);
      return {
        app,
        env,
        live,
        deployment: running ? { commit: running.commit, executionArn: ports.executionArn(running.deploymentId, running.strategy), status: running.outcome, startedAt: running.startedAt } : null,
      };
    }),
  );
  apps.sort((x, y) => `${x.app}/${x.env}`.localeCompare(`${y.app}/${y.env}`));
  return { apps };
}

/**
 * The live release, and the deployment in progress: the latest record while it is in progress, or while it
 * still holds the lease after promotion (waiting out scaleDownDelay with the old fleet warm).
 */
async function liveAndRunning(ports: Pick<ViewPorts, "ledger" | "lease">, app: string, env: string): Promise<{ live: LiveView | null; running: DeploymentRecord | null }> {
  const [live, [latest], grant] = await Promise.all([ports.ledger.getLive(app, env), ports.ledger.listDeployments(app, env, 1), ports.lease.current(app, env)]);
  const running = latest && (latest.outcome === "in_progress" || grant?.owner === latest.deploymentId) ? latest : null;
  return { live: live ? { commit: live.commit, slot: live.liveSlot, group: live.group ?? null, image: live.imageId } : null, running };
}

const round = (percent: number): number => Math.round(percent * 10) / 10;
