// The sandbox's invariant monitor: watches a run for I1–I9 (README, "Invariants") while it happens.
//
// - Hot path, in memory only: after every simulated AWS call and every step of the virtual clock, I2 (no
//   traffic, authoritative or still cached by resolvers, to a fleet with no InService instance; weights never
//   all zero) and I6 (no idle fleet left up at rest); with canaryScale, I10 (no slot gets a larger share of
//   traffic than its InService share of the full fleet); as each Shift traffic ends, I5.
// - When an execution and its cleanup settle: I3, I4, I7, I8 (ledger and lease reads).
// - When nothing runs (after each release, and at the end): I1 and a lease left held; at the end, I9.
import { STATE } from "../../stacks/definition.ts";
import type { Config } from "../../functions/core/config.ts";
import type { ReleaseOutcome } from "../sandbox/deploy-release.ts";
import { currentActor } from "../sandbox/execution-scope.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { BranchHistory } from "./branch-history.ts";
import { ExecutionChecks } from "./execution-checks.ts";
import { idleAllowance, IdleFleetWatch, totalSeconds } from "./idle-fleet-watch.ts";
import { LiveWatch } from "./live-watch.ts";
import { RestChecks } from "./rest-checks.ts";
import { TrafficWatch } from "./traffic-watch.ts";
import { slotWeightsView } from "../traffic/slot-weights.ts";
import { ViolationLog, type InvariantReport } from "./violation-log.ts";
import { GroupWatch, temporaryGroupsOf } from "./group-watch.ts";
import { CanaryCapacityWatch } from "./canary-capacity-watch.ts";
import { slotsOf } from "../../functions/core/fleet-shape.ts";

/** A quiet period longer than this is not waited out at the end (a scaleDownDelay of days): I6 is then not judged. */
const MAX_QUIET_SECONDS = 2 * 3600;
const QUIET_STEP_MS = 15_000;

export class InvariantMonitor {
  private readonly log: ViolationLog;
  private readonly branch = new BranchHistory();
  private readonly traffic: TrafficWatch;
  private readonly idle: IdleFleetWatch;
  /** I2 and I6 of the sandbox's further envs (an env path), each with its own watches. */
  private readonly envWatches: Array<{ groups: { a: string; b: string }; traffic: TrafficWatch; idle: IdleFleetWatch }> = [];
  private readonly executionChecks: ExecutionChecks;
  private readonly restChecks: RestChecks;
  private readonly pending = new Set<Promise<void>>();
  /** A check that could not run (e.g. dynalite unreachable) fails the run at `finish`, rather than passing it. */
  private readonly broken: Error[] = [];
  private readonly quietSeconds: number;
  /** One group (fleet.group): its own checks replace the slots' traffic and idle-fleet ones. */
  private readonly group: GroupWatch | undefined;
  /** A canary fleet smaller than the live one (strategy.canaryScale): I10. */
  private readonly canaryCapacity: CanaryCapacityWatch | undefined;

  constructor(private readonly sandbox: Sandbox) {
    const { sim, config, clock } = sandbox;
    this.log = new ViolationLog(clock.now());
    this.group = config.fleet.group ? new GroupWatch(sim, config.fleet.group.name, this.log) : undefined;
    const { watched, allowance } = watchOf(sim, config);
    this.traffic = new TrafficWatch(sim, watched, this.log);
    this.canaryCapacity = config.strategy.kind === "canary" && config.strategy.canaryScale && !config.fleet.group ? new CanaryCapacityWatch(sim, watched, this.log) : undefined;
    this.idle = new IdleFleetWatch(sim, watched, this.traffic, allowance, () => this.running() === 0, this.log);
    let quiet = totalSeconds(allowance);
    for (const env of sandbox.envs) {
      const log = this.log.scoped(`${env.app}/${env.env}`);
      const { watched: envWatched, allowance: envAllowance } = watchOf(sim, env);
      const traffic = new TrafficWatch(sim, envWatched, log);
      this.envWatches.push({ groups: envWatched.groups, traffic, idle: new IdleFleetWatch(sim, envWatched, traffic, envAllowance, () => this.running() === 0, log) });
      quiet = Math.max(quiet, totalSeconds(envAllowance));
    }
    this.quietSeconds = quiet + 60;
    const live = new LiveWatch(this.branch, this.log);
    this.executionChecks = new ExecutionChecks(sandbox, this.branch, live, this.log);
    this.restChecks = new RestChecks(sandbox, this.traffic, this.branch, live, this.executionChecks, this.log);

    clock.onAdvance((now) => this.checkNow(now));
    sim.observeCalls((call) => {
      this.executionChecks.onCall(call, currentActor());
      this.checkNow(call.t);
    });
    sandbox.listen((event) => {
      if (event.state === STATE.shiftTraffic) this.executionChecks.onShift(event.execution, event.t);
    });
    sandbox.executions.onStarted((run) => {
      this.track(run.done.then((outcome) => this.executionChecks.ended(run, outcome)));
    });
  }

  /** `commitId` became the branch head (in push order); `label` names it in violations. */
  branchHead(commitId: string, label?: string): void {
    this.branch.head(commitId, label);
  }

  /**
   * An operator chose to deploy `commitId` (glidepath deploy, or rollback to it): it may replace a newer live
   * commit (I7) and be deployed by one more execution than it had pushes (I5).
   */
  operatorChose(commitId: string): void {
    this.branch.choose(commitId);
  }

  /** What the pushes of a release led to (an ignored push is a recorded why-not for I9; I3 on each reason). */
  released(outcomes: ReleaseOutcome[]): void {
    this.restChecks.released(outcomes);
    for (const outcome of outcomes) this.executionChecks.checkOutcome(outcome, this.sandbox.clock.now());
  }

  /** Checks I1 (and a lease left held) now, if nothing runs; call between releases. */
  async atRest(): Promise<void> {
    await this.drain();
    await this.restChecks.atRest();
  }

  /**
   * Ends the watch: lets virtual time run while an idle fleet is still up (for at most scaleDownDelay + drain
   * + one reconcile period + a minute, so I6 can be judged and a reconciler can act) or a group's refresh is
   * rolled back (cleanup's rollback of a stopped deployment must arrive), then checks I1 and I9.
   */
  async finish(): Promise<InvariantReport> {
    await this.sandbox.executions.settled();
    await this.drain();
    const { clock } = this.sandbox;
    const quietUntil = clock.now() + Math.min(this.quietSeconds, MAX_QUIET_SECONDS) * 1000;
    while (clock.now() < quietUntil && (this.running() > 0 || this.idleFleetUp() || this.groupRollingBack() || this.temporaryGroupLeft())) {
      if (this.running() > 0) await this.sandbox.executions.settled();
      else clock.advance(Math.min(QUIET_STEP_MS, quietUntil - clock.now()));
      await settle();
    }
    await this.drain();
    // An orphaned lease (its execution's cleanup never ran) is judged now: the run rested past its sweep.
    await this.executionChecks.judgeOrphans(clock.now(), true);
    await this.restChecks.atRest(true);
    await this.restChecks.end();
    if (this.broken.length > 0) throw new Error(`the invariant monitor could not check an execution: ${this.broken[0]!.message}`, { cause: this.broken[0] });
    return this.log.report();
  }

  private checkNow(now: number): void {
    if (this.group) return this.group.check(now);
    this.traffic.check(now);
    this.idle.check(now);
    this.canaryCapacity?.check(now);
    for (const { traffic, idle } of this.envWatches) {
      traffic.check(now);
      idle.check(now);
    }
  }

  /** A slot without traffic whose fleet is still scaled up. */
  private idleFleetUp(): boolean {
    const { config, sim } = this.sandbox;
    if (config.fleet.group) return false;
    const watches = [{ groups: { a: slotsOf(config.fleet).a.group, b: slotsOf(config.fleet).b.group }, traffic: this.traffic }, ...this.envWatches];
    return watches.some(({ groups, traffic }) => (["a", "b"] as const).some((slot) => traffic.authoritativeWeight(slot) === 0 && (sim.autoscaling.capacityOf(groups[slot])?.desired ?? 0) > 0));
  }

  /** A one-group fleet whose instance refresh is being rolled back, or runs back to the live release (cleanup's). */
  private groupRollingBack(): boolean {
    const group = this.sandbox.config.fleet.group;
    const status = group ? this.sandbox.sim.autoscaling.refreshOf(group.name)?.status : undefined;
    return status === "RollbackInProgress" || (this.running() === 0 && (status === "Pending" || status === "InProgress"));
  }

  /** An immutable deployment's temporary group still exists (cleanup drains it, the reconciler deletes it). */
  private temporaryGroupLeft(): boolean {
    const { config, sim } = this.sandbox;
    return config.fleet.group !== undefined && temporaryGroupsOf(sim, config.app, config.env, config.fleet.group.name).length > 0;
  }

  private running(): number {
    let n = 0;
    for (const run of this.sandbox.executions.runs.values()) if (run.status === "RUNNING") n++;
    return n;
  }

  private track(check: Promise<void>): void {
    const tracked = check.catch((error: Error) => void this.broken.push(error));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

/** Starts watching a sandbox; tell it the branch heads and releases, then `finish()` for the report. */
export function watchInvariants(sandbox: Sandbox): InvariantMonitor {
  return new InvariantMonitor(sandbox);
}

/** Lets promise callbacks and I/O (dynalite) run between clock steps. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** What one app/env's traffic and idle-fleet watches read, and how long its idle fleet may stay up. */
function watchOf(sim: Sandbox["sim"], config: Config) {
  return {
    watched: {
      app: config.app,
      env: config.env,
      weights: slotWeightsView(sim, config),
      mover: config.traffic.kind === "alb" ? "the ALB" : "Route 53",
      // One group is watched as slot a (the sandbox serves it there); it has no idle slot b.
      groups: config.fleet.group ? { a: config.fleet.group.name, b: "" } : { a: slotsOf(config.fleet).a.group, b: slotsOf(config.fleet).b.group },
    },
    // An ALB's move is applied at once: no propagation to wait for before the drain is done.
    allowance: idleAllowance(config.scaleDownDelay, config.traffic.ttl, config.traffic.kind === "alb" ? 0 : sim.timings.route53PropagationMs),
  };
}
