// Checks made as executions run and end: I5 as traffic shifts (in memory), then once an execution and its
// cleanup have settled, the ledger and lease reads (async, dynalite) for I3, I4, I7 and I8.
import type { ExecutionResult } from "../execute-definition.ts";
import { STATE } from "../../stacks/definition.ts";
import { FLAG_STATE } from "../../stacks/definition/flag-release.ts";
import { isFlagReleaseInput } from "../../functions/flags/release-input.ts";
import type { ReleaseOutcome } from "../sandbox/deploy-release.ts";
import type { LocalRun } from "../sandbox/local-executions.ts";
import type { LocalRunResult } from "../sandbox/runner.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { ObservedCall } from "../sim/index.ts";
import type { BranchHistory } from "./branch-history.ts";
import type { LiveWatch } from "./live-watch.ts";
import { vagueReason } from "./vague-reason.ts";
import { AUTOMATIC_PROMOTER } from "../../functions/events/promotion.ts";
import type { ViolationLog } from "./violation-log.ts";
import { EVENT_FUNCTIONS } from "../../functions/catalog.ts";
import { RECONCILE_PERIOD_SECONDS } from "../sandbox/reconciler-schedule.ts";

/** A call that changes something: everything but reads (Describe/Get/List) and the traffic's own metrics. */
function isMutating(call: Pick<ObservedCall, "operation" | "error">): boolean {
  return call.error === undefined && !/^(Describe|Get|List)/.test(call.operation) && call.operation !== "PutMetricData";
}

/**
 * An execution that failed before its preflight started: its config did not load or validate (Load config's
 * Catch leads to Roll back). A flag release's counterpart is failing in its first Task, before its steps.
 */
function failedInLoadConfig(result: ExecutionResult, input: unknown): boolean {
  const started = isFlagReleaseInput(input) ? FLAG_STATE.steps : STATE.preflight;
  return result.status === "FAILED" && !result.events.some((event) => event.type === "StateEntered" && event.state.name === started);
}

/**
 * How long after an orphaned lease expires its sweep may come: the reconciler's first scheduled run after the
 * expiry (one period) and that run's own timeout.
 */
const SWEEP_ALLOWANCE_MS = (RECONCILE_PERIOD_SECONDS + EVENT_FUNCTIONS.reconciler.timeoutSeconds) * 1000;

/** An ended execution whose cleanup never ran, still holding the lease: judged once the reconciler had its chance. */
interface Orphan {
  run: LocalRun<LocalRunResult>;
  outcome: LocalRunResult;
  /** By then the reconciler's sweep must have released the lease and marked the deployment. */
  sweptBy: number;
}

export class ExecutionChecks {
  /** Ended executions whose status change never reached a working cleanup, by name. */
  private readonly orphans = new Map<string, Orphan>();
  /** Executions that shifted traffic, by the app/env and commit they deployed. */
  private readonly shifted = new Map<string, Set<string>>();
  /** Mutating calls made on behalf of each execution (its cleanup included), for I8. */
  private readonly mutations = new Map<string, string[]>();
  constructor(
    private readonly sandbox: Sandbox,
    private readonly branch: BranchHistory,
    private readonly live: LiveWatch,
    private readonly log: ViolationLog,
  ) {}

  /** The app/env an execution deploys (its input names it); the sandbox's own when it does not. */
  private appEnvOf(input: unknown): { app: string; env: string } {
    const { app, env } = (input ?? {}) as { app?: unknown; env?: unknown };
    return typeof app === "string" && typeof env === "string" ? { app, env } : this.sandbox.config;
  }

  /** Every simulated call, with the actor it was made for. */
  onCall(call: ObservedCall, actor: string | undefined): void {
    if (!actor || !this.sandbox.executions.runs.has(actor) || !isMutating(call)) return;
    const list = this.mutations.get(actor) ?? [];
    list.push(`${call.service}:${call.operation}`);
    this.mutations.set(actor, list);
  }

  /** I5: an execution's Shift traffic Task moved weights. */
  onShift(execution: string, t: number): void {
    const input = this.sandbox.executions.runs.get(execution)?.input;
    const commit = commitOf(input);
    if (!commit) return;
    const { app, env } = this.appEnvOf(input);
    const key = `${app}/${env}/${commit}`;
    const executions = this.shifted.get(key) ?? new Set<string>();
    executions.add(execution);
    this.shifted.set(key, executions);
    this.log.checked();
    // An operator's redeploy of a commit is a deliberate extra deployment, as a push is. Another env of the
    // sandbox (an env path) gets no pushes: its release arrives once by promotion, plus any an operator sent.
    const mainEnv = env === this.sandbox.config.env && app === this.sandbox.config.app;
    const allowed = mainEnv
      ? Math.max(1, this.branch.pushes(commit) + this.branch.choices(commit))
      : 1 + [...executions].filter((name) => operatorRequested(this.sandbox.executions.runs.get(name)?.input)).length;
    if (executions.size > allowed)
      this.log.once(`I5 ${key}`, "I5", t, `${mainEnv ? "" : `${app}/${env}: `}${this.branch.label(commit)} was pushed ${allowed === 1 ? "once" : `${allowed} times`} but ${executions.size} executions shifted its traffic: ${[...executions].join(", ")}`);
  }

  /** I3 on what a release's push led to, as `glidepath local run` reports it. */
  checkOutcome(outcome: ReleaseOutcome, t: number): void {
    if (outcome.outcome === "promoted" || outcome.outcome === "duplicate") return;
    this.log.checked();
    const vague = vagueReason(outcome.reason);
    if (vague) this.log.once(`I3 ${outcome.execution ?? outcome.commitId}`, "I3", t, `${outcome.commit} ${outcome.outcome}: its reason ${vague}: "${outcome.reason}"`);
  }

  /**
   * The execution and its cleanup have settled: I3, I4, I7, I8 (ledger and lease reads). When its cleanup
   * never ran (the event lost, or every try failed) and it still holds the lease, the safety net is the
   * reconciler's sweep once that lease expires: the checks wait for it (`judgeOrphans`).
   */
  async ended(run: LocalRun<LocalRunResult>, outcome: LocalRunResult): Promise<void> {
    const cleanupMissed = outcome.cleanup?.outcome === "lost" || outcome.cleanup?.outcome === "failed";
    if (cleanupMissed) {
      const { app, env } = this.appEnvOf(run.input);
      const grant = await this.sandbox.adapters.lease.read(app, env);
      if (grant?.owner === run.name) {
        this.orphans.set(run.name, { run, outcome, sweptBy: grant.expiresAt + SWEEP_ALLOWANCE_MS });
        return;
      }
    }
    await this.judge(run, outcome);
  }

  /** Whether `owner` is an orphan whose sweep is still due (its lease held is convergence, not a break). */
  awaitingSweep(owner: string, now: number): boolean {
    const orphan = this.orphans.get(owner);
    return orphan !== undefined && now < orphan.sweptBy;
  }

  /** The latest time an orphan's sweep is due by, if any orphan is still unjudged. */
  sweepsDueBy(): number | undefined {
    const times = [...this.orphans.values()].map((orphan) => orphan.sweptBy);
    return times.length > 0 ? Math.max(...times) : undefined;
  }

  /** Judges the orphans whose sweep was due by `now` (every one when `all`), as `ended` judges an execution. */
  async judgeOrphans(now: number, all = false): Promise<void> {
    for (const [name, orphan] of [...this.orphans]) {
      if (!all && now < orphan.sweptBy) continue;
      this.orphans.delete(name);
      await this.judge(orphan.run, orphan.outcome);
    }
  }

  private async judge(run: LocalRun<LocalRunResult>, outcome: LocalRunResult): Promise<void> {
    const { app, env } = this.appEnvOf(run.input);
    const mainEnv = env === this.sandbox.config.env && app === this.sandbox.config.app;
    const { ledger, lease } = this.sandbox.adapters;
    const t = this.sandbox.clock.now();
    const { result } = outcome;
    this.log.checked(3);

    const grant = await lease.read(app, env);
    if (grant?.owner === run.name)
      this.log.once(`I4 ${run.name}`, "I4", t, `${run.name} ended ${result.status} but still holds the lease of ${app}/${env} (token ${grant.fencingToken}, expires ${this.log.timeOf(grant.expiresAt)})${missedCleanup(outcome)}`);

    const record = await ledger.getDeployment(app, env, run.name);
    const label = this.branch.label(commitOf(run.input));
    if (record?.outcome === "in_progress") {
      this.log.once(`I3 ${run.name}`, "I3", t, `${run.name} (${label}) ended ${result.status} but its ledger record is still in_progress, with no outcome or reason`);
    } else if (record && record.outcome !== "promoted") {
      const vague = vagueReason(record.reason);
      if (vague) this.log.once(`I3 ${run.name}`, "I3", t, `${run.name} (${label}) ${record.outcome}: its reason ${vague}: "${record.reason ?? ""}"`);
    } else if (!record && result.status !== "SUCCEEDED") {
      const reason = result.status === "FAILED" ? `${result.error}: ${result.cause}` : `stopped at ${result.stoppedAt}${result.cause ? `: ${result.cause}` : ""}`;
      const vague = vagueReason(reason);
      if (vague) this.log.once(`I3 ${run.name}`, "I3", t, `${run.name} (${label}) ended ${result.status} with no ledger record, and its error ${vague}: "${reason}"`);
    }

    // The branch order (I7) is the main env's: the envs promoted from it follow their upstream, not the branch.
    if (mainEnv) this.live.observe((await ledger.getLive(app, env))?.commit ?? null, t, `after ${run.name} ended`);

    const calls = this.mutations.get(run.name) ?? [];
    if (failedInLoadConfig(result, run.input) && calls.length > 0)
      this.log.once(`I8 ${run.name}`, "I8", t, `${run.name} (${label}) failed in ${isFlagReleaseInput(run.input) ? FLAG_STATE.start : STATE.loadConfig} (${result.status === "FAILED" ? result.error : ""}) yet made mutating calls: ${[...new Set(calls)].join(", ")}`);
    this.mutations.delete(run.name);
  }
}

/** Why an execution's cleanup never ran, for a violation's text ("" when it ran). */
function missedCleanup({ cleanup }: LocalRunResult): string {
  if (cleanup?.outcome !== "lost" && cleanup?.outcome !== "failed") return "";
  return `; its cleanup never ran (${cleanup.reason}) and no reconciler sweep released the lease after it expired`;
}

/** Started by a person (deploy, rollback, promote-env) rather than a push or an automatic promotion. */
function operatorRequested(input: unknown): boolean {
  const by = (input as { requestedBy?: { by?: unknown } } | null | undefined)?.requestedBy?.by;
  return typeof by === "string" && by !== AUTOMATIC_PROMOTER;
}

function commitOf(input: unknown): string | undefined {
  const commit = (input as { commit?: unknown } | null | undefined)?.commit;
  return typeof commit === "string" ? commit : undefined;
}
