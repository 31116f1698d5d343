// The bounds a config must stay within, in one place: the schema, the cross-field rules and the README's
// configuration table all state these numbers.

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

export const LIMITS = {
  /** Alarm checks more often than this only add Lambda invocations; rarer than this and a bad canary runs unwatched. */
  interval: { min: 10, max: HOUR },
  /** Canary bakes, linear `every`, abTest `until`, finalBake: 0s (no bake) or at least one interval, at most this. */
  bake: { max: 7 * DAY },
  scaleDownDelay: { max: 7 * DAY },
  /** Below a minute nobody can answer; Step Functions would fail the step at once (States.Timeout). */
  approvalTimeout: { min: MINUTE, max: 7 * DAY },
  smokeTimeout: { min: 1, max: 30 },
  /** Worst case of all smoke checks (attempts × timeout, summed): the smoke-test Lambda stops at 120s. */
  smokeBudgetSeconds: 100,
  /** Route 53 accepts 0–2147483647, but every traffic shift (and every rollback) waits one TTL. */
  ttl: { max: HOUR },
  capacity: { max: 1000 },
  /**
   * Baked images kept per app/env: at least the live one and its rollback target; at most what one
   * DescribeImages page and a Lambda's minute can sort through comfortably.
   */
  imageKeep: { min: 2, max: 100 },
  /** Transitions are O(plan steps): keep a plan far below Step Functions' 25,000-event history. */
  planSteps: 100,
  alarms: { max: 100 },
  smokeChecks: { max: 20 },
  consecutiveSuccesses: { max: 100 },
} as const;
