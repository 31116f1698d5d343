// How often the state machine polls what it cannot be told about (an AMI bake, a fleet, a Route 53 change):
// the definition's Wait states and the plan's cost estimate (plan-cost.ts) both read these.
export const POLL_SECONDS = {
  /** An Auto Scaling group or CodeDeploy deployment reports progress at a similar pace. */
  fleet: 15,
  /** Route 53 changes are usually INSYNC within 60 s. */
  dns: 10,
} as const;

/**
 * The image bake is not polled: "Wait for the image" is a task-token wait its image's state-change event ends
 * (core/image-events.ts). EventBridge delivers those events best effort, so the wait times out after this
 * long and "Check image" looks for itself, then waits again while the image is pending. Worst case, a lost
 * event delays the deployment by this much; with no event at all, a bake costs one Check image per 4 minutes
 * instead of 16 (EC2's waiter's 15 s). 240 s is under the sandbox's 5-minute CreateImage bake and a quarter
 * of its 15-minute pipeline build, and far inside the image deadline (3 h, lease-budget.ts).
 */
export const IMAGE_WAIT_FALLBACK_SECONDS = 240;
