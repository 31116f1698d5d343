// What a config's deployment costs, before it runs: per plan step and in total, its expected duration, Step
// Functions state transitions, Lambda invocations and their price (`glidepath plan`), and the worst-case
// history events that config validation holds under Step Functions' 25,000 (`historyBudgetProblem`).
// Counts follow the definition state by state (stacks/definition/*): a wait a person or an alarm ends is one
// task-token Task, so a bake costs the same however long it lasts; the AMI bake is one too, ended by the image's
// event, but its fallback timeout makes a long build cost one round per IMAGE_WAIT_FALLBACK_SECONDS; what is
// polled (the fleet, a Route 53 change) grows with time. test/sim/scenarios/transition-stats.test.ts holds these counts to what
// the local runner measures.
import type { Config } from "./config.ts";
import { formatDuration } from "./duration.ts";
import type { Plan, PlanStep } from "./model.ts";
import { compilePlan, describePlan } from "./plan.ts";
import { IMAGE_WAIT_FALLBACK_SECONDS, POLL_SECONDS } from "./poll-intervals.ts";

/** Step Functions Standard: $0.025 per 1,000 state transitions (aws-facts.md). */
const USD_PER_TRANSITION = 0.025 / 1000;
/** Lambda: $0.20 per million requests, $0.0000166667 per GB-second (x86, us-east-1 list prices). */
const USD_PER_INVOCATION = 0.2 / 1_000_000;
const USD_PER_GB_SECOND = 0.0000166667;
/** Each Task Lambda has 256 MB (functions/catalog.ts) and typically runs a few hundred ms: assume 300 ms. */
const GB_SECONDS_PER_INVOCATION = 0.25 * 0.3;

/**
 * How many times each replaceInstances step asks how far the refresh got: once as it starts (or resumes after
 * its checkpoint's pause, waited out in one Wait), then every poll while its batches boot, one at the boot time
 * the sandbox simulates per batch. The group's size is taken as `fleet.capacity` (its real size is its own).
 * Example: 4 instances, extra batch of 25%, steps 25% and 100% → [1 + 4, 1 + 12 + 1] = [5, 14].
 */
function refreshAsks(plan: Plan, capacity: number, bootSeconds: number): number[] {
  const change = plan.fleetChange;
  if (change?.kind !== "instanceRefresh") return [];
  const batchPercent = change.minHealthyPercentage >= 100 ? change.maxHealthyPercentage - 100 : 100 - change.minHealthyPercentage;
  const perBatch = Math.max(1, Math.floor((capacity * batchPercent) / 100));
  let before = 0;
  return plan.steps.flatMap((step, i) => {
    if (step.kind !== "replaceInstances") return [];
    const instances = Math.ceil((capacity * step.percent) / 100) - Math.ceil((capacity * before) / 100);
    const batches = Math.ceil(Math.max(0, instances) / perBatch);
    const resumed = before > 0 && i > 0 ? 1 : 0;
    before = step.percent;
    return [1 + polls(batches * bootSeconds, POLL_SECONDS.fleet) + resumed];
  });
}

/** Step Functions' history limit: an execution with more events fails. */
export const HISTORY_EVENT_LIMIT = 25_000;

/**
 * How long what is waited for typically takes (as the sandbox simulates it) and at worst (the Tasks' deadlines;
 * Route 53 has none, so twice its documented "normally within 60 s").
 */
const POLLED = {
  image: { createImage: 300, imageBuilder: 900, worst: 3 * 3600 },
  fleet: { autoscaling: 60, codedeploy: 125, worst: 3600 },
  dns: { expected: 30, worst: 120 },
} as const;

/** States of one kind, by how many history events each writes: Task 5, callback Task 6, any other 2. */
interface StateCounts {
  tasks: number;
  callbacks: number;
  others: number;
}

export interface Estimate {
  durationSeconds: number;
  transitions: number;
  lambdaInvocations: number;
  costUsd: number;
}

export interface StepEstimate extends Estimate {
  /** What the row is, in `describePlan`'s words. */
  label: string;
}

export interface PlanEstimate {
  steps: StepEstimate[];
  total: Estimate;
  /** Worst case (every poll to its deadline, no retries): transitions and history events of the execution. */
  worstCase: { transitions: number; historyEvents: number };
}

const polls = (seconds: number, every: number) => Math.max(1, Math.ceil(seconds / every));
const poll = (times: number): StateCounts => ({ tasks: times, callbacks: 0, others: 2 * times });
/**
 * Rounds of the image wait for a bake of `seconds`: one wait the image's event ends, after one fallback
 * timeout per full IMAGE_WAIT_FALLBACK_SECONDS before it. Example: 300 s at 240 s → 2; 900 s → 4.
 */
const imageWaitRounds = (seconds: number) => Math.floor(seconds / IMAGE_WAIT_FALLBACK_SECONDS) + 1;
/** Each round: "Wait for the image" (a callback Task), then "Check image" and "Is the image ready?". */
const imageWaits = (rounds: number): StateCounts => ({ tasks: rounds, callbacks: rounds, others: rounds });
const add = (...counts: StateCounts[]): StateCounts => counts.reduce((sum, c) => ({ tasks: sum.tasks + c.tasks, callbacks: sum.callbacks + c.callbacks, others: sum.others + c.others }), { tasks: 0, callbacks: 0, others: 0 });
const transitionsOf = (c: StateCounts) => c.tasks + c.callbacks + c.others;
const eventsOf = (c: StateCounts) => 5 * c.tasks + 6 * c.callbacks + 2 * c.others;

/**
 * Load config … smoke test: five Tasks and three Choices ("Did this push get the lease?", "Is the image
 * given?", "Is the fleet one group?"), the image wait's rounds (Choice first), the fleet poll, the smoke test,
 * and the Map. One group skips the fleet (no idle fleet to prepare, poll or smoke-test).
 */
/**
 * Immutable has as many: its temporary group is launched and polled as an idle fleet is, and put in service
 * where the smoke test would run.
 */
function setupStates(imageRounds: number, fleetPolls: number, oneGroup = false): StateCounts {
  return oneGroup ? add({ tasks: 4, callbacks: 0, others: 5 }, imageWaits(imageRounds)) : add({ tasks: 6, callbacks: 0, others: 5 }, imageWaits(imageRounds), poll(fleetPolls));
}

/** One Rollout iteration: "Which kind of step?", then the step's own states. */
function stepStates(step: PlanStep, dnsPolls: number, refreshPolls: number, fleetPolls: number): StateCounts {
  switch (step.kind) {
    case "setWeight":
      return add({ tasks: 1, callbacks: 0, others: 2 }, poll(dnsPolls));
    case "bake":
      return { tasks: 1, callbacks: 1, others: 3 };
    case "approval":
      // Its wait, "Was it approved?", then the alarms judged over the wait and that verdict's Choice and Pass.
      return { tasks: 1, callbacks: 1, others: 4 };
    case "replaceInstances":
      // "Which kind of step?", then Replace instances (it starts or follows the refresh) with its Choice and
      // a Wait between asks, until the checkpoint; then "Instances replaced" (a Wait fewer than asks).
      return add({ tasks: 0, callbacks: 0, others: 1 }, poll(refreshPolls));
    case "setFlag":
      // A flag release's step (functions/flags/): one Task, no DNS wait. Deployment plans never hold one.
      return { tasks: 1, callbacks: 0, others: 1 };
    case "scaleFleet":
      // "Which kind of step?", Scale the new fleet, its poll as the idle fleet's in set-up, "New fleet scaled".
      return add({ tasks: 1, callbacks: 0, others: 2 }, poll(fleetPolls));
  }
}

/** The final bake (its wait, judge and Choice after "Is there a final bake?"; no wait when it is 0s). */
const finalBakeStates = (seconds: number): StateCounts => (seconds > 0 ? { tasks: 1, callbacks: 1, others: 2 } : { tasks: 1, callbacks: 0, others: 2 });
/**
 * "Is there a temporary group to cut over to?", promote, "Is there an old fleet to keep warm?", wait out
 * scaleDownDelay, retire the old fleet, release the lease, succeed.
 */
const FINISH_STATES: StateCounts = { tasks: 3, callbacks: 0, others: 4 };
/** One group keeps no old fleet warm: no wait before retiring. */
const GROUP_FINISH_STATES: StateCounts = { tasks: 3, callbacks: 0, others: 3 };
/** Immutable: as one group, with the cut-over to the temporary group's instances before promotion. */
const IMMUTABLE_FINISH_STATES: StateCounts = { tasks: 4, callbacks: 0, others: 3 };

/**
 * What Step Functions and Lambda charge for this many transitions and invocations.
 * Example: 82 transitions and 35 invocations → 82 × $0.000025 + 35 × ($0.0000002 + 0.075 GB-s × $0.0000166667) ≈ $0.0021.
 */
export function costUsd(transitions: number, lambdaInvocations: number): number {
  return transitions * USD_PER_TRANSITION + lambdaInvocations * (USD_PER_INVOCATION + GB_SECONDS_PER_INVOCATION * USD_PER_GB_SECOND);
}

function priced(label: string, counts: StateCounts, durationSeconds: number): StepEstimate {
  const transitions = transitionsOf(counts);
  const lambdaInvocations = counts.tasks + counts.callbacks;
  return { label, durationSeconds, transitions, lambdaInvocations, costUsd: costUsd(transitions, lambdaInvocations) };
}

/**
 * The expected cost of a config's deployment, row by row: set-up, each plan step, the final bake, and
 * promotion; and the worst case that the history budget checks.
 * Example: the sandbox's canary (10% bake 3m, 50% bake 3m, 100%; createImage, autoscaling, TTL 60 s) →
 *   total `{ transitions: 82, lambdaInvocations: 35, … }`, the same as a 24 h bake would give.
 */
export function estimatePlan(config: Config, plan: Plan = compilePlan(config)): PlanEstimate {
  // An env promoted from upstream deploys the image upstream baked: "Check image" once in Bake image's place
  // finds it available, so there is nothing to wait for.
  const upstream = "promotedFrom" in config.source ? config.source.promotedFrom : null;
  const fleetSeconds = POLLED.fleet[config.fleet.provider];
  const imageSeconds = upstream ? 0 : POLLED.image[config.image.kind];
  const imageRounds = upstream ? 0 : imageWaitRounds(imageSeconds);
  const fleetPolls = polls(fleetSeconds, POLL_SECONDS.fleet);
  // An ALB's change is in effect when written: one check at once, no wait and no TTL.
  const onAlb = config.traffic.kind === "alb";
  const dnsPolls = onAlb ? 1 : polls(POLLED.dns.expected, POLL_SECONDS.dns);
  // A checkpoint is reached once its batches have booted; the wait for a paused refresh is one Wait state.
  const asks = refreshAsks(plan, config.fleet.capacity, POLLED.fleet.autoscaling);
  const asksAt = (i: number) => asks[plan.steps.slice(0, i).filter((step) => step.kind === "replaceInstances").length] ?? 1;
  const labels = describePlan(plan);
  const durationOf = (step: PlanStep, i: number) => {
    switch (step.kind) {
      case "setWeight":
        return onAlb ? 0 : dnsPolls * POLL_SECONDS.dns + config.traffic.ttl;
      case "bake":
        return step.seconds;
      case "approval":
        return step.timeoutSeconds;
      case "replaceInstances":
        return (asksAt(i) - 1) * POLL_SECONDS.fleet;
      case "setFlag":
        return 0;
      case "scaleFleet":
        return fleetPolls * POLL_SECONDS.fleet;
    }
  };
  // One group refreshed in place has no idle fleet: its set-up is the image; the refresh starts in the Rollout.
  const oneGroup = plan.fleetChange?.kind === "instanceRefresh";
  const image = upstream ? `${upstream}'s image` : "image";
  const idleFleet = plan.canaryScale ? `idle fleet at ${plan.canaryScale.percent}% of the live fleet's size` : "idle fleet";
  const setUp = plan.fleetChange?.kind === "temporaryGroup" ? `Set up: ${image}, temporary group, put in service` : oneGroup ? `Set up: ${image}` : `Set up: ${image}, ${idleFleet}, smoke test`;
  const steps = [
    priced(setUp, setupStates(imageRounds, fleetPolls, oneGroup), imageSeconds + (oneGroup ? 0 : fleetPolls * POLL_SECONDS.fleet)),
    ...plan.steps.map((step, i) => priced(labels[i]!, stepStates(step, dnsPolls, asksAt(i), fleetPolls), durationOf(step, i))),
    priced(labels.at(-1)!, finalBakeStates(plan.finalBakeSeconds), plan.finalBakeSeconds),
    finishRow(plan, config),
  ];
  const total = steps.reduce<Estimate>(
    (sum, row) => ({
      durationSeconds: sum.durationSeconds + row.durationSeconds,
      transitions: sum.transitions + row.transitions,
      lambdaInvocations: sum.lambdaInvocations + row.lambdaInvocations,
      costUsd: sum.costUsd + row.costUsd,
    }),
    { durationSeconds: 0, transitions: 0, lambdaInvocations: 0, costUsd: 0 },
  );
  return { steps, total, worstCase: worstCaseOf(plan) };
}

/** The states after the final bake: the cut-over (immutable), promotion, and retiring the old fleet (two slots). */
function finishStatesOf(plan: Plan): StateCounts {
  if (plan.fleetChange?.kind === "temporaryGroup") return IMMUTABLE_FINISH_STATES;
  return plan.fleetChange?.kind === "instanceRefresh" ? GROUP_FINISH_STATES : FINISH_STATES;
}

function finishRow(plan: Plan, config: Config): StepEstimate {
  if (plan.fleetChange?.kind === "temporaryGroup") return priced("Cut over to the new instances, promote, retire old images", finishStatesOf(plan), 0);
  if (plan.fleetChange?.kind === "instanceRefresh") return priced("Promote, retire old images", finishStatesOf(plan), 0);
  return priced(`Promote, keep the old fleet warm ${formatDuration(config.scaleDownDelay)}, retire it`, finishStatesOf(plan), config.scaleDownDelay);
}

/**
 * Every poll and the image wait to their deadlines, every step's DNS change at its worst. Retries are left out: each adds one
 * transition and about three events, and Step Functions bounds them per Task (retry.ts).
 */
function worstCaseOf(plan: Plan): PlanEstimate["worstCase"] {
  const oneGroup = plan.fleetChange?.kind === "instanceRefresh";
  const dnsPolls = polls(POLLED.dns.worst, POLL_SECONDS.dns);
  // Every batch booting to the fleet deadline, plus the one Wait for a refresh paused at a checkpoint.
  const refreshPolls = polls(POLLED.fleet.worst, POLL_SECONDS.fleet) + 1;
  const fleetPolls = polls(POLLED.fleet.worst, POLL_SECONDS.fleet);
  const counts = add(
    setupStates(imageWaitRounds(POLLED.image.worst), fleetPolls, oneGroup),
    ...plan.steps.map((step) => stepStates(step, dnsPolls, refreshPolls, fleetPolls)),
    finalBakeStates(plan.finalBakeSeconds),
    finishStatesOf(plan),
  );
  // The execution's start and end, and the Map's own events around its iterations (2 each).
  const historyEvents = eventsOf(counts) + 2 + 4 + 2 * plan.steps.length;
  return { transitions: transitionsOf(counts), historyEvents };
}

/**
 * The config problem when its plan could exceed Step Functions' history limit, else null.
 * Example: a plan whose worst case is 31,200 events →
 *   `"strategy: its deployment can write up to 31200 history events, more than Step Functions' 25000 …"`.
 */
export function historyBudgetProblem(config: Config, plan: Plan = compilePlan(config)): string | null {
  const { historyEvents, transitions } = estimatePlan(config, plan).worstCase;
  if (historyEvents <= HISTORY_EVENT_LIMIT) return null;
  return `strategy: its deployment can write up to ${historyEvents} history events (${transitions} state transitions), more than Step Functions' ${HISTORY_EVENT_LIMIT} per execution, after which the execution fails; use fewer steps`;
}
