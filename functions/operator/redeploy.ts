// `glidepath deploy` (and `rollback` when the old fleet is no longer warm): starts a deployment an operator
// chose — a commit already deployed once, on the image baked for it (no bake: the definition checks the given
// image instead), or a failed one again. It runs the whole definition like a push (lease, fleet, smoke test,
// canary, alarms); its ledger record says who asked and why, and git order does not veto it (I7 is about pushes).
import type { ConfigStore, Executions, Images, Lease, Ledger } from "../adapters/ports.ts";
import type { DeploymentRecord, OperatorRequest } from "../core/model.ts";
import { otherSlot } from "../core/config.ts";
import { slotDrainedAt } from "../core/idle-drain.ts";
import { executionName } from "../core/naming.ts";
import { releaseOrigin } from "../core/env-source.ts";
import { checkDeployGate } from "./deploy-gate.ts";
import { loadValidConfig } from "../events/safe-state.ts";
import type { ExecutionInput } from "../events/start-deployment.ts";

export interface RedeployDeps {
  configStore: ConfigStore;
  ledger: Ledger;
  lease: Lease;
  images: Pick<Images, "describeImage">;
  executions: Pick<Executions, "start">;
  now: () => number;
}

export interface RedeployRequest {
  app: string;
  env: string;
  /** A commit the ledger has deployed (its full id or a prefix of at least 7 characters)… */
  commit?: string;
  /** …or an image Glidepath baked for the app/env. */
  image?: string;
  kind: OperatorRequest["kind"];
  by: string;
  reason: string;
  /** Start it outside the env's deploy windows or in a freeze (an emergency; recorded). A rollback never needs it. */
  overrideFreeze?: boolean;
}

export interface RedeployStarted {
  app: string;
  env: string;
  commit: string;
  /** The image it deploys; null when none is known and available, so it bakes one as a push would. */
  imageId: string | null;
  executionName: string;
  executionArn: string;
  requestedBy: OperatorRequest;
  /** ISO time until which the idle slot may still get cached traffic: Prepare the idle fleet waits for it. */
  drainPendingUntil: string | null;
  reason: string;
}

/** The commit or image asked for is not one the app/env has deployed, or is no longer available (bad input). */
export class UnknownReleaseError extends Error {
  override name = "UnknownReleaseError";
}

/** Another deployment holds the lease: an operator's deployment does not queue behind it. */
export class DeploymentInProgressError extends Error {
  override name = "DeploymentInProgressError";
}

/** How many earlier deployments are searched for the commit or image. */
const HISTORY_SEARCHED = 200;
/** Execution names are taken for 90 days; past this many taken attempts something else is wrong. */
const MAX_NAME_TRIES = 20;
const MIN_PREFIX = 7;

/**
 * Starts an execution for the commit (or image) an operator chose, with the image when one is known.
 * Example: v2 (ami-2) was deployed and rolled back from → `redeploy({ commit: "v2…" })` starts
 * `shop-api-prod-<v2>-2` with `image: { imageId: "ami-2" }`, so "Is the image given?" skips "Bake image".
 */
export async function redeploy(deps: RedeployDeps, request: RedeployRequest): Promise<RedeployStarted> {
  const { app, env } = request;
  const config = await loadValidConfig(deps.configStore, app, env);
  const holder = await deps.lease.current(app, env);
  if (holder) throw new DeploymentInProgressError(`${holder.owner} holds the lease of ${app}/${env}: wait for it to end, or stop it with glidepath abort`);
  // Putting a known release back is what a freeze allows: only a redeploy meets the gate.
  const overriding = request.kind === "rollback" ? "" : checkDeployGate(config, deps.now(), `a ${request.kind}`, request.overrideFreeze === true);
  const history = await deps.ledger.listDeployments(app, env, HISTORY_SEARCHED);
  const { commit, imageId } = request.image ? byImage(history, request.image, app, env) : findCommit(history, request.commit ?? "", app, env);
  const usable = imageId ? await usableImage(deps, imageId) : null;
  if (request.image && !usable) throw new UnknownReleaseError(`image ${request.image} is not available any more (${(await deps.images.describeImage(request.image)).reason ?? "deregistered"})`);
  const at = new Date(deps.now()).toISOString();
  const requestedBy: OperatorRequest = { kind: request.kind, by: request.by, reason: `${request.reason}${overriding}`, at, ...(overriding ? { overrideFreeze: true } : {}) };
  const attempts = history.filter((record) => record.commit === commit).length;
  const input: ExecutionInput & { requestedBy: OperatorRequest; image?: unknown } = {
    app,
    env,
    commit,
    ...releaseOrigin(config.source),
    source: "operator",
    receivedAt: at,
    requestedBy,
    ...(usable ? { image: { state: "pending", imageId: usable, buildVersionArn: null, startedAt: deps.now(), reason: `Image ${usable}, chosen by ${request.by}` } } : {}),
  };
  // A name of its own: the commit's earlier attempts keep theirs (Step Functions holds a name for 90 days).
  for (let attempt = attempts + 1; attempt <= attempts + MAX_NAME_TRIES; attempt++) {
    const name = executionName(app, env, commit, attempt);
    const started = await deps.executions.start({ name, input: { ...input, attempt } });
    if (started.status === "exists") continue;
    // A later push of the same commit must not pick this attempt's name (it would read as a duplicate event).
    const pushed = await deps.ledger.getPush(app, env, commit);
    if (pushed && pushed.attempts < attempt) await deps.ledger.recordPush({ ...pushed, attempts: attempt });
    const how = usable ? `on image ${usable} (no bake)` : `baking an image first (no available image of it is known)`;
    const drainPendingUntil = await idleSlotDrainPending(deps, history[0], app, env, config.traffic.ttl);
    const waits = drainPendingUntil ? `; the idle slot may still get cached traffic until ${drainPendingUntil}, so Prepare the idle fleet waits until then (DrainPendingError, retried)` : "";
    return {
      app,
      env,
      commit,
      imageId: usable,
      executionName: name,
      executionArn: started.executionArn,
      requestedBy,
      drainPendingUntil,
      reason: `Started ${name}: ${request.kind} of ${commit.slice(0, 12)} ${how}, asked by ${request.by}: ${request.reason}${waits}`,
    };
  }
  throw new Error(`could not name an execution for ${commit.slice(0, 12)}: attempts ${attempts + 1}–${attempts + MAX_NAME_TRIES} are all taken`);
}

/** The commit a full id or prefix names among the app/env's deployments, with the newest image baked for it. */
export function findCommit(history: DeploymentRecord[], wanted: string, app: string, env: string): { commit: string; imageId: string | null } {
  if (wanted.length < MIN_PREFIX) throw new UnknownReleaseError(`--commit ${wanted}: give at least ${MIN_PREFIX} characters of the commit id`);
  const matching = history.filter((record) => record.commit.startsWith(wanted));
  const commits = [...new Set(matching.map((record) => record.commit))];
  if (commits.length === 0) throw new UnknownReleaseError(`commit ${wanted} has never been deployed to ${app}/${env} (searched its last ${HISTORY_SEARCHED} deployments): push it to deploy it`);
  if (commits.length > 1) throw new UnknownReleaseError(`commit ${wanted} is ambiguous in ${app}/${env}: ${commits.map((c) => c.slice(0, 12)).join(", ")}`);
  // Newest first: the latest image baked for it.
  const withImage = matching.find((record) => record.imageId);
  return { commit: commits[0]!, imageId: withImage?.imageId ?? null };
}

function byImage(history: DeploymentRecord[], imageId: string, app: string, env: string): { commit: string; imageId: string } {
  const record = history.find((candidate) => candidate.imageId === imageId);
  if (!record) throw new UnknownReleaseError(`image ${imageId} is not one ${app}/${env} has deployed (searched its last ${HISTORY_SEARCHED} deployments)`);
  return { commit: record.commit, imageId };
}

/** When the slot this deployment will prepare (the one not live) stops getting traffic the latest deployment gave it, if still ahead. */
async function idleSlotDrainPending(deps: Pick<RedeployDeps, "ledger" | "now">, latest: DeploymentRecord | undefined, app: string, env: string, ttlSeconds: number): Promise<string | null> {
  const live = await deps.ledger.getLive(app, env);
  if (!latest || !live) return null;
  const drainedAt = slotDrainedAt(latest, otherSlot(live.liveSlot), ttlSeconds);
  return drainedAt !== null && drainedAt > deps.now() ? new Date(drainedAt).toISOString() : null;
}

/** The image id when EC2 still has it available (retention may have deregistered an old one). */
async function usableImage(deps: Pick<RedeployDeps, "images">, imageId: string): Promise<string | null> {
  const { state } = await deps.images.describeImage(imageId).catch(() => ({ state: "failed" as const }));
  return state === "available" ? imageId : null;
}
