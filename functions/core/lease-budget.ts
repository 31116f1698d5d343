// How long a deployment may hold its lease, derived from the config's own waits. The lease is what tells the
// reconciler a deployment is still alive, so it must outlast every legal wait: a lease shorter than the image
// bake's deadline gets a healthy deployment swept (issue 8 item 4). Two numbers:
// - the first grant covers the whole deployment end to end, every deadline and wait at its longest;
// - each renewal (every Task renews) covers the longest wait between two Tasks, during which nothing runs
//   that could renew: a bake or approval (task-token waits), the final bake, scaleDownDelay.
import type { Plan } from "./model.ts";

/** How long the polling Tasks wait before giving up: Check image and Check the idle fleet read these. */
export const SETUP_DEADLINES = {
  /** Image Builder builds that run their tests take hours (Image Builder's own default timeout is 12 h). */
  imageSeconds: 3 * 3600,
  fleetSeconds: 3600,
  /** The smoke test is one Lambda invocation: at most its timeout, with Lambda's retries. */
  smokeSeconds: 10 * 60,
} as const;

/** Per traffic shift: Route 53 INSYNC (normally within 60 s, polled until its deadline) and the TTL wait. */
const SHIFT_ALLOWANCE_SECONDS = 15 * 60;

/** Slack for Lambda and state-machine retries (backoff up to minutes) and polling between the waits. */
const SLACK_SECONDS = 30 * 60;

const sumOf = (values: number[]): number => values.reduce((sum, value) => sum + value, 0);

function waitsOf(plan: Plan): number[] {
  return plan.steps.map((step) => (step.kind === "bake" ? step.seconds : step.kind === "approval" ? step.timeoutSeconds : 0));
}

/**
 * Seconds the first grant lasts: image, fleet and smoke deadlines, every bake and approval at its timeout,
 * the final bake, every shift's DNS wait, scaleDownDelay, and slack.
 * Example: canary 10% bake 5m, 100%, final bake 5m, scaleDownDelay 15m →
 * 10 800 + 3600 + 600 + 300 + 300 + 2 × 900 + 900 + 1800 = 20 100 s (5 h 35 m).
 */
export function leaseSeconds(plan: Plan, scaleDownDelaySeconds: number): number {
  const shifts = plan.steps.filter((step) => step.kind === "setWeight").length;
  // A canary fleet scaled to full size (canaryScale) is polled to the same deadline as the idle fleet in set-up.
  const scaleUps = plan.steps.filter((step) => step.kind === "scaleFleet").length;
  const setup = SETUP_DEADLINES.imageSeconds + SETUP_DEADLINES.fleetSeconds + SETUP_DEADLINES.smokeSeconds;
  return setup + scaleUps * SETUP_DEADLINES.fleetSeconds + sumOf(waitsOf(plan)) + plan.finalBakeSeconds + shifts * SHIFT_ALLOWANCE_SECONDS + scaleDownDelaySeconds + SLACK_SECONDS;
}

/**
 * Seconds each renewal extends the lease to (from now): the longest wait between two Tasks, plus slack.
 * Example: an approval step of 24 h → 86 400 + 1800 = 88 200 s; a canary whose longest bake is 10 m,
 * final bake 5 m, scaleDownDelay 15 m → 900 + 1800 = 2700 s.
 */
export function renewalSeconds(plan: Plan, scaleDownDelaySeconds: number): number {
  return Math.max(...waitsOf(plan), plan.finalBakeSeconds, scaleDownDelaySeconds, SHIFT_ALLOWANCE_SECONDS) + SLACK_SECONDS;
}
