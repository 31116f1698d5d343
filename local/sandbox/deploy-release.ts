// Pushes one release into the sandbox the way a git push reaches Glidepath on AWS (a CodeCommit event into
// the start-deployment handler), waits for its execution, and reads the outcome back from the ledger.
import type { SlotName } from "../../functions/core/config.ts";
import { trackedBranchOf } from "../../functions/core/env-source.ts";
import { courseChangingSignal, describeControl } from "../../functions/core/control.ts";
import type { ControlSignal, StepRecord, Weights } from "../../functions/core/model.ts";
import { servingSlot } from "../../functions/core/weights.ts";
import { codeCommitPushEvent } from "../codecommit-event.ts";
import type { ExecutionStats } from "../execute-definition.ts";
import type { DeploymentOutcome } from "../report/timeline-model.ts";
import type { Sandbox } from "./sandbox.ts";

export interface ReleaseOutcome {
  /** The release's label (scenario `commit`, or the demo's release name). */
  commit: string;
  commitId: string;
  execution: string | null;
  outcome: DeploymentOutcome;
  reason: string;
  liveSlot: SlotName;
  weights: Weights;
  steps: StepRecord[];
  /** Who stopped it from outside the execution (circuit breaker, a superseding push, an operator), if anyone did. */
  control?: ControlSignal;
  /** What its execution cost, counted from the local runner's real run (absent when no execution ran). */
  stats?: ExecutionStats;
  startedAt: number;
  endedAt: number;
}

export interface Release {
  label: string;
  commitId: string;
  /** The branch's previous head (absent for the first push). */
  previousCommitId?: string;
  /** Deliver the push event twice, as EventBridge may. */
  deliverTwice?: boolean;
}

/** The CodeCommit event of a release's push, as EventBridge delivers it at virtual time `at`. */
function pushEventOf(sandbox: Sandbox, release: Release, at: number) {
  return codeCommitPushEvent({
    ...sandboxBranch(sandbox),
    commit: release.commitId,
    ...(release.previousCommitId ? { oldCommit: release.previousCommitId } : {}),
    time: new Date(at),
  });
}

/** The branch the sandbox's config tracks: a release is a push to it. */
function sandboxBranch(sandbox: Sandbox): { repositoryName: string; branch: string } {
  const tracked = trackedBranchOf(sandbox.config.source);
  if (!tracked) throw new Error(`the sandbox's config (${sandbox.config.app}/${sandbox.config.env}) is promoted from ${"promotedFrom" in sandbox.config.source ? sandbox.config.source.promotedFrom : "another env"}: pushes go to the env that tracks a branch`);
  return { repositoryName: tracked.repository, branch: tracked.branch };
}

export async function deployRelease(sandbox: Sandbox, release: Release): Promise<ReleaseOutcome[]> {
  const startedAt = sandbox.clock.now();
  const event = pushEventOf(sandbox, release, startedAt);
  let started: Awaited<ReturnType<Sandbox["push"]>>;
  try {
    started = await sandbox.push(event);
  } catch (error) {
    // Every try of start-deployment failed: on AWS the event is dropped, so this push deployed nothing.
    return [await undeliveredOutcome(sandbox, release, startedAt, error as Error)];
  }
  const duplicate = release.deliverTwice ? await sandbox.push(event).catch(() => undefined) : undefined;
  await sandbox.executions.settled();
  const outcomes = [await outcomeOf(sandbox, release, started, startedAt)];
  if (duplicate) outcomes.push({ ...outcomes[0]!, outcome: "duplicate", reason: duplicateReason(duplicate), steps: [] });
  return outcomes;
}

/**
 * Pushes `first`, and `second` `afterSeconds` later while `first` is still deploying (the config's
 * `concurrency` decides whether it queues or takes over); waits for every execution either leads to and reads
 * both outcomes. A push that is not delivered at all is its own outcome, as in `deployRelease`.
 */
export async function deployConcurrently(sandbox: Sandbox, first: Release, second: Release, afterSeconds: number): Promise<ReleaseOutcome[]> {
  const startedAt = sandbox.clock.now();
  const secondAt = startedAt + afterSeconds * 1000;
  type Pushed = { started: Awaited<ReturnType<Sandbox["push"]>> } | { error: Error };
  const settle = (push: ReturnType<Sandbox["push"]>): Promise<Pushed> => push.then((started) => ({ started }), (error: unknown) => ({ error: error as Error }));
  const [firstPush, secondPush] = await Promise.all([
    settle(sandbox.push(pushEventOf(sandbox, first, startedAt))),
    settle(sandbox.pushAfter(afterSeconds, pushEventOf(sandbox, second, secondAt))),
  ]);
  await sandbox.executions.settled();
  const outcome = (release: Release, push: Pushed, at: number) =>
    "started" in push ? outcomeOf(sandbox, release, push.started, at) : undeliveredOutcome(sandbox, release, at, push.error);
  return [await outcome(first, firstPush, startedAt), await outcome(second, secondPush, secondAt)];
}

/**
 * Reads how a started push ended, once its execution has settled. The ledger record decides: `promoted` only
 * when the record says the release went live (a stop after Promote does not undo that, and the reason then
 * says where it was stopped); a push that started no new execution (its name was taken) is `duplicate`.
 */
export async function outcomeOf(sandbox: Sandbox, release: Pick<Release, "label" | "commitId">, started: Awaited<ReturnType<Sandbox["push"]>>, startedAt: number): Promise<ReleaseOutcome> {
  const { app, env } = sandbox.config;
  const live = await sandbox.adapters.ledger.getLive(app, env);
  const weights = await sandbox.weights();
  // Without a live record (a first deployment failed), the slot serving is the one Route 53 sends traffic to.
  const liveSlot: SlotName = live?.liveSlot ?? servingSlot(weights) ?? "a";
  const common = { commit: release.label, commitId: release.commitId, liveSlot, weights, startedAt, endedAt: sandbox.clock.now() } as const;
  // An ignored push of the commit already live changed nothing: a duplicate, not a failure.
  if (started.status === "ignored")
    return { ...common, execution: null, outcome: live?.commit === release.commitId ? "duplicate" : "failed", reason: `push ignored: ${started.reason}`, steps: [] };
  // A push that waited in the queue deployed under a later attempt's execution; its push record names it.
  const push = await sandbox.adapters.ledger.getPush(app, env, release.commitId);
  const execution = push?.execution && push.status === "deploying" ? push.execution : started.executionName;
  const run = sandbox.executions.runs.get(execution);
  const result = run ? (await run.done).result : undefined;
  if (started.status === "already started") {
    const already = live?.commit === release.commitId ? "; the commit is already live" : "";
    const ran = result ? `already ran (${result.status})` : "already exists";
    return { ...common, execution: started.executionName, outcome: "duplicate", reason: `no new deployment: this push reached execution ${started.executionName}, which ${ran}${already}`, steps: [] };
  }
  const record = await sandbox.adapters.ledger.getDeployment(app, env, execution);
  if (!record && (push?.status === "skipped" || push?.status === "superseded"))
    return { ...common, execution, outcome: push.status, reason: push.reason ?? push.status, steps: [] };
  const control = courseChangingSignal(record?.control);
  const stopped = result?.status === "ABORTED" ? `the execution was stopped at ${result.stoppedAt}${control ? `, ${describeControl(control)}` : result.cause ? ` (${result.cause})` : ""}` : "";
  const failure = result?.status === "FAILED" ? `${result.error}: ${result.cause}` : stopped;
  const outcome: DeploymentOutcome = record?.outcome === "promoted" ? "promoted" : record?.outcome === "rolled_back" ? "rolled_back" : "failed";
  // Promote recorded its own reason; a stop after it lands in no Task, so it is added here (unless cleanup
  // already wrote it: stopped between Promote's setLive and its ledger write, "promoted, then execution …").
  const reason = outcome === "promoted" && stopped && !record?.reason?.includes("then execution") ? `${record?.reason ?? "promoted"}; then ${stopped}` : (record?.reason ?? (failure || "ended without a ledger record"));
  return {
    ...common,
    execution,
    outcome,
    reason,
    steps: record?.steps ?? [],
    ...(control ? { control } : {}),
    ...(result ? { stats: result.stats } : {}),
  };
}

async function undeliveredOutcome(sandbox: Sandbox, release: Pick<Release, "label" | "commitId">, startedAt: number, error: Error): Promise<ReleaseOutcome> {
  const live = await sandbox.adapters.ledger.getLive(sandbox.config.app, sandbox.config.env);
  const weights = await sandbox.weights();
  return {
    commit: release.label,
    commitId: release.commitId,
    execution: null,
    outcome: "failed",
    reason: `push not delivered: start-deployment failed on every try (Lambda's async retries), so no deployment started — ${error.name}: ${error.message}`,
    liveSlot: live?.liveSlot ?? servingSlot(weights) ?? "a",
    weights,
    steps: [],
    startedAt,
    endedAt: sandbox.clock.now(),
  };
}

function duplicateReason(second: Awaited<ReturnType<Sandbox["push"]>>): string {
  if (second.status === "ignored") return `second delivery ignored: ${second.reason}`;
  // StartExecution with the same name and input while running returns the running execution (AWS's
  // idempotency); afterwards the name is taken. Either way no second deployment runs.
  return `second delivery of the same push reached execution ${second.executionName} (${second.status}); no second deployment ran`;
}
