// Every Lambda Glidepath deploys: the Task states' handlers and the out-of-band event handlers.
// The definition builder, the stacks, the bundler and the local runner all read this one list.

export interface FunctionSpec {
  /** File under functions/ that exports `handler`, without extension. */
  file: string;
  /** Lambda timeout in seconds; the Task's TimeoutSeconds sits above it. */
  timeoutSeconds: number;
  memoryMb: number;
  description: string;
}

export const TASK_FUNCTIONS = {
  loadConfig: { file: "tasks/load-config", timeoutSeconds: 30, memoryMb: 256, description: "Load and validate the app/env config from SSM" },
  preflight: { file: "tasks/preflight", timeoutSeconds: 30, memoryMb: 256, description: "Check records, slots and alarms before touching anything" },
  acquireLease: { file: "tasks/acquire-lease", timeoutSeconds: 30, memoryMb: 256, description: "Take the per app/env lease and record the deployment" },
  bakeImage: { file: "tasks/bake-image", timeoutSeconds: 60, memoryMb: 256, description: "Start the AMI bake for the commit" },
  checkImage: { file: "tasks/check-image", timeoutSeconds: 30, memoryMb: 256, description: "Poll the AMI bake" },
  prepareFleet: { file: "tasks/prepare-fleet", timeoutSeconds: 60, memoryMb: 256, description: "Bring the idle fleet up on the new AMI" },
  checkFleet: { file: "tasks/check-fleet", timeoutSeconds: 30, memoryMb: 256, description: "Poll the idle fleet" },
  smokeTest: { file: "tasks/smoke-test", timeoutSeconds: 120, memoryMb: 256, description: "HTTP checks straight at the idle slot" },
  shiftTraffic: { file: "tasks/shift-traffic", timeoutSeconds: 30, memoryMb: 256, description: "Set both Route 53 weights in one batch" },
  checkDnsSync: { file: "tasks/check-dns-sync", timeoutSeconds: 30, memoryMb: 256, description: "Poll the Route 53 change until INSYNC" },
  checkAlarms: { file: "tasks/check-alarms", timeoutSeconds: 30, memoryMb: 256, description: "Judge the alarms during a bake" },
  requestApproval: { file: "tasks/request-approval", timeoutSeconds: 30, memoryMb: 256, description: "Record the task token of an approval step" },
  promote: { file: "tasks/promote", timeoutSeconds: 30, memoryMb: 256, description: "Flip the live slot in the ledger" },
  retireOldFleet: { file: "tasks/retire-old-fleet", timeoutSeconds: 60, memoryMb: 256, description: "Scale the old live fleet down" },
  releaseLease: { file: "tasks/release-lease", timeoutSeconds: 30, memoryMb: 256, description: "Release the lease" },
  rollBack: { file: "tasks/roll-back", timeoutSeconds: 60, memoryMb: 256, description: "Put all traffic back on the live slot" },
  finishRollback: { file: "tasks/finish-rollback", timeoutSeconds: 60, memoryMb: 256, description: "Scale the idle fleet down, record the reason, release the lease" },
} as const satisfies Record<string, FunctionSpec>;

export const EVENT_FUNCTIONS = {
  startDeployment: { file: "events/start-deployment", timeoutSeconds: 30, memoryMb: 256, description: "CodeCommit push → start an execution" },
  webhook: { file: "events/webhook", timeoutSeconds: 30, memoryMb: 256, description: "Signed GitHub/GitLab push → start an execution" },
  cleanup: { file: "events/cleanup", timeoutSeconds: 120, memoryMb: 256, description: "Aborted/failed/timed-out execution → safe state" },
  circuitBreaker: { file: "events/circuit-breaker", timeoutSeconds: 60, memoryMb: 256, description: "Alarm → ALARM during a rollout → revert weights" },
  reconciler: { file: "events/reconciler", timeoutSeconds: 120, memoryMb: 256, description: "Sweep expired leases; start missed deployments" },
} as const satisfies Record<string, FunctionSpec>;

export type TaskId = keyof typeof TASK_FUNCTIONS;
export type EventFunctionId = keyof typeof EVENT_FUNCTIONS;

/** The ARN (or local name) of each Task's Lambda, as `buildDefinition` takes them. */
export type TaskArns = Record<TaskId, string>;
