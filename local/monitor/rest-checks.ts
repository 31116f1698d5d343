// Checks made when nothing is running: I1 (traffic, fleet and ledger agree on one live version) and I4 for a
// lease left held, after every release; I9 (no push lost) once, at the end. These read the ledger and lease
// (async), so they run at these few points, not every second.
import type { SlotName } from "../../functions/core/config.ts";
import type { ReleaseOutcome } from "../sandbox/deploy-release.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { BranchHistory } from "./branch-history.ts";
import type { ExecutionChecks } from "./execution-checks.ts";
import type { LiveWatch } from "./live-watch.ts";
import type { TrafficWatch } from "./traffic-watch.ts";
import type { ViolationLog } from "./violation-log.ts";
import { slotsOf } from "../../functions/core/fleet-shape.ts";
import { isDraining, refreshTowardLive, temporaryGroupsOf } from "./group-watch.ts";
import { isAtReleasePercent, percentRecordedSet } from "../../functions/flags/release-plan.ts";
import { AFTER_PROMOTION } from "../../functions/events/late-rollback.ts";
import type { DeploymentRecord } from "../../functions/core/model.ts";

/** Deployments read at each rest point: the latest (a flag release's end) and the rollbacks after promotion among them. */
const RECENT_DEPLOYMENTS = 5;

export class RestChecks {
  /** Commits whose push start-deployment ignored, with its reason (a recorded why-not for I9). */
  private readonly ignored = new Map<string, string>();

  constructor(
    private readonly sandbox: Sandbox,
    private readonly traffic: TrafficWatch,
    private readonly branch: BranchHistory,
    private readonly liveWatch: LiveWatch,
    private readonly executions: ExecutionChecks,
    private readonly log: ViolationLog,
  ) {}

  released(outcomes: ReleaseOutcome[]): void {
    for (const outcome of outcomes) if (outcome.execution === null) this.ignored.set(outcome.commitId, outcome.reason);
  }

  /**
   * I4 and I1, when no execution runs. Between releases (`final` false) a group whose refresh cleanup or the
   * reconciler is rolling back is still converging, not at rest; at the end (`final`) it must have arrived.
   */
  async atRest(final = false): Promise<void> {
    if (this.running().length > 0) return;
    const { app, env, fleet } = this.sandbox.config;
    const t = this.sandbox.clock.now();
    this.log.checked(2);
    const grant = await this.sandbox.adapters.lease.read(app, env);
    // An ended execution whose cleanup never ran keeps the lease until the reconciler sweeps it: converging.
    if (grant && !final && this.executions.awaitingSweep(grant.owner, t)) return;
    if (grant) {
      this.log.once(`I4 ${grant.owner}`, "I4", t, `the lease of ${app}/${env} is held by ${grant.owner} (token ${grant.fencingToken}) while no execution runs`);
      return;
    }
    const recent = await this.sandbox.adapters.ledger.listDeployments(app, env, RECENT_DEPLOYMENTS);
    await this.flagAtRest(recent[0], t);
    for (const record of recent) if (record.outcome === "rolled_back" && record.reason?.toLowerCase().includes(AFTER_PROMOTION)) this.liveWatch.rolledBackAfterPromotion(record.commit);
    const live = await this.sandbox.adapters.ledger.getLive(app, env);
    this.liveWatch.observe(live?.commit ?? null, t, "at rest");
    if (fleet.group) return this.groupAtRest(fleet.group.name, live?.commit ?? null, t, final, live?.imageId ?? null);
    const weights = { a: this.traffic.authoritativeWeight("a"), b: this.traffic.authoritativeWeight("b") };
    const serving = (["a", "b"] as const).filter((slot) => weights[slot] > 0);
    // Nothing deployed yet (every first release failed before shifting): no traffic is the rest state.
    if (serving.length === 0 && !live) return this.clear(t);
    const problem = (key: string, detail: string | undefined) => (detail ? this.log.holds(`I1 ${key}`, "I1", t, () => detail) : this.log.clears(`I1 ${key}`, t));
    problem("split", serving.length === 1 ? undefined : `at rest, traffic is not 100% on one slot: Route 53 weights a=${weights.a} b=${weights.b}`);
    const slot: SlotName | undefined = serving.length === 1 ? serving[0] : undefined;
    if (!slot) return;
    const group = slotsOf(fleet)[slot].group;
    const capacity = this.sandbox.sim.autoscaling.capacityOf(group);
    problem("fleet", (capacity?.inService ?? 0) > 0 ? undefined : `at rest, slot ${slot} has all the traffic but auto scaling group ${group} has no InService instance`);
    problem("slot", !live || live.liveSlot === slot ? undefined : `at rest, traffic is 100% on slot ${slot} but the ledger's live slot is ${live.liveSlot}`);
    const commits = [...new Set(this.sandbox.runtime.commitsServing(group))];
    const stray = live?.commit ? commits.filter((commit) => commit !== live.commit) : [];
    problem("commit", stray.length === 0 ? undefined : `at rest, slot ${slot}'s fleet runs ${stray.map((c) => this.branch.label(c)).join(", ")} but the ledger's live commit is ${this.branch.label(live?.commit)}`);
  }

  /**
   * I1 for flags: a flag release that ended badly left its flag where it started, not at a percentage it set
   * (the flag users get would then be what the ledger says was undone). An operator's abort holds a release
   * where it is, by design, and a flag someone set since is theirs.
   */
  private async flagAtRest(latest: DeploymentRecord | undefined, t: number): Promise<void> {
    const { app, env } = this.sandbox.config;
    const release = latest?.flagRelease;
    const ended = latest && (latest.outcome === "failed" || latest.outcome === "rolled_back") && latest.control?.kind !== "operatorAbort";
    let detail: string | undefined;
    if (latest && release && ended) {
      const flags = await this.sandbox.adapters.flags.latest(app, env);
      const lastSet = percentRecordedSet(latest);
      if (lastSet !== null && isAtReleasePercent(flags?.document.flags[release.flag], lastSet))
        detail = `at rest, flag ${release.flag} is still at ${lastSet}%, set by ${latest.deploymentId}, which ended ${latest.outcome}: it should be back at flags version ${release.revertTo}`;
    }
    if (detail) this.log.holds("I1 flag", "I1", t, () => detail);
    else this.log.clears("I1 flag", t);
  }

  /**
   * I9: every pushed commit was deployed (a finished ledger record), superseded by a newer one that was,
   * ignored with a reason, or failed before the lease with its push record saying why.
   */
  async end(): Promise<void> {
    const { app, env } = this.sandbox.config;
    const t = this.sandbox.clock.now();
    const records = await this.sandbox.adapters.ledger.listDeployments(app, env, 1000);
    const finished = new Set(records.filter((record) => record.outcome !== "in_progress").map((record) => record.commit));
    const failedBeforeLease = new Set((await this.sandbox.adapters.ledger.failedPushes(app, env, 1000)).filter((push) => push.reason).map((push) => push.commit));
    const pushed = this.branch.commits();
    this.log.checked();
    for (const commit of pushed) {
      if (finished.has(commit) || this.ignored.has(commit) || failedBeforeLease.has(commit)) continue;
      const newer = pushed.filter((other) => this.branch.order(other) > this.branch.order(commit) && finished.has(other));
      if (newer.length > 0) continue;
      const tried = records.filter((record) => record.commit === commit).map((record) => `${record.deploymentId} still ${record.outcome}`);
      this.log.once(`I9 ${commit}`, "I9", t, `${this.branch.label(commit)} was pushed but was neither deployed, superseded by a newer deployed commit, nor recorded with why not${tried.length ? ` (${tried.join("; ")})` : " (no ledger record, no ignore reason)"}`);
    }
  }

  /**
   * I1 for one group: no instance refresh still running, an InService instance, and every instance serving
   * the live commit (before Glidepath's first release, the group's own base image).
   */
  private groupAtRest(group: string, liveCommit: string | null, t: number, final: boolean, liveImageId: string | null): void {
    const problem = (key: string, detail: string | undefined) => (detail ? this.log.holds(`I1 ${key}`, "I1", t, () => detail) : this.log.clears(`I1 ${key}`, t));
    const refresh = this.sandbox.sim.autoscaling.refreshOf(group);
    if (!final && refreshTowardLive(this.sandbox.sim, group, liveImageId)) return;
    problem("split", refresh && refresh.status !== "Baking" ? `at rest, an instance refresh of ${group} is still ${refresh.status}` : undefined);
    problem("fleet", (this.sandbox.sim.autoscaling.capacityOf(group)?.inService ?? 0) > 0 ? undefined : `at rest, auto scaling group ${group} has no InService instance`);
    // Immutable: no temporary group outlives its deployment; one draining after cleanup is still converging.
    const { app, env } = this.sandbox.config;
    const left = temporaryGroupsOf(this.sandbox.sim, app, env, group).filter((name) => final || !isDraining(this.sandbox.sim, name));
    problem("temporary", left.length === 0 ? undefined : `at rest, temporary group ${left.join(", ")} of ${group} still exists${final ? "" : " and is not draining toward deletion"}`);
    // An interrupted cut-over's instances detached from the temporary group and attached to no group: running and
    // billed, in no load balancer, managed by nothing (I6).
    const stranded = this.sandbox.sim.autoscaling.detachedInstances();
    if (stranded.length > 0) this.log.holds("I6 stranded", "I6", t, () => `at rest, ${stranded.length} instance${stranded.length === 1 ? "" : "s"} (${stranded.join(", ")}) run in no Auto Scaling group`);
    else this.log.clears("I6 stranded", t);
    const stray = liveCommit ? [...new Set(this.sandbox.runtime.commitsServing(group))].filter((commit) => commit !== liveCommit) : [];
    problem("commit", stray.length === 0 ? undefined : `at rest, group ${group} runs ${stray.map((c) => this.branch.label(c)).join(", ")} but the ledger's live commit is ${this.branch.label(liveCommit)}`);
  }

  private clear(t: number): void {
    for (const key of ["split", "fleet", "slot", "commit", "temporary"]) this.log.clears(`I1 ${key}`, t);
    this.log.clears("I6 stranded", t);
  }

  private running() {
    return [...this.sandbox.executions.runs.values()].filter((run) => run.status === "RUNNING");
  }
}
