// "Roll back": puts all traffic back on the live slot, from the weights Route 53 ACTUALLY has (not from
// what the execution believes it set), at whatever point the deployment failed. Writes nothing when traffic
// is already all on the live slot.
import type { Config, SlotName } from "../core/config.ts";
import { drainPlan, type DrainPlan } from "../core/drain.ts";
import type { DeploymentRecord, Weights } from "../core/model.ts";
import { planRollback } from "../core/rollback.ts";
import { StaleLeaseError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { failureSummary, failureInput, type FailureInput } from "../task-support/failure-state.ts";
import { iso } from "../task-support/inputs.ts";
import { fleetFor } from "../task-support/fleet-of.ts";
import { describeRefreshRollback, leftAlone, refreshOfTheReleaseBefore } from "../task-support/refresh-rollback.ts";
import { describeWeights, slotEndpoints, trafficTarget } from "../task-support/traffic.ts";
import { rollBackTemporaryGroup } from "../task-support/temporary-group-rollback.ts";

export interface RollBackOutput {
  needed: boolean;
  /**
   * The Route 53 change that moved traffic back, to poll until INSYNC: this task's, or the circuit breaker's
   * before it; null when none, and on an ALB (its move is in effect at once; the ledger step keeps its id).
   */
  changeId: string | null;
  /** Seconds to wait once `changeId` is INSYNC, before the new fleet may be scaled down (drain before shrink). */
  drainSeconds: number;
  liveSlot: SlotName | null;
  weights: Weights | null;
  /** Route 53's weights once Roll back is done (null when it could not look): Finish rollback keeps any fleet they still send traffic to. */
  weightsNow: { a: number | null; b: number | null } | null;
  /** One group: its instance refresh is still rolling back, so Roll back is asked again after a wait. */
  refreshRollingBack?: boolean;
  /** One group, immutable: its temporary group is draining out of its target groups; Roll back deletes it next time. */
  temporaryGroupDraining?: boolean;
  reason: string;
}

export function makeRollBack({ adapters, clock }: TaskDeps) {
  return async function rollBack({ deploymentId, state }: FailureInput): Promise<RollBackOutput> {
    const because = failureSummary(state.error);
    const config = state.setup?.config;
    if (!config) return { ...NOTHING_TO_DRAIN, needed: false, liveSlot: null, weights: null, weightsNow: null, reason: `Nothing to roll back (failed before the config loaded) — ${because}` };
    // Without the lease this execution changed nothing, and the traffic may belong to the deployment that
    // holds it (a queued push that gave up): hands off. A lease of ours that merely expired, with nobody
    // else holding one, still leaves this execution's traffic to put back.
    const token = state.lease?.fencingToken;
    if (token === undefined)
      return { ...NOTHING_TO_DRAIN, needed: false, liveSlot: null, weights: null, weightsNow: null, reason: `Nothing to roll back (this execution never held the lease) — ${because}` };
    const holder = await adapters.lease.current(state.app, state.env);
    if (holder && (holder.owner !== deploymentId || holder.fencingToken !== token))
      return { ...NOTHING_TO_DRAIN, needed: false, liveSlot: null, weights: null, weightsNow: null, reason: `Nothing to roll back (${holder.owner} holds the lease now) — ${because}` };

    if (config.fleet.group) return rollBackGroup({ adapters, clock }, deploymentId, state.app, state.env, config, because);
    // The ledger is the truth about which slot is live (a promotion may already have flipped it).
    const live = await adapters.ledger.getLive(state.app, state.env);
    const target = trafficTarget(config);
    const actual = await adapters.traffic.readWeights(target);
    // A first deployment has no live fleet to return to: moving traffic to the empty slot would take the
    // service down, so traffic stays on the only fleet that is up.
    if (!live)
      return { ...NOTHING_TO_DRAIN, needed: false, liveSlot: null, weights: null, weightsNow: actual.weights, reason: `First deployment: nothing was live to return to, so traffic stays where it is — ${because}` };
    const liveSlot: SlotName = live.liveSlot;
    const plan = planRollback({ actual: actual.weights, liveSlot });
    const newSlot = liveSlot === "a" ? "b" : "a";
    const ttlSeconds = config.traffic.ttl;
    if (!plan.needed) {
      // Someone moved the traffic back before us (the circuit breaker): drain from their change.
      const record = await adapters.ledger.getDeployment(state.app, state.env, deploymentId);
      const drain = drainPlan({ slot: newSlot, changeId: lastChangeId(record), hadTraffic: hadTraffic(record), ttlSeconds, mover: config.traffic.kind });
      return { needed: false, changeId: drain.changeId, drainSeconds: drain.waitSeconds, liveSlot, weights: null, weightsNow: actual.weights, reason: `Traffic is already all on live slot ${liveSlot}; ${drain.reason} — ${because}` };
    }

    let changeId: string;
    try {
      ({ changeId } = await adapters.traffic.setWeights(target, plan.weights, slotEndpoints(config), { token, role: "holder", by: deploymentId }));
    } catch (error) {
      // Fenced out: cleanup or the reconciler took this app/env's traffic back after our lease lapsed, or a newer
      // deployment owns it; either way it is no longer ours to move.
      if (!(error instanceof StaleLeaseError)) throw error;
      return { ...NOTHING_TO_DRAIN, needed: false, liveSlot: null, weights: null, weightsNow: actual.weights, reason: `Nothing to roll back (${error.message}) — ${because}` };
    }
    // On an ALB the move is in effect now: no INSYNC to poll, so the state machine goes straight to the drain.
    const drain: DrainPlan = drainPlan({ slot: newSlot, changeId, hadTraffic: true, ttlSeconds, mover: config.traffic.kind });
    const reason = `Rolled back to slot ${liveSlot} (${describeWeights(plan.weights)}): ${plan.reason}; ${drain.reason} — ${because}`;
    const now = iso(clock.now());
    await adapters.ledger.appendStep(state.app, state.env, deploymentId, { index: -1, kind: "rollback", weights: plan.weights, changeId, reason, startedAt: now, endedAt: now });
    return { needed: true, changeId: drain.changeId, drainSeconds: drain.waitSeconds, liveSlot, weights: plan.weights, weightsNow: plan.weights, reason };
  };
}

const NOTHING_TO_DRAIN = { changeId: null, drainSeconds: 0 } as const;

/**
 * One group: roll its instance refresh back (Auto Scaling may already be doing so on an alarm) and report
 * whether it still runs, so the state machine waits and asks again until the old version is back on every
 * instance. A refresh already finished cannot be rolled back; the group then keeps the new version.
 */
async function rollBackGroup(
  { adapters, clock }: TaskDeps,
  deploymentId: string,
  app: string,
  env: string,
  config: Config,
  because: string,
): Promise<RollBackOutput> {
  const { fleet } = config;
  const group = fleet.group?.name ?? "";
  const record = await adapters.ledger.getDeployment(app, env, deploymentId);
  // Promoted (a later step failed): the release is live, and its refresh (still Baking) is no longer rolled back.
  const live = await adapters.ledger.getLive(app, env);
  if (record?.outcome === "promoted" || (record && live?.commit === record.commit))
    return { ...NOTHING_TO_DRAIN, needed: false, liveSlot: "a", weights: null, weightsNow: null, reason: `Promoted already: ${group} keeps the new version — ${because}` };
  if (config.strategy.kind === "immutable") return rollBackTemporaryGroup({ adapters, clock }, { app, env, deploymentId, config, record }, because);
  // Under the lease, a refresh running on the group is this deployment's (Replace instances waits for any other
  // to end before starting its own) — unless it started before the deployment did: the release before's, still
  // Baking after its promotion, which Replace instances may have been waiting for. With none running, Auto Scaling says what became of the newest.
  const base = { ...NOTHING_TO_DRAIN, liveSlot: "a" as const, weights: null, weightsNow: null };
  const before = record ? refreshOfTheReleaseBefore(await fleetFor(adapters, fleet).refreshStatus(group), Date.parse(record.startedAt)) : null;
  if (before) return { ...base, needed: false, reason: `${capitalized(leftAlone(group, before).reason)} — ${because}` };
  const view = await fleetFor(adapters, fleet).rollBackRefresh(group);
  const reason = `${capitalized(describeRefreshRollback(group, view).reason)} — ${because}`;
  if (!view) return { ...base, needed: false, reason };
  const rollingBack = view.status === "RollbackInProgress" || view.status === "Cancelling";
  // One rollback step of its own (index -1; the breaker's have plan positions), written the first time: the
  // later rounds only wait for the refresh.
  if (!record?.steps.some((step) => step.kind === "rollback" && step.index === -1)) {
    const now = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index: -1, kind: "rollback", reason, startedAt: now, endedAt: now });
  }
  return { ...base, needed: view.status.startsWith("Rollback"), refreshRollingBack: rollingBack, reason };
}

const capitalized = (text: string): string => `${text[0]!.toUpperCase()}${text.slice(1)}`;

/** The newest Route 53 change recorded on the deployment (the breaker's revert, or a shift). */
const lastChangeId = (record: DeploymentRecord | null): string | null => record?.steps.findLast((step) => step.changeId !== undefined)?.changeId ?? null;

/** Whether the new slot may ever have had traffic: a shift was recorded, or a step wrote weights. */
const hadTraffic = (record: DeploymentRecord | null): boolean => record?.steps.some((step) => step.kind === "setWeight" || step.weights !== undefined) ?? true;

export const task = defineTask(makeRollBack, failureInput);
