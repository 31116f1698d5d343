// "Run preflight checks": decides which slot is live and which receives the new version, and checks that
// the records, endpoints and alarms a rollout relies on exist, and that none of those alarms is already
// firing, before anything changes.
import * as z from "../core/zod-mini.ts";
import { otherSlot, type SlotName } from "../core/slots.ts";
import type { AlarmState, Plan } from "../core/model.ts";
import { formatDuration } from "../core/duration.ts";
import { firstDeployPlan } from "../core/plan.ts";
import { servingSlot } from "../core/weights.ts";
import { alarmPoliciesFor } from "../core/verdicts.ts";
import { AlarmAlreadyFiringError, PreflightError } from "../errors.ts";
import { defineTask, type TaskAdapters, type TaskDeps } from "../task-support/deps.ts";
import { validatedConfig } from "../task-support/inputs.ts";
import { trafficTarget } from "../task-support/traffic.ts";

export const preflightInput = z.object({
  app: z.string().check(z.minLength(1)),
  env: z.string().check(z.minLength(1)),
  config: validatedConfig,
  plan: z.custom<Plan>((value) => typeof value === "object" && value !== null && Array.isArray((value as Plan).steps), "must be a plan"),
});
export type PreflightInput = z.output<typeof preflightInput>;
export interface PreflightOutput {
  liveSlot: SlotName;
  idleSlot: SlotName;
  liveCommit: string | null;
  firstDeploy: boolean;
  /** The plan this deployment walks: the compiled one, or 100% at once on a first deployment. */
  plan: Plan;
  reason: string;
}

export function makePreflight({ adapters }: TaskDeps) {
  return async function preflight({ app, env, config, plan }: PreflightInput): Promise<PreflightOutput> {
    if (config.fleet.group) return groupPreflight({ adapters }, { app, env, config, plan });
    const live = await adapters.ledger.getLive(app, env);
    const records = await adapters.traffic.readWeights(trafficTarget(config));
    // No live record, yet Route 53 sends traffic to a slot: a first deployment failed after taking traffic and
    // its fleet was kept up. That slot is what serves users, so it counts as live and is never redeployed.
    const serving = live ? null : servingSlot(records.weights);
    // A true first deploy: slot a counts as live (it has nothing) and the first version goes to b.
    const liveSlot: SlotName = live?.liveSlot ?? serving ?? "a";
    const idleSlot = otherSlot(liveSlot);
    const problems: string[] = [];
    if (live && records.weights[liveSlot] === null)
      problems.push(
        config.traffic.kind === "alb"
          ? `the ALB's forward action (${config.traffic.ruleArn ?? config.traffic.listenerArn}) does not exist`
          : `Route 53 has no weighted record for live slot ${liveSlot} of ${config.traffic.recordName}`,
      );
    if (records.ttl !== null && records.ttl !== config.traffic.ttl)
      problems.push(`record TTL is ${records.ttl}s but the config says ${config.traffic.ttl}s (all records in a set share one TTL)`);

    await checkAlarms({ adapters }, app, env, alarmPoliciesFor(config, idleSlot).map((policy) => policy.name), problems);

    return {
      liveSlot,
      idleSlot,
      liveCommit: live?.commit ?? null,
      firstDeploy: live === null && serving === null,
      plan: live || serving ? plan : firstDeployPlan(plan),
      reason: live
        ? `Slot ${liveSlot} is live at ${live.commit ?? "an unknown commit"}; the new version goes to slot ${idleSlot}`
        : serving
          ? `Nothing is recorded live, but Route 53 sends traffic to slot ${serving} (kept up after a failed first deployment): it counts as live; the new version goes to slot ${idleSlot}`
          : `First deployment: nothing is live, so the new version goes to slot b and takes 100% after its smoke test`,
    };
  };
}

/**
 * The alarms exist (else `problems` gets them and everything is thrown), and none is already firing: starting
 * into a firing alarm sends users a share of a release whose first check is bound to fail.
 */
async function checkAlarms({ adapters }: { adapters: TaskAdapters }, app: string, env: string, wanted: string[], problems: string[]): Promise<AlarmState[]> {
  const states = wanted.length > 0 ? await adapters.alarms.states(wanted) : [];
  const found = new Set(states.map((alarm) => alarm.name));
  const missing = wanted.filter((name) => !found.has(name));
  if (missing.length > 0) problems.push(`alarms not found in CloudWatch: ${missing.join(", ")}`);
  if (problems.length > 0) throw new PreflightError(`Preflight failed for ${app}/${env}: ${problems.join("; ")}`);
  const firing = states.filter((alarm) => alarm.state === "ALARM");
  if (firing.length > 0)
    throw new AlarmAlreadyFiringError(
      `Preflight refused ${app}/${env}: ${firing.map((alarm) => `${alarm.name} is already in ALARM${alarm.reason ? ` (${alarm.reason})` : ""}`).join("; ")}; ` +
        `nothing was changed — push again once it is OK`,
    );
  return states;
}

/** CloudWatch evaluates a standard-resolution alarm once a minute. */
const ALARM_EVALUATION_SECONDS = 60;

/**
 * Immutable's final bake is its only bake, and the cut-over after it cannot be undone: an alarm that has not
 * looked at the new instances for its whole evaluation window by then cannot stop a bad release. Refused
 * before anything is made. Example: finalBake 2m and an alarm of 3 × 60 s → "… needs at least 4m …".
 */
function refuseShortFinalBake(app: string, env: string, finalBakeSeconds: number, alarms: AlarmState[]): void {
  const slowest = alarms.reduce<AlarmState | undefined>((slow, alarm) => ((alarm.windowSeconds ?? 0) > (slow?.windowSeconds ?? 0) ? alarm : slow), undefined);
  if (!slowest?.windowSeconds) return;
  const needed = slowest.windowSeconds + ALARM_EVALUATION_SECONDS;
  if (finalBakeSeconds >= needed) return;
  throw new PreflightError(
    `Preflight refused ${app}/${env}: finalBake ${formatDuration(finalBakeSeconds)} is immutable's only bake and ends before ${slowest.name} ` +
      `(${formatDuration(slowest.windowSeconds)} of metrics per evaluation) can judge the new instances; set finalBake to at least ${formatDuration(needed)} — nothing was changed`,
  );
}

/**
 * One group has no second slot and no weighted records: the group is "slot a", live and receiving the new
 * version alike, and every deployment (the first too) walks its plan, since the group already serves.
 */
async function groupPreflight({ adapters }: { adapters: TaskAdapters }, { app, env, config, plan }: PreflightInput): Promise<PreflightOutput> {
  const group = config.fleet.group?.name ?? "";
  if (!plan.fleetChange)
    throw new PreflightError(`Preflight refused ${app}/${env}: strategy ${config.strategy.kind} on one group has no fleet change in its plan (rolling, canary, allAtOnce and immutable have one)`);
  const live = await adapters.ledger.getLive(app, env);
  const alarms = await checkAlarms({ adapters }, app, env, alarmPoliciesFor(config, GROUP_SLOT).map((policy) => policy.name), []);
  if (plan.fleetChange.kind === "temporaryGroup") refuseShortFinalBake(app, env, plan.finalBakeSeconds, alarms);
  return {
    liveSlot: GROUP_SLOT,
    idleSlot: GROUP_SLOT,
    liveCommit: live?.commit ?? null,
    firstDeploy: live === null,
    plan,
    reason: `One group: ${plan.fleetChange.kind === "temporaryGroup" ? `a temporary group beside ${group} brings the new version up, then ${group} cuts over to it` : `an instance refresh replaces ${group}'s instances with the new version`} (${live ? `live is ${live.commit ?? "an unknown commit"}` : "nothing recorded live yet"})`,
  };
}

/** A one-group fleet is recorded as its own slot: live and new version share it. */
const GROUP_SLOT: SlotName = "a";

export const task = defineTask(makePreflight, preflightInput);
