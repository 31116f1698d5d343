// Promotion along the env path, as the reconciler runs it every round (level-triggered: nothing is queued that
// could be lost; each round reads where the downstream env stands from the ledger and CloudWatch's alarm
// history): a release the upstream env promoted starts downstream on the same image once it soaked there
// alarm-free (core/promotion.ts decides). `glidepath promote-env` and `approve` start one through here too.
import type { Alarms, Clock, ConfigStore, Executions, Lease, Ledger } from "../adapters/ports.ts";
import type { Config } from "../core/config.ts";
import { isPromotionSource, releaseOrigin, type PromotionSource } from "../core/env-source.ts";
import type { OperatorRequest, PromotedFrom } from "../core/model.ts";
import { executionName } from "../core/naming.ts";
import { deployGate } from "../core/deploy-windows.ts";
import { promotionState, soakAlarmNames, type PromotionCandidate, type PromotionState } from "../core/promotion.ts";
import type { ExecutionInput } from "./start-deployment.ts";
import { loadValidConfig } from "./safe-state.ts";

export interface PromotionDeps {
  configStore: ConfigStore;
  ledger: Ledger;
  lease: Pick<Lease, "current">;
  alarms: Pick<Alarms, "history" | "states">;
  executions: Pick<Executions, "start">;
  clock: Clock;
}

/** Who starts a promotion whose soak has passed (the reconciler), as its deployment record names it. */
export const AUTOMATIC_PROMOTER = "glidepath (soak passed)";

/** How many deployments of each env are read: enough to find the upstream's promotion and any earlier try downstream. */
const HISTORY_READ = 50;
/** Execution names are taken for 90 days; an operator's promotion tries this many attempt numbers. */
const MAX_NAME_TRIES = 20;

export type DownstreamConfig = Config & { source: PromotionSource };

export const isPromotedEnv = (config: Config): config is DownstreamConfig => isPromotionSource(config.source);

/**
 * Where a promoted env stands with its upstream's live release (core/promotion.ts), read from both envs' ledger
 * records and the upstream's watched alarms since that release went live.
 * Example: prod promoted from staging 2h after staging's v2 went live → `{ kind: "ready", candidate: { commit: v2, imageId, … } }`.
 */
export async function readPromotion(deps: Omit<PromotionDeps, "executions">, config: DownstreamConfig): Promise<PromotionState> {
  const { app, env, source } = config;
  const [upstreamLive, upstreamDeployments, downstreamLive, downstreamDeployments] = await Promise.all([
    deps.ledger.getLive(app, source.promotedFrom),
    deps.ledger.listDeployments(app, source.promotedFrom, HISTORY_READ),
    deps.ledger.getLive(app, env),
    deps.ledger.listDeployments(app, env, HISTORY_READ),
  ]);
  const now = deps.clock.now();
  const gate = deployGate(now, config.windows, config.freeze);
  const facts = { app, env, source, upstreamLive, upstreamDeployments, downstreamLive, downstreamDeployments, alarmChanges: [], alarmStates: [], gate, now };
  const withoutAlarms = promotionState(facts);
  // Only a release still on its way needs the upstream's alarms read: they cannot change any other answer.
  if (!["soaking", "awaitingApproval", "waitingForWindow", "ready"].includes(withoutAlarms.kind) || !upstreamLive || !("candidate" in withoutAlarms)) return withoutAlarms;
  const upstream = await loadValidConfig(deps.configStore, app, source.promotedFrom);
  const names = soakAlarmNames(upstream, upstreamLive.liveSlot);
  if (names.length === 0) return withoutAlarms;
  const [alarmChanges, alarmStates] = await Promise.all([deps.alarms.history(names, withoutAlarms.candidate.liveSince, now), deps.alarms.states(names)]);
  return promotionState({ ...facts, alarmChanges, alarmStates });
}

export interface PromotionStarted {
  app: string;
  env: string;
  commit: string;
  imageId: string;
  promotedFrom: PromotedFrom;
  executionName: string;
  executionArn: string;
  requestedBy: OperatorRequest;
  reason: string;
}

/**
 * Starts the downstream deployment of `candidate` on its image (the definition's "Is the image given?" goes to
 * "Check image": no bake). `automatic` (the reconciler) starts only the first free attempt name, so two rounds
 * at once start it once; an operator's promotion takes the next free name.
 * Returns null when the automatic attempt's name is taken (started already, still before Acquire lease).
 */
export async function startPromotion(
  deps: Pick<PromotionDeps, "ledger" | "executions" | "clock">,
  config: Config,
  candidate: PromotionCandidate,
  request: { by: string; reason: string; automatic: boolean; overrideFreeze?: boolean },
): Promise<PromotionStarted | null> {
  const { app, env } = config;
  const at = new Date(deps.clock.now()).toISOString();
  const requestedBy: OperatorRequest = { kind: "promotion", by: request.by, reason: request.reason, at, ...(request.overrideFreeze ? { overrideFreeze: true } : {}) };
  const promotedFrom: PromotedFrom = { env: candidate.fromEnv, deploymentId: candidate.deploymentId, commit: candidate.commit, imageId: candidate.imageId };
  const history = await deps.ledger.listDeployments(app, env, HISTORY_READ);
  const attempts = history.filter((record) => record.commit === candidate.commit).length;
  const input: ExecutionInput & { requestedBy: OperatorRequest; promotedFrom: PromotedFrom; image: unknown } = {
    app,
    env,
    commit: candidate.commit,
    ...releaseOrigin(config.source),
    source: "promotion",
    receivedAt: at,
    requestedBy,
    promotedFrom,
    image: { state: "pending", imageId: candidate.imageId, buildVersionArn: null, startedAt: deps.clock.now(), reason: `Image ${candidate.imageId} of ${candidate.fromEnv}'s ${candidate.deploymentId}, promoted` },
  };
  const tries = request.automatic ? 1 : MAX_NAME_TRIES;
  for (let attempt = attempts + 1; attempt <= attempts + tries; attempt++) {
    const name = executionName(app, env, candidate.commit, attempt);
    const started = await deps.executions.start({ name, input: { ...input, ...(attempt > 1 ? { attempt } : {}) } });
    if (started.status === "exists") continue;
    return {
      app,
      env,
      commit: candidate.commit,
      imageId: candidate.imageId,
      promotedFrom,
      executionName: name,
      executionArn: started.executionArn,
      requestedBy,
      reason: `Started ${name}: promotion of ${candidate.commit.slice(0, 12)} on image ${candidate.imageId} (no bake) from ${candidate.fromEnv} (${candidate.deploymentId}), asked by ${request.by}: ${request.reason}`,
    };
  }
  if (request.automatic) return null;
  throw new Error(`could not name an execution for ${candidate.commit.slice(0, 12)}: attempts ${attempts + 1}–${attempts + tries} are all taken`);
}

/**
 * The reconciler's promotion step for one app/env no deployment holds: starts the upstream's release when it is
 * due, and otherwise says nothing (status shows why it waits). Returns what it did, for the reconciler's report.
 */
export async function promoteWhenDue(deps: PromotionDeps, config: Config): Promise<string | null> {
  if (!isPromotedEnv(config)) return null;
  const state = await readPromotion(deps, config);
  if (state.kind !== "ready") return null;
  const started = await startPromotion(deps, config, state.candidate, { by: AUTOMATIC_PROMOTER, reason: state.reason, automatic: true });
  if (started) return started.reason;
  // Its name is taken and nothing is recorded: started by a round running at the same time (it records itself in
  // a moment), or ended before taking the lease (a race with an operator's deployment). Said every round until
  // the record appears, so a promotion that never ran is not silent.
  return `promotion of ${state.candidate.commit.slice(0, 12)} from ${state.candidate.fromEnv} was already started, but no deployment of it is recorded yet; if none appears, glidepath promote-env --app ${config.app} --from ${state.candidate.fromEnv} --to ${config.env} starts it again`;
}
