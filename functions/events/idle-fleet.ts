// The reconciler's last convergence step: the idle slot's fleet scaled to zero once nothing needs it (I6).
// Nothing needs it once scaleDownDelay has passed since the live slot was promoted (the warm rollback target
// is no longer kept) and it is drained: the Route 53 change that left it at weight 0 is INSYNC and the
// record's TTL has passed since, so no resolver still sends it traffic (I2).
//
// The reconciler is level-triggered and keeps no state of its own between runs, so the drain is tracked on
// the app/env's latest deployment record, as `drain` steps marked `started` with the reconciler's own change
// (an UPSERT of the weights already in place: once it is INSYNC every earlier change is too), then `insync`
// once it is. The run that starts a drain normally ends it too: a zone still busy with the change that
// emptied the slot (cleanup's restore, say) is polled until it takes ours, and a TTL short enough to fit in
// the invocation is waited out here, so the fleet goes down within one reconcile period of being due (the
// allowance the invariant monitor holds it to). Whatever does not fit is left to the next run; the core drain
// rule (functions/core/drain.ts `drainVerdict`) decides, as it does for every other path.
import type { Traffic, Fleet, Ledger, Clock } from "../adapters/ports.ts";
import type { Config, SlotName } from "../core/config.ts";
import type { WeightWriter } from "../core/fence.ts";
import { StaleLeaseError } from "../errors.ts";
import { drainVerdict } from "../core/drain.ts";
import type { LiveRecord, StepRecord } from "../core/model.ts";
import { weightsFor } from "../core/weights.ts";
import { slotEndpoints, trafficTarget } from "../task-support/traffic.ts";
import { slotsOf } from "../core/fleet-shape.ts";

export interface IdleFleetDeps {
  traffic: Traffic;
  ledger: Ledger;
  fleets: { autoscaling: Fleet; codedeploy: Fleet };
  clock: Clock;
  /** Waits between INSYNC polls (virtual in the sandbox). */
  sleep: (ms: number) => Promise<void>;
  /** Until when (epoch ms) this run may wait for the zone to take its change and for it to be INSYNC. */
  waitUntil: number;
  /** Until when (epoch ms) this run may wait out the TTL after INSYNC: the invocation's time left. */
  cachesWaitUntil: number;
  /** True while no deployment holds the app/env's lease (checked again right before scaling down). */
  stillUnheld: () => Promise<boolean>;
  /** Who writes the drain's weights: the reconciler, as the sweeper of the latest lease (core/fence.ts). */
  writer: WeightWriter;
}

const INSYNC_POLL_MS = 10_000;

/** A zone still applying a change (or throttled) refuses ours for now. */
function busyZone(error: unknown): null {
  if (["PriorChangePendingError", "ThrottledError"].includes((error as Error)?.name)) return null;
  throw error;
}

/**
 * Writes the drain's own change, polling a busy zone until `waitUntil`: the change that emptied the slot is
 * usually the one keeping it busy, and it is INSYNC within a minute. Null when the zone never took it.
 */
async function ownChangeWithin(deps: IdleFleetDeps, write: () => Promise<{ changeId: string }>): Promise<{ changeId: string } | null> {
  for (;;) {
    const own = await write().catch(busyZone);
    if (own) return own;
    if (deps.clock.now() + INSYNC_POLL_MS > deps.waitUntil) return null;
    await deps.sleep(INSYNC_POLL_MS);
  }
}

/** Polls the change until INSYNC or `waitUntil`; true once INSYNC. */
async function insyncWithin(deps: IdleFleetDeps, changeId: string): Promise<boolean> {
  for (;;) {
    if ((await deps.traffic.changeStatus(changeId)) === "INSYNC") return true;
    if (deps.clock.now() + INSYNC_POLL_MS > deps.waitUntil) return false;
    await deps.sleep(INSYNC_POLL_MS);
  }
}

/** What the step did: null when the idle fleet is already down or must stay up for now. */
export interface IdleFleetAction {
  scaledDown: boolean;
  reason: string;
}

type DrainState = { stage: "none" } | { stage: "started"; changeId: string } | { stage: "insync"; changeId: string; seenAt: number };

/**
 * Where the drain of `idleSlot` stands, from the record's trailing drain steps; a step that moved traffic
 * since (any other kind) starts it over.
 * Example: steps [..., drain started (C1), drain: change INSYNC (C1) at 12:05] → { stage: "insync", changeId: "C1", seenAt: 12:05 }.
 */
export function drainState(steps: StepRecord[], idleSlot: SlotName): DrainState {
  let state: DrainState = { stage: "none" };
  for (const step of steps) {
    if (step.kind !== "drain" || !step.changeId || !step.weights || step.weights[idleSlot] !== 0) {
      state = { stage: "none" };
      continue;
    }
    if (step.drain === "started") state = { stage: "started", changeId: step.changeId };
    else if (step.drain === "insync" && state.stage === "started" && state.changeId === step.changeId)
      state = { stage: "insync", changeId: step.changeId, seenAt: Date.parse(step.startedAt) };
  }
  return state;
}

/**
 * One run's progress on retiring the idle fleet of a converged app/env (traffic already 100% on `live`;
 * `restoredWith` is the change that put it there in this very run, if one did).
 * The fleet's size is read only for Auto Scaling groups; a CodeDeploy group is left to RetireOldFleet.
 */
export async function retireIdleFleet(deps: IdleFleetDeps, config: Config, live: LiveRecord, restoredWith?: string): Promise<IdleFleetAction | null> {
  // One group has no idle fleet: its old instances are replaced, not kept.
  if (config.fleet.provider !== "autoscaling" || config.fleet.group) return null;
  const idleSlot: SlotName = live.liveSlot === "a" ? "b" : "a";
  const group = slotsOf(config.fleet)[idleSlot].group;
  const now = deps.clock.now();
  // Kept warm for a late rollback until scaleDownDelay after the promotion.
  const keepUntil = Date.parse(live.updatedAt) + config.scaleDownDelay * 1000;
  if (now < keepUntil) return null;
  const { desired } = await deps.fleets.autoscaling.status({ group, ref: "" });
  if (desired === 0) return null;
  const [latest] = await deps.ledger.listDeployments(config.app, config.env, 1);
  if (!latest) return null;
  const drain = drainState(latest.steps, idleSlot);
  const target = trafficTarget(config);
  const weights = weightsFor(0, idleSlot);
  let index = latest.steps.length;
  const record = (drain: "started" | "insync", reason: string, changeId: string): Promise<void> => {
    const at = new Date(deps.clock.now()).toISOString();
    const step: StepRecord = { index: index++, kind: "drain", drain, weights, changeId, reason, startedAt: at, endedAt: at };
    return deps.ledger.appendStep(config.app, config.env, latest.deploymentId, step);
  };

  let changeId: string;
  if (drain.stage === "none" || restoredWith) {
    // The change that just put traffic back drains the slot; else one of our own, so its INSYNC can be read.
    let own: { changeId: string } | null;
    try {
      own = restoredWith ? { changeId: restoredWith } : await ownChangeWithin(deps, () => deps.traffic.setWeights(target, weights, slotEndpoints(config), deps.writer));
    } catch (error) {
      // Fenced out: a deployment took the lease (and wrote) since this run read it; the traffic is its to move.
      if (error instanceof StaleLeaseError) return { scaledDown: false, reason: `left ${group} up: ${error.message}` };
      throw error;
    }
    if (!own) return { scaledDown: false, reason: `drain of ${group} waits: Route 53 is still applying an earlier change to the zone` };
    changeId = own.changeId;
    await record("started", `drain started: ${group} (slot ${idleSlot}) is up with nothing to serve; waiting for change ${changeId} to be INSYNC, then the ${target.ttl} s TTL`, changeId);
  } else changeId = drain.changeId;

  let insyncAt = drain.stage === "insync" && !restoredWith ? drain.seenAt : null;
  if (insyncAt === null) {
    // INSYNC normally comes within a minute: wait for it here while the invocation has time.
    if (!(await insyncWithin(deps, changeId))) return { scaledDown: false, reason: `draining ${group} (slot ${idleSlot}): change ${changeId} still PENDING` };
    insyncAt = deps.clock.now();
    await record("insync", `drain: change INSYNC ${changeId}; ${group} scales down once the ${target.ttl} s TTL has passed`, changeId);
    // Waiting out a TTL that fits in this invocation ends the drain now; the next run is a whole period away.
    if (insyncAt + target.ttl * 1000 > deps.cachesWaitUntil)
      return { scaledDown: false, reason: `draining ${group} (slot ${idleSlot}): change ${changeId} INSYNC, waiting out the ${target.ttl} s TTL` };
    await deps.sleep(target.ttl * 1000);
  }
  const verdict = drainVerdict({ weight: 0, change: { id: changeId, insyncAt }, ttlSeconds: target.ttl, now: deps.clock.now() });
  if (verdict.kind !== "drained") return { scaledDown: false, reason: `draining ${group}: ${verdict.reason}` };
  // A push may have taken the lease since this run looked: its fleet is then its own.
  if (!(await deps.stillUnheld())) return { scaledDown: false, reason: `left ${group} up: a deployment took the lease of ${config.app}/${config.env} meanwhile` };
  await deps.fleets.autoscaling.scaleDown(group);
  return { scaledDown: true, reason: `scaled ${group} (slot ${idleSlot}) to 0: drained (change ${changeId} INSYNC, then the ${target.ttl} s TTL) and ${config.scaleDownDelay} s past promotion` };
}

