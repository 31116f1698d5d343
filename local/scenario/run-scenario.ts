// Runs a scenario in the sandbox: each release pushed in order with its behaviour, faults injected as the
// file says, outcomes read back from the ledger. Reproducible for a given seed.
import { createHash } from "node:crypto";
import type { ConfigInput } from "../../functions/core/config.ts";
import { parseDuration } from "../../functions/core/duration.ts";
import { STATE } from "../../stacks/definition.ts";
import type { ApprovalRequest } from "../execute-definition.ts";
import { watchInvariants } from "../monitor/invariant-monitor.ts";
import type { InvariantReport } from "../monitor/violation-log.ts";
import type { RunTimeline } from "../report/timeline-model.ts";
import { deployConcurrently, deployRelease, type ReleaseOutcome } from "../sandbox/deploy-release.ts";
import { SandboxRecording } from "../sandbox/recording.ts";
import type { RunEvent } from "../sandbox/runner.ts";
import type { TaskFaults } from "../sandbox/task-faults.ts";
import { RECONCILE_PERIOD_SECONDS } from "../sandbox/reconciler-schedule.ts";
import type { SimulatorAnswer } from "../sim/index.ts";
import { namesCommit } from "../sim/faults.ts";
import { startSandbox, type Sandbox } from "../sandbox/sandbox.ts";
import type { Fault, Scenario } from "./schema.ts";
import { slotsOf } from "../../functions/core/fleet-shape.ts";

export interface ScenarioResult {
  scenario: string;
  seed: number;
  deployments: ReleaseOutcome[];
  /** The release label live at the end (null when nothing was ever promoted). */
  liveCommit: string | null;
  /**
   * The sandbox once it has rested two reconcile periods after the last release: what the level-triggered
   * reconciler converged it to (weights, and each slot's fleet size). Two, because a drain whose TTL does not
   * fit in one run's timeout takes one run to see its change INSYNC and the next, a TTL later, to scale down.
   */
  atRest: { weights: { a: number; b: number }; desired: { a: number; b: number } };
  /** Virtual seconds the whole scenario took. */
  virtualSeconds: number;
  timeline: RunTimeline;
  /** Glidepath's lifecycle events as its bus took them, oldest first; `release` is the scenario's label for the commit. */
  events: Array<{ at: string; detailType: string; release: string; detail: Record<string, unknown> }>;
  /** What the invariant monitor checked throughout the run (I1–I9), and every violation it saw. */
  invariants: InvariantReport;
}

/** A commit id for a scenario label: 40 hex digits, the same for the same label. */
export const commitIdOf = (label: string): string => createHash("sha1").update(label).digest("hex");

export interface RunScenarioOptions {
  onEvent?: (event: RunEvent) => void;
  /** Called once the sandbox is up, before the first push: observers (tests, monitors) attach here. */
  onSandbox?: (sandbox: Sandbox) => void;
  /** How simulated AWS answers (SandboxOptions.answer); the wire format unless the caller trades it for CPU. */
  answer?: SimulatorAnswer;
}

export async function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const ids = new Map(scenario.deployments.map((d) => [commitIdOf(d.commit), d.commit]));
  const recording = new SandboxRecording(scenario.name ?? "Glidepath scenario", 0);
  const stops = scenario.faults.filter((fault): fault is Extract<Fault, { stopAt: string }> => "stopAt" in fault);
  const sandbox = await startSandbox({
    seed: scenario.seed,
    traffic: "synthetic",
    ...(options.answer ? { answer: options.answer } : {}),
    ...(scenario.config ? { config: scenario.config as ConfigInput } : {}),
    onEvent: (event) => {
      recording.onEvent(event);
      options.onEvent?.(event);
    },
    onSample: recording.onSample,
    stopAt: (_execution, input) => stops.find((stop) => commitIdOf(stop.commit) === (input as { commit?: string }).commit)?.stopAt,
    taskFaults: (_execution, input) => taskFaultsFor(scenario.faults, (input as { commit?: string }).commit),
    deliverEndedEvent: (_execution, input) => !scenario.faults.some((fault) => "loseEndedEvent" in fault && commitIdOf(fault.loseEndedEvent) === (input as { commit?: string }).commit),
    // An image names its commit in its tags; a pipeline build only through its client token, the deployment
    // id, which carries the commit's first 12 characters.
    deliverImageEvent: (mentions) =>
      !scenario.faults.some((fault) => "loseImageEvent" in fault && (namesCommit(mentions, commitIdOf(fault.loseImageEvent)) || mentions.some((text) => text.includes(commitIdOf(fault.loseImageEvent).slice(0, 12))))),
    approve: (_execution, request) => answerApproval(sandbox, scenario, request),
  });
  try {
    recording.attach(sandbox);
    options.onSandbox?.(sandbox);
    const monitor = watchInvariants(sandbox);
    const startedAt = sandbox.clock.now();
    injectFaults(sandbox, scenario.faults);
    const deployments: ReleaseOutcome[] = [];
    const late = scenario.faults.filter((fault): fault is Extract<Fault, { deliverLate: string }> => "deliverLate" in fault);
    const heldBack: Array<{ after: string; release: Parameters<typeof deployRelease>[1] }> = [];
    const concurrent = scenario.faults.filter((fault): fault is Extract<Fault, { concurrentPush: string }> => "concurrentPush" in fault);
    const deliver = async (release: Parameters<typeof deployRelease>[1], alongside?: { release: Parameters<typeof deployRelease>[1]; afterSeconds: number }) => {
      const outcomes = alongside ? await deployConcurrently(sandbox, release, alongside.release, alongside.afterSeconds) : await deployRelease(sandbox, release);
      for (const outcome of outcomes) {
        deployments.push(outcome);
        recording.deployment({ commit: outcome.commit, outcome: outcome.outcome, reason: outcome.reason, startedAt: outcome.startedAt, endedAt: outcome.endedAt, liveSlot: outcome.liveSlot });
      }
      monitor.released(outcomes);
      await monitor.atRest();
    };
    // The branch moves in file order (each push's `before` is the one listed above it) even when an event is late.
    let previous: string | undefined;
    const releases = scenario.deployments.map(({ commit, approval: _approval, approvalAfter: _after, ...behaviour }) => {
      const commitId = commitIdOf(commit);
      const release = { label: commit, commitId, ...(previous ? { previousCommitId: previous } : {}), deliverTwice: scenario.faults.some((fault) => "duplicateEvent" in fault && fault.duplicateEvent === commit) };
      previous = commitId;
      return { release, behaviour };
    });
    const prepare = ({ release, behaviour }: (typeof releases)[number]) => {
      sandbox.catalog.set(release.commitId, { version: release.label, behaviour });
      holdAlarmsDuring(sandbox, scenario.faults, release.label);
      injectAwsFaultsDuring(sandbox, scenario.faults, release.label);
      monitor.branchHead(release.commitId, release.label);
    };
    for (const [index, entry] of releases.entries()) {
      const commit = entry.release.label;
      // Pushed alongside the release before it (below), not on its own.
      if (concurrent.some((fault) => fault.concurrentPush === commit)) continue;
      prepare(entry);
      const release = entry.release;
      const alongsideFault = concurrent.find((fault) => fault.during === commit);
      const alongside = alongsideFault ? releases[index + 1]! : undefined;
      if (alongside) prepare(alongside);
      const lateFault = late.find((fault) => fault.deliverLate === commit);
      if (lateFault) heldBack.push({ after: lateFault.after, release });
      else await deliver(release, alongside && alongsideFault ? { release: alongside.release, afterSeconds: parseDuration(alongsideFault.at) ?? 0 } : undefined);
      for (const held of heldBack.filter((held) => held.after === commit)) await deliver(held.release);
    }
    await sandbox.idle(await restSeconds(sandbox));
    const atRest = { weights: await sandbox.weights(), desired: { a: desiredOf(sandbox, "a"), b: desiredOf(sandbox, "b") } };
    const live = await sandbox.adapters.ledger.getLive(sandbox.config.app, sandbox.config.env);
    const endedAt = sandbox.clock.now();
    // After the outcomes are read: the monitor may let virtual time run on to see idle fleets scaled down.
    const invariants = await monitor.finish();
    const timeline = { ...recording.timeline(), startedAt };
    return {
      atRest,
      scenario: scenario.name ?? "scenario",
      seed: scenario.seed,
      deployments,
      liveCommit: live?.commit ? (ids.get(live.commit) ?? live.commit) : null,
      virtualSeconds: (endedAt - startedAt) / 1000,
      timeline,
      events: timeline.lifecycle.map(({ t, detailType, commit, detail }) => ({ at: new Date(t).toISOString(), detailType, release: ids.get(commit) ?? commit, detail })),
      invariants,
    };
  } finally {
    await sandbox.close();
  }
}

/**
 * Answers an approval step as the release's `approval` says, `approvalAfter` later in virtual time, through
 * the same SendTaskSuccess/SendTaskFailure path an operator's `glidepath approve` uses.
 */
function answerApproval(sandbox: Sandbox, scenario: Scenario, request: ApprovalRequest): void {
  const commit = (request.payload.deployment as { commit?: string }).commit;
  const release = scenario.deployments.find((deployment) => commitIdOf(deployment.commit) === commit);
  const approved = (release?.approval ?? "approve") === "approve";
  const after = release?.approvalAfter ?? "0s";
  const reason = `${approved ? "Approved" : "Rejected"} by the scenario after ${after} (approval: ${approved ? "approve" : "reject"})`;
  // A decision sent after the step timed out is refused (TaskTimedOut on AWS); the timeout already decided.
  const send = approved
    ? () => sandbox.executions.sendTaskSuccess(request.taskToken, { approved: true, reason })
    : () => sandbox.executions.sendTaskFailure(request.taskToken, "ApprovalRejectedError", reason);
  sandbox.clock.schedule((parseDuration(after) ?? 0) * 1000, () => void send().catch(() => {}));
}

const REST_SECONDS = 2 * RECONCILE_PERIOD_SECONDS;

/**
 * How long the sandbox rests after the last release: two reconcile periods; when an ended execution whose
 * cleanup never ran (its status change lost) still holds the lease, until two periods after that lease
 * expires, so the reconciler's sweep of it is part of the run.
 */
async function restSeconds(sandbox: Sandbox): Promise<number> {
  const grant = await sandbox.adapters.lease.read(sandbox.config.app, sandbox.config.env);
  const holder = grant ? sandbox.executions.runs.get(grant.owner) : undefined;
  if (!grant || !holder || holder.status === "RUNNING") return REST_SECONDS;
  return Math.max(REST_SECONDS, Math.ceil((grant.expiresAt - sandbox.clock.now()) / 1000) + REST_SECONDS);
}

/**
 * How many instances a slot's fleet is asked to run now, read from the simulator itself: the report's own read
 * must not go through the clients, where it would use up (or trip on) an AWS fault injected for the pipeline.
 */
function desiredOf(sandbox: Sandbox, slot: "a" | "b"): number {
  const { fleet } = sandbox.config;
  // One group is reported as slot a; it has no slot b.
  if (fleet.group) return slot === "a" ? (sandbox.sim.autoscaling.capacityOf(fleet.group.name)?.desired ?? 0) : 0;
  return sandbox.sim.autoscaling.capacityOf(slotsOf(fleet)[slot].group)?.desired ?? 0;
}

/** The `stopDuring` / `timeoutIn` faults naming the release with this commit id. */
function taskFaultsFor(faults: Fault[], commitId: string | undefined): TaskFaults {
  const mine = faults.filter((fault) => "commit" in fault && commitIdOf(fault.commit) === commitId);
  const stopDuring = mine.find((fault): fault is Extract<Fault, { stopDuring: string }> => "stopDuring" in fault)?.stopDuring;
  const timeoutIn = mine.find((fault): fault is Extract<Fault, { timeoutIn: string }> => "timeoutIn" in fault)?.timeoutIn;
  return { ...(stopDuring ? { stopDuring } : {}), ...(timeoutIn ? { timeoutIn } : {}) };
}

/** Faults that apply from the start: AWS errors and failing image bakes. */
function injectFaults(sandbox: Sandbox, faults: Fault[]): void {
  for (const fault of faults) {
    if ("service" in fault && !fault.during) injectAwsFault(sandbox, fault);
    if ("failBake" in fault) sandbox.sim.failBuildsFor(commitIdOf(fault.failBake));
    if ("slowBake" in fault) sandbox.sim.faults.slowBuildsFor(commitIdOf(fault.slowBake), (parseDuration(fault.for) ?? 0) * 1000);
    if ("alarm" in fault && !fault.during) sandbox.sim.cloudwatch.holdAlarm(fault.alarm, fault.state, parseDuration(fault.for) ?? 0);
  }
}

type AwsFault = Extract<Fault, { service: string }>;

function injectAwsFault(sandbox: Sandbox, fault: AwsFault): void {
  sandbox.sim.faults.inject({ service: fault.service, operation: fault.operation, error: fault.error, times: fault.times, ...(fault.message ? { message: fault.message } : {}) });
}

/** AWS faults tied to a release are armed when that release is pushed, so earlier releases do not use them up. */
function injectAwsFaultsDuring(sandbox: Sandbox, faults: Fault[], commit: string): void {
  for (const fault of faults) if ("service" in fault && fault.during === commit) injectAwsFault(sandbox, fault);
}

/** Alarm holds tied to a release start when that release first shifts traffic. */
function holdAlarmsDuring(sandbox: Sandbox, faults: Fault[], commit: string): void {
  for (const fault of faults) {
    if (!("alarm" in fault) || fault.during !== commit) continue;
    const execution = commitIdOf(commit).slice(0, 12);
    let held = false;
    sandbox.listen((event) => {
      if (held || event.state !== STATE.shiftTraffic || !event.execution.endsWith(execution)) return;
      held = true;
      sandbox.sim.cloudwatch.holdAlarm(fault.alarm, fault.state, parseDuration(fault.for) ?? 0);
    });
  }
}
