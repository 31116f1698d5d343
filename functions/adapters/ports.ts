// Narrow interfaces the task handlers depend on. Each has an AWS SDK v3 implementation in this folder;
// tests and the local sandbox pass others. Handlers never touch an SDK client directly.
import type { AlarmState, ControlSignal, DeploymentRecord, LiveRecord, StepRecord, Outcome, Weights } from "../core/model.ts";

export interface TrafficTarget {
  hostedZoneId: string;
  recordName: string;
  type: "A" | "AAAA" | "CNAME";
  ttl: number;
  /** SetIdentifier prefix: records are `<setIdPrefix>-a` and `<setIdPrefix>-b` (`<app>-<env>`). */
  setIdPrefix: string;
}

export interface WeightedRecords {
  /** null when the slot's record does not exist yet. */
  weights: { a: number | null; b: number | null };
  endpoints: { a: string | null; b: string | null };
  ttl: number | null;
}

export type ChangeStatus = "PENDING" | "INSYNC";

/** Route 53 weighted records of one app/env. */
export interface Dns {
  readWeights(target: TrafficTarget): Promise<WeightedRecords>;
  /** UPSERTs both records in one batch (all-or-nothing); returns the change id to poll. */
  setWeights(target: TrafficTarget, weights: Weights, endpoints: { a: string; b: string }): Promise<{ changeId: string }>;
  changeStatus(changeId: string): Promise<ChangeStatus>;
}

export interface MetricQuery {
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  periodSeconds: number;
}

/** CloudWatch alarms and metrics. */
export interface Alarms {
  /** Current states of the named alarms (paginated underneath). Missing alarms are absent from the result. */
  states(names: string[]): Promise<AlarmState[]>;
  metricData(queries: MetricQuery[], start: Date, end: Date): Promise<Record<string, { timestamps: Date[]; values: number[] }>>;
}

/** SSM Parameter Store: the config document and its version. */
export interface ConfigStore {
  /** Throws ConfigNotFoundError when absent. `version` pins a version (`name:version`). */
  load(app: string, env: string, version?: number): Promise<{ document: unknown; version: number }>;
  /** Lists app/env pairs that have a config (`/glidepath/<app>/<env>/config`), paging until done. */
  list(): Promise<Array<{ app: string; env: string }>>;
}

/**
 * Secrets an out-of-band handler needs (the webhook's shared secret), by name. Separate from ConfigStore:
 * a config is a versioned, validated document anyone with config access may read; a secret is one opaque
 * string that only its handler is granted.
 */
export interface Secrets {
  /** The secret's plain value; throws naming the secret when it is absent or empty. */
  read(name: string): Promise<string>;
}

export type ImageState = "pending" | "available" | "failed";

/** EC2 images, baked by CreateImage or by an Image Builder pipeline. */
export interface Images {
  createImage(input: { instanceId: string; name: string; noReboot: boolean; tags: Record<string, string> }): Promise<{ imageId: string }>;
  startPipeline(input: { pipelineArn: string; clientToken: string }): Promise<{ buildVersionArn: string }>;
  /** For a pipeline build: the AMI id once known. */
  pipelineImage(buildVersionArn: string): Promise<{ state: ImageState; imageId?: string; reason?: string }>;
  describeImage(imageId: string): Promise<{ state: ImageState; reason?: string }>;
  /** Deregisters the image and deletes its snapshots. */
  deregister(imageId: string): Promise<void>;
}

export interface FleetStatus {
  /** True when `desired` instances are InService (or the CodeDeploy deployment succeeded). */
  ready: boolean;
  failed: boolean;
  desired: number;
  inService: number;
  reason: string;
}

/** One slot's fleet: an Auto Scaling group, or a CodeDeploy deployment group. */
export interface Fleet {
  /** Starts bringing `group` up on `imageId` with `capacity` instances. Returns an opaque reference to poll. */
  deploy(input: {
    group: string;
    imageId: string;
    capacity: number;
    reference: string;
    /** autoscaling: the launch template that gets a new version carrying `imageId` (config `fleet.launchTemplateId`). */
    launchTemplateId?: string;
    /** codedeploy: the application the deployment group belongs to (config `fleet.application`). */
    application?: string;
  }): Promise<{ ref: string }>;
  status(input: { group: string; ref: string }): Promise<FleetStatus>;
  /** Scales the group to zero (keeps the group itself). codedeploy needs `application` to find the group. */
  scaleDown(group: string, context?: { application?: string }): Promise<void>;
}

/** DynamoDB ledger: deployments and live state. */
export interface Ledger {
  getLive(app: string, env: string): Promise<LiveRecord | null>;
  /** Writes the live record; refused (StaleLeaseError) unless `fencingToken` is the lease's current token. */
  setLive(record: LiveRecord, fencingToken: number): Promise<void>;
  createDeployment(record: DeploymentRecord): Promise<void>;
  getDeployment(app: string, env: string, deploymentId: string): Promise<DeploymentRecord | null>;
  appendStep(app: string, env: string, deploymentId: string, step: StepRecord): Promise<void>;
  finishDeployment(app: string, env: string, deploymentId: string, outcome: Outcome, reason: string, endedAt: string): Promise<void>;
  /**
   * Records a control signal on the deployment unless one is already there, and returns the one that stands
   * (`control` itself when it was the first). Throws when the deployment is not in the ledger.
   */
  recordControl(app: string, env: string, deploymentId: string, control: ControlSignal): Promise<ControlSignal>;
  /** Deployments of an app/env, newest first. */
  listDeployments(app: string, env: string, limit?: number): Promise<DeploymentRecord[]>;
}

export interface LeaseGrant {
  owner: string;
  fencingToken: number;
  expiresAt: number;
  /** When this owner took the lease (epoch ms), where the store records it: errors name who took it and when. */
  acquiredAt?: number;
}

/** DynamoDB lease: one deployment per app/env at a time, with a fencing token. */
export interface Lease {
  /** Takes the lease if free or expired (token increases); returns null when someone else holds it. */
  acquire(app: string, env: string, owner: string, ttlSeconds: number): Promise<LeaseGrant | null>;
  /** Extends the lease; StaleLeaseError if the token is no longer current. */
  renew(app: string, env: string, owner: string, fencingToken: number, ttlSeconds: number): Promise<LeaseGrant>;
  /** Releases the lease; StaleLeaseError if the token is no longer current. Releasing a free lease is a no-op. */
  release(app: string, env: string, owner: string, fencingToken: number): Promise<void>;
  /** The lease as held now: null when free, released or expired (an expired lease is one `acquire` would take). */
  current(app: string, env: string): Promise<LeaseGrant | null>;
  /**
   * The stored grant, expired or not: null only when free or released. Unlike `current`, this shows a lease
   * whose holder stopped renewing it without releasing it, which the reconciler needs to find and sweep.
   */
  read(app: string, env: string): Promise<LeaseGrant | null>;
}

export interface ProbeCheck {
  path: string;
  method: "GET" | "HEAD" | "POST";
  expectStatus: number;
  bodyContains?: string;
  timeoutSeconds: number;
  attempts: number;
  mustPass: number;
}

export interface ProbeResult {
  passed: boolean;
  /** Per check: how many attempts passed, and why the others failed. */
  checks: Array<{ path: string; passed: number; attempts: number; ok: boolean; failures: string[] }>;
  reason: string;
}

/** Smoke tests: real HTTP requests straight at a slot's endpoint. */
export interface Probe {
  run(baseUrl: string, checks: ProbeCheck[]): Promise<ProbeResult>;
}

/** Starts Step Functions executions (start-deployment, reconciler) and stops one (a superseding push). */
export interface Executions {
  /** Returns `started`, or `exists` when the name is already taken (a duplicate event). */
  start(input: { name: string; input: unknown }): Promise<{ status: "started" | "exists"; executionArn: string }>;
  /** Sends an approval decision to a waiting `.waitForTaskToken` task. */
  sendDecision(taskToken: string, approved: boolean, reason: string): Promise<void>;
  /**
   * StopExecution of our state machine's execution (a name or its ARN). No Catch runs: the execution's
   * "Execution Status Change" ABORTED event reaches cleanup. `not_found` when no such execution exists.
   */
  stop(execution: string, cause: string): Promise<{ status: "stopped" | "not_found" }>;
}

/** Time, injected so the sandbox's virtual clock drives every handler. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** Every port at once: what `makeAdapters` builds, and what a Task handler may use. */
export interface AdapterSet {
  dns: Dns;
  alarms: Alarms;
  configStore: ConfigStore;
  images: Images;
  fleets: { autoscaling: Fleet; codedeploy: Fleet };
  ledger: Ledger;
  lease: Lease;
  probe: Probe;
  executions: Executions;
}
