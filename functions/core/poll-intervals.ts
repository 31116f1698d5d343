// How often the state machine polls what it cannot be told about (an AMI bake, a fleet, a Route 53 change):
// the definition's Wait states and the plan's cost estimate (plan-cost.ts) both read these.
export const POLL_SECONDS = {
  /** EC2's image waiter polls every 15 s. */
  image: 15,
  /** An Auto Scaling group or CodeDeploy deployment reports progress at a similar pace. */
  fleet: 15,
  /** Route 53 changes are usually INSYNC within 60 s. */
  dns: 10,
} as const;
