// `glidepath promote-env --app A --from staging --to prod [--commit C]`: starts, by hand, the promotion the
// reconciler would start after the soak — now, or of an earlier release the upstream env promoted, or again
// after a failed one. It runs the downstream env's whole pipeline on the upstream's image (no bake); the
// ledger records who asked, why, and which upstream deployment the release came from.
import type { Images } from "../adapters/ports.ts";
import { isPromotionSource } from "../core/env-source.ts";
import type { DeploymentRecord } from "../core/model.ts";
import type { PromotionCandidate, PromotionState } from "../core/promotion.ts";
import { loadValidConfig } from "../events/safe-state.ts";
import { readPromotion, startPromotion, type PromotionDeps, type PromotionStarted } from "../events/promotion.ts";
import { DeploymentInProgressError, UnknownReleaseError } from "./redeploy.ts";
import { checkDeployGate } from "./deploy-gate.ts";

export interface PromoteEnvRequest {
  app: string;
  from: string;
  to: string;
  /** A commit the upstream env promoted (7+ characters); its live release when absent. */
  commit?: string;
  by: string;
  reason: string;
  /** Start it outside the downstream env's deploy windows or in a freeze (an emergency; recorded). */
  overrideFreeze?: boolean;
}

export type PromoteEnvDeps = PromotionDeps & { images: Pick<Images, "describeImage"> };

/** How far back the upstream's promotions are searched for `--commit`. */
const HISTORY_SEARCHED = 200;
const MIN_PREFIX = 7;

/**
 * Starts the promotion of the upstream's live release (or `commit`) into `to`, whatever its soak or an earlier
 * failure says (the reason records what it overrode), once the release is one the upstream promoted and its image
 * is still available. Example: staging live at v2 (ami-2) → starts `shop-api-prod-<v2>` on ami-2.
 */
export async function promoteEnv(deps: PromoteEnvDeps, request: PromoteEnvRequest): Promise<PromotionStarted> {
  const { app, from, to } = request;
  const config = await loadValidConfig(deps.configStore, app, to);
  if (!isPromotionSource(config.source))
    throw new UnknownReleaseError(`${app}/${to} tracks branch ${config.source.branch} of ${config.source.repository}, not another env: its releases come by push (glidepath deploy redeploys one)`);
  if (config.source.promotedFrom !== from) throw new UnknownReleaseError(`${app}/${to} is promoted from ${config.source.promotedFrom}, not from ${from}`);
  const holder = await deps.lease.current(app, to);
  if (holder) throw new DeploymentInProgressError(`${holder.owner} holds the lease of ${app}/${to}: wait for it to end, or stop it with glidepath abort`);
  const overriding = checkDeployGate(config, deps.clock.now(), "a promotion", request.overrideFreeze === true);
  const state = await readPromotion(deps, { ...config, source: config.source });
  const candidate = request.commit ? await promotedUpstream(deps, app, from, request.commit) : liveCandidate(state, app, from);
  const image = await deps.images.describeImage(candidate.imageId).catch((error: Error) => ({ state: "failed" as const, reason: error.message }));
  if (image.state !== "available") throw new UnknownReleaseError(`image ${candidate.imageId} of ${candidate.commit.slice(0, 12)} is ${image.state} (${image.reason ?? "not available"}): it cannot be promoted; push the commit again to bake it`);
  const overrides = "candidate" in state && state.candidate.commit === candidate.commit && state.kind !== "ready" ? ` (by hand, over: ${state.reason})` : "";
  const started = await startPromotion(deps, config, candidate, { by: request.by, reason: `${request.reason}${overrides}${overriding}`, automatic: false, overrideFreeze: overriding !== "" });
  return started!;
}

/** The upstream's live release, when it is one the upstream promoted. */
function liveCandidate(state: PromotionState, app: string, from: string): PromotionCandidate {
  if ("candidate" in state) return state.candidate;
  // "none" also says so when the downstream env already runs it.
  throw new UnknownReleaseError(`nothing to promote from ${app}/${from}: ${state.reason}`);
}

/** A commit (full or 7+ characters) the upstream env promoted, with the image and deployment that did it. */
async function promotedUpstream(deps: Pick<PromotionDeps, "ledger">, app: string, from: string, wanted: string): Promise<PromotionCandidate> {
  if (wanted.length < MIN_PREFIX) throw new UnknownReleaseError(`--commit ${wanted}: give at least ${MIN_PREFIX} characters of the commit id`);
  const history = await deps.ledger.listDeployments(app, from, HISTORY_SEARCHED);
  const matching = history.filter((record) => record.commit.startsWith(wanted));
  const commits = new Set(matching.map((record) => record.commit));
  if (commits.size > 1) throw new UnknownReleaseError(`commit ${wanted} is ambiguous in ${app}/${from}: ${[...commits].map((c) => c.slice(0, 12)).join(", ")}`);
  const promoted = matching.find((record): record is DeploymentRecord & { imageId: string } => record.outcome === "promoted" && !!record.imageId);
  if (!promoted) {
    const seen = matching[0] ? `its deployments there ended ${[...new Set(matching.map((r) => r.outcome))].join(", ")}` : `it was never deployed there (searched its last ${HISTORY_SEARCHED} deployments)`;
    throw new UnknownReleaseError(`commit ${wanted} was not promoted in ${app}/${from}: ${seen}; only a release the upstream env promoted can be promoted from it`);
  }
  return { fromEnv: from, commit: promoted.commit, imageId: promoted.imageId, deploymentId: promoted.deploymentId, liveSince: Date.parse(promoted.endedAt ?? promoted.startedAt) };
}

/** The env's promotion does not wait for approval (none is due, or its soak is not over): nothing to approve. */
export class NoPromotionAwaitingApprovalError extends Error {
  override name = "NoApprovalPendingError";
}

/**
 * `glidepath approve` for an env promoted with `approval: true`, when no deployment is in progress: starts the
 * promotion that soaked and waits for approval. Example: prod awaits approval of v2 → starts `shop-api-prod-<v2>`.
 * A rejection starts nothing (the promotion stays waiting until the upstream promotes a newer release).
 */
export async function approvePromotion(deps: PromotionDeps, request: { app: string; env: string; approved: boolean; by: string; reason: string }): Promise<PromotionStarted> {
  const { app, env } = request;
  const config = await loadValidConfig(deps.configStore, app, env);
  if (!isPromotionSource(config.source)) throw new NoPromotionAwaitingApprovalError(`no deployment of ${app}/${env} is in progress, so none waits for approval`);
  const state = await readPromotion(deps, { ...config, source: config.source });
  if (state.kind !== "awaitingApproval") throw new NoPromotionAwaitingApprovalError(`no deployment of ${app}/${env} is in progress, and no promotion waits for approval: ${state.reason}`);
  if (!request.approved)
    throw new NoPromotionAwaitingApprovalError(`the promotion of ${state.candidate.commit.slice(0, 12)} from ${state.candidate.fromEnv} only starts once approved, so a rejection changes nothing: it keeps waiting until ${state.candidate.fromEnv} promotes a newer release`);
  checkDeployGate(config, deps.clock.now(), "the promotion", false);
  const started = await startPromotion(deps, config, state.candidate, { by: request.by, reason: `approved: ${request.reason}`, automatic: false });
  return started!;
}
