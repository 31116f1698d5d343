// Narrow interfaces the task handlers depend on. Each has an AWS SDK v3 implementation in this folder;
// tests and the local sandbox pass others. Handlers never touch an SDK client directly.
import type { FlagStore } from "../flags/flag-store.ts";
import type { AlarmState, AlarmStateChange, ControlSignal, DeploymentRecord, LiveRecord, StepRecord, Outcome, Weights } from "../core/model.ts";
import type { PushLink } from "../core/branch-history.ts";
import type { LifecycleEvent } from "../core/lifecycle-events.ts";
import type { WeightWriter } from "../core/fence.ts";

/** Route 53 weighted records of one app/env: `<setIdPrefix>-a` and `<setIdPrefix>-b` in one record set. */
export interface Route53Target {
  kind: "route53";
  hostedZoneId: string;
  recordName: string;
  type: "A" | "AAAA" | "CNAME";
  ttl: number;
  /** SetIdentifier prefix: records are `<setIdPrefix>-a` and `<setIdPrefix>-b` (`<app>-<env>`). */
  setIdPrefix: string;
}

/**
 * An Application Load Balancer's weighted forward action of one app/env: the default action of `listenerArn`
 * or the action of `ruleArn` (exactly one is set), forwarding to each slot's target group.
 */
export interface AlbTarget {
  kind: "alb";
  listenerArn?: string;
  ruleArn?: string;
  targetGroups: { a: string; b: string };
  /** Nothing caches an ALB's split: always 0, so every TTL wait is none. */
  ttl: 0;
  /** `<app>-<env>`, naming the writer's app/env in errors. */
  setIdPrefix: string;
}

/** Where an app/env's traffic split lives: `traffic.kind` of its config. */
export type TrafficTarget = Route53Target | AlbTarget;

export interface WeightedRecords {
  /** null when the slot's record (or its target group in the action) does not exist yet. */
  weights: { a: number | null; b: number | null };
  /** What each slot's weight points at: its record's value, or its target group's ARN. */
  endpoints: { a: string | null; b: string | null };
  /** The records' TTL; null when there are none, and for an ALB (which caches nothing). */
  ttl: number | null;
}

export type ChangeStatus = "PENDING" | "INSYNC";

/**
 * The traffic port: the weight of each slot, wherever the config's `traffic.kind` keeps it (Route 53 weighted
 * records, adapters/route53.ts; an ALB listener's weighted forward action, adapters/alb.ts), and the writes
 * that move it, fenced by the lease's token (core/fence.ts). Every caller goes through this port.
 */
export interface Traffic<Target extends TrafficTarget = TrafficTarget> {
  readWeights(target: Target): Promise<WeightedRecords>;
  /**
   * Writes both weights at once (one all-or-nothing batch, or one ModifyListener/ModifyRule) with `writer`'s
   * fence; returns the change id to poll (an ALB change is INSYNC from the start). StaleLeaseError, writing
   * nothing, when the fence names a writer that outranks `writer`.
   */
  setWeights(target: Target, weights: Weights, endpoints: { a: string; b: string }, writer: WeightWriter): Promise<{ changeId: string }>;
  /**
   * Puts `writer`'s fence up without touching the weights, so nobody ranked below it writes again; null when
   * the fence already keeps them out. StaleLeaseError when the fence names a writer that outranks `writer`.
   */
  fence(target: Target, writer: WeightWriter): Promise<{ changeId: string | null }>;
  changeStatus(changeId: string): Promise<ChangeStatus>;
}

/** CloudWatch alarms. */
export interface Alarms {
  /** Current states of the named alarms (paginated underneath). Missing alarms are absent from the result. */
  states(names: string[]): Promise<AlarmState[]>;
  /** State changes of the named alarms from `from` to `to` (epoch ms), oldest first (DescribeAlarmHistory). */
  history(names: string[], from: number, to: number): Promise<AlarmStateChange[]>;
}

/** SSM Parameter Store: the config document and its version. */
export interface ConfigStore {
  /** Throws ConfigNotFoundError when absent. `version` pins a version (`name:version`). */
  load(app: string, env: string, version?: number): Promise<{ document: unknown; version: number }>;
  /** Lists app/env pairs that have a config (`/glidepath/<app>/<env>/config`), paging until done. */
  list(): Promise<Array<{ app: string; env: string }>>;
  /**
   * Puts `label` on a version, moving it from any other version of the config. Resolves `{ refused }` with SSM's
   * reason when the label itself is refused (naming rules, 10 labels per version); other failures throw.
   */
  label(app: string, env: string, version: number, label: string): Promise<{ refused: string | null }>;
}

/** One kept version of an app/env's config, as SSM's parameter history lists it. */
export interface ConfigVersion {
  version: number;
  /** The document exactly as stored. */
  text: string;
  /** ISO 8601. */
  lastModified: string;
  /** Who wrote it: SSM's LastModifiedUser (an IAM ARN), null when SSM does not say. */
  modifiedBy: string | null;
  labels: string[];
}

/** The operator's side of the config store (`glidepath config`): every kept version, and writing the next. */
export interface ConfigVersions {
  /** Every kept version, oldest first, paging until done. Throws ConfigNotFoundError when there is no config. */
  history(app: string, env: string): Promise<ConfigVersion[]>;
  /** Stores `text` as the config's next version (its first when there is none yet) and returns that version. */
  put(app: string, env: string, text: string): Promise<number>;
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

/** One of an app/env's images as Glidepath tagged it (`IMAGE_TAG`), for retention to decide on. */
export interface ManagedImage {
  imageId: string;
  state: ImageState;
  /** ISO time EC2 registered it. */
  createdAt: string;
  /** The `glidepath:commit` and `glidepath:deployment` tags, when present. */
  commit?: string;
  deploymentId?: string;
  /** The EBS snapshots behind it, deleted with it. */
  snapshotIds: string[];
}

/** EC2 images, baked by CreateImage or by an Image Builder pipeline. */
export interface Images {
  createImage(input: { instanceId: string; name: string; noReboot: boolean; tags: Record<string, string> }): Promise<{ imageId: string }>;
  startPipeline(input: { pipelineArn: string; clientToken: string }): Promise<{ buildVersionArn: string }>;
  /** For a pipeline build: the AMI id once known. */
  pipelineImage(buildVersionArn: string): Promise<{ state: ImageState; imageId?: string; reason?: string }>;
  describeImage(imageId: string): Promise<{ state: ImageState; reason?: string }>;
  /** Adds `tags` to the image and its snapshots (an Image Builder AMI gets the tags CreateImage ones are born with). */
  tagImage(imageId: string, tags: Record<string, string>): Promise<void>;
  /** The account's own images carrying all of `tags` (`{ "glidepath:app": "shop-api", … }`), paging until done. */
  listImages(tags: Record<string, string>): Promise<ManagedImage[]>;
  /** Deregisters the image, then deletes its snapshots; a snapshot already gone is not an error. */
  retireImage(image: Pick<ManagedImage, "imageId" | "snapshotIds">): Promise<void>;
}

export interface FleetStatus {
  /** True when `desired` instances are InService (or the CodeDeploy deployment succeeded). */
  ready: boolean;
  failed: boolean;
  desired: number;
  inService: number;
  /** autoscaling: every InService and Healthy instance of the group, whatever its launch template version. */
  groupInService?: number;
  reason: string;
}

/** An instance refresh as Glidepath reads it (DescribeInstanceRefreshes, reduced). */
export interface RefreshView {
  refreshId: string;
  /** Auto Scaling's status: InProgress, Baking, Successful, Failed, Cancelled, RollbackInProgress, RollbackSuccessful, … */
  status: string;
  /** Share of the group's instances replaced and in service. */
  percentageComplete: number;
  /** Auto Scaling's StatusReason (names the alarm when one failed the refresh). */
  statusReason: string;
  /** The launch template version it replaces instances with. */
  version: string | null;
  /** When it started (epoch ms), when Auto Scaling says. */
  startedAt?: number;
}

/**
 * What `startRefresh` came to: `started` only on the call that started the deployment's refresh (the one that
 * must look again whether its deployment was stopped meanwhile); `found` for the deployment's own refresh,
 * started by an earlier call; `busy` when another refresh (not the deployment's) still runs on the group, so
 * none was started: the view is that other refresh.
 */
export interface RefreshStart extends RefreshView {
  outcome: "started" | "found" | "busy";
}

/** What an instance refresh is started with: the plan's preferences and the alarms it rolls back on. */
export interface RefreshRequest {
  group: string;
  launchTemplateId: string;
  imageId: string;
  /** Names the launch template version this deployment makes (a retried invocation reuses it). */
  reference: string;
  minHealthyPercentage: number;
  maxHealthyPercentage: number;
  checkpointPercentages: number[];
  checkpointDelaySeconds: number;
  bakeTimeSeconds: number;
  /** At most 10 (AlarmSpecification): any in ALARM fails the refresh, and AutoRollback reverses it. */
  alarms: string[];
}

/** The S3 object holding a CodeDeploy appspec bundle (EC2/On-premises takes S3 or GitHub revisions only). */
interface CodeDeployRevision {
  bucket: string;
  key: string;
  bundleType: "zip" | "tar" | "tgz";
}

/** What copying the live group's scaling policies to the idle one did (adapters/scaling-policies.ts). */
export interface PolicyMirror {
  /** Policy names now on the idle group as on the live one. */
  copied: string[];
  /** Policy names the idle group had and the live group has no longer. */
  deleted: string[];
  /**
   * Policies left out, each with why: a target tracking policy on ALBRequestCountPerTarget names the live slot's
   * own target group (its ResourceLabel), which says nothing about the idle slot's load.
   */
  skipped: string[];
  /**
   * Step and simple policies run only when a CloudWatch alarm names them in its actions: the copies have none
   * until one is pointed at them (the live group's alarms name its own policies' ARNs).
   */
  withoutAlarms: string[];
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
    /**
     * autoscaling: the live slot's group. While it runs instances, the idle group takes its desired, minimum and
     * maximum size and its dynamic scaling policies (so it can scale as the live one does); `capacity` is used
     * only when it runs none.
     */
    sizeFrom?: string;
    /**
     * autoscaling, with `sizeFrom`: bring the group up at this share of the live group's size instead
     * (core/canary-scale.ts `canarySize`; config `strategy.canaryScale`). Given, a retried call that finds this
     * deployment's version already on the group sets that size again. `resize` takes it to full size later.
     */
    scalePercent?: number;
    /** codedeploy: the S3 appspec bundle each deployment runs (config `fleet.revision`). */
    revision?: CodeDeployRevision;
  }): Promise<{ ref: string; size?: { min: number; max: number; desired: number }; scalingPolicies?: PolicyMirror }>;
  status(input: { group: string; ref: string }): Promise<FleetStatus>;
  /**
   * Two slots, autoscaling (config `strategy.canaryScale`): sets `group` to `percent` of `sizeFrom`'s size
   * (core/canary-scale.ts `canarySize`; 100: the live group's desired, minimum and maximum). Returns the launch
   * template version the group launches (to poll with `status`) and the size set; no size when `sizeFrom` runs
   * no instances, and then the group is left as it is.
   */
  resize(input: { group: string; sizeFrom: string; percent: number }): Promise<{ ref: string; size?: { min: number; max: number; desired: number } }>;
  /** Scales the group to zero (keeps the group itself). codedeploy needs `application` to find the group. */
  scaleDown(group: string, context?: { application?: string }): Promise<void>;
  /**
   * The AMIs the slot launches new instances from: its Auto Scaling groups' launch template versions. Throws
   * when it cannot tell (no launch template, an image resolved from SSM), so nothing is deleted on a guess.
   */
  launchImages(group: string, context?: { application?: string }): Promise<string[]>;
  /**
   * One group (autoscaling only): makes the launch template version carrying the image and starts an instance
   * refresh to it, or returns the one this deployment already started (a retried invocation, a later step),
   * whatever its status; while another refresh runs on the group it starts nothing and says so (`busy`).
   */
  startRefresh(request: RefreshRequest): Promise<RefreshStart>;
  /** The group's newest instance refresh, or null when it never had one. */
  refreshStatus(group: string): Promise<RefreshView | null>;
  /** RollbackInstanceRefresh while the refresh runs; what became of it (null when there is none to roll back). */
  rollBackRefresh(group: string): Promise<RefreshView | null>;
  /**
   * One group (autoscaling only), once a refresh finished and can no longer be rolled back: starts a refresh back
   * to the configuration of the group's newest refresh that ended Successful before `before` (epoch ms), the
   * live release's, launching before terminating. `busy` while another refresh runs; null when no such refresh
   * is on record (Auto Scaling keeps six weeks).
   */
  restoreRefresh(group: string, before: number): Promise<RefreshStart | null>;
  /**
   * One group, immutable (autoscaling only): creates the temporary group on a new launch template version with
   * the image, at the group's size, in no load balancer yet; or finds the one this deployment created. `ref`
   * is the version, polled with `status` like any fleet's.
   */
  launchTemporaryGroup(request: TemporaryGroupRequest): Promise<{ ref: string; size: { min: number; max: number; desired: number } }>;
  /** Gives the temporary group the group's scaling policies and puts it behind the group's own target groups: old and new instances now share traffic. */
  serveTemporaryGroup(input: { group: string; temporaryGroup: string }): Promise<{ sources: string[]; scalingPolicies?: PolicyMirror }>;
  /** Moves the temporary group's instances into the group, takes the old ones out, deletes the temporary group. */
  cutOver(input: { group: string; temporaryGroup: string; launchTemplateId: string; ref: string; beforeTerminating?: () => Promise<void> }): Promise<CutOverView>;
  /** Drains the temporary group out of its target groups (undoing an interrupted cut-over), then deletes it; call again while `draining`. */
  removeTemporaryGroup(request: TemporaryGroupRemovalRequest): Promise<TemporaryGroupRemoval>;
}

/** What an immutable deployment's temporary group is created with. */
export interface TemporaryGroupRequest {
  /** The group it stands beside and takes its size (and, once in service, its target groups) from. */
  group: string;
  temporaryGroup: string;
  launchTemplateId: string;
  imageId: string;
  /** Names the launch template version this deployment makes (a retried invocation reuses it). */
  reference: string;
  /** Glidepath's tags (app, env, commit, deployment, managed): what IAM scopes deletion to, what a sweep finds. */
  tags: Record<string, string>;
}

export interface CutOverView {
  moved: number;
  terminated: number;
  reason: string;
}

/** Which temporary group to remove, beside which group; `undoCutOver` false for a deployment that went live. */
export interface TemporaryGroupRemovalRequest {
  group: string;
  temporaryGroup: string;
  undoCutOver: boolean;
}

/** Where removing a temporary group got: gone already, still draining out of its target groups, or deleted now. */
export interface TemporaryGroupRemoval {
  state: "absent" | "draining" | "deleted";
  reason: string;
  /** What undoing an interrupted cut-over did on this call, one line each (none when there was nothing to undo). */
  undone?: string[];
}

/**
 * What became of a push: `received` (recorded on arrival), `pending` (waiting for the lease in the queue),
 * `superseded` (a newer push took its place in the queue), `skipped` (older than a live or recorded commit),
 * `deploying` (an execution holds the lease for it; its deployment record says how it ended), `failed` (its
 * execution ended before it took the lease — a config Load config refused, a Preflight check, a stop — so no
 * deployment record exists and nothing was changed; the reason says why).
 */
export type PushStatus = "received" | "pending" | "superseded" | "skipped" | "deploying" | "failed";

/** One push of an app/env's tracked branch: a link of the branch head chain, and what became of it. */
export interface PushRecord extends PushLink {
  app: string;
  env: string;
  /** The `before` the event carried, kept even when a force push cuts the parent link. */
  before: string | null;
  /** The highest execution attempt started for this commit (execution names are per attempt). */
  attempts: number;
  status: PushStatus;
  reason?: string;
  /** The execution that last acted for this push. */
  execution?: string;
}

/** A push waiting for the lease: started again (attempt + 1) with `input` when the lease is released. */
export interface PendingPush {
  app: string;
  env: string;
  commit: string;
  /** The attempt whose execution queued it. */
  attempt: number;
  receivedAt: string;
  /** The execution input to start it with. */
  input: Record<string, unknown>;
  /** Epoch ms before which it is not started: it waits for the env's deploy window or the end of a freeze. */
  notBefore?: number;
}

/** The branch head chain and the push queue of each app/env (stored with the ledger). */
export interface PushLog {
  /** Writes a push's record (replacing an earlier one for the same commit) and its parent link. */
  recordPush(push: PushRecord): Promise<void>;
  getPush(app: string, env: string, commit: string): Promise<PushRecord | null>;
  /** The recorded pushes whose parent link is `commit`: pushes made on top of it. */
  pushesOnTopOf(app: string, env: string, commit: string): Promise<PushRecord[]>;
  /** The pushes whose execution failed before it took the lease (status `failed`), newest received first. */
  failedPushes(app: string, env: string, limit: number): Promise<PushRecord[]>;
  /** Sets what became of a recorded push; throws when the push is not recorded. */
  markPush(app: string, env: string, commit: string, status: PushStatus, reason: string, execution?: string): Promise<void>;
  /** The push waiting for the lease, if any: at most one per app/env (the newest wins). */
  getPending(app: string, env: string): Promise<PendingPush | null>;
  /** Compare-and-set: makes `next` the pending push only if the one waiting is still `expected` (null: none). */
  replacePending(next: PendingPush, expected: { commit: string; attempt: number } | null): Promise<boolean>;
  /** Removes the pending push only if it is still `expected`; false when another replaced it meanwhile. */
  clearPending(app: string, env: string, expected: { commit: string; attempt: number }): Promise<boolean>;
}

/**
 * A deployment waiting on its image's state-change event ("Wait for the image"), keyed by what the event
 * names: the AMI id (EC2 "EC2 AMI State Change") or the image build version ARN (Image Builder).
 */
export interface ImageWait {
  /** The AMI id or the build version ARN. */
  image: string;
  app: string;
  env: string;
  deploymentId: string;
  taskToken: string;
  /** ISO time the wait recorded its token. */
  recordedAt: string;
}

/** DynamoDB ledger: deployments and live state, and the pushes that lead to them. */
export interface Ledger extends PushLog {
  getLive(app: string, env: string): Promise<LiveRecord | null>;
  /** Writes the live record; refused (StaleLeaseError) unless `fencingToken` is the lease's current token. */
  setLive(record: LiveRecord, fencingToken: number): Promise<void>;
  createDeployment(record: DeploymentRecord): Promise<void>;
  getDeployment(app: string, env: string, deploymentId: string): Promise<DeploymentRecord | null>;
  appendStep(app: string, env: string, deploymentId: string, step: StepRecord): Promise<void>;
  finishDeployment(app: string, env: string, deploymentId: string, outcome: Outcome, reason: string, endedAt: string): Promise<void>;
  /** Records the image the deployment baked, once it is available (retention keeps a running deployment's). */
  recordImage(app: string, env: string, deploymentId: string, imageId: string): Promise<void>;
  /** Records (replacing any earlier one) the task token of the deployment waiting on `wait.image`. */
  recordImageWait(wait: ImageWait): Promise<void>;
  /** The wait recorded on an image, if any: what its state-change event resolves. */
  getImageWait(image: string): Promise<ImageWait | null>;
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
  /**
   * The highest fencing token ever granted, held, expired or released (0 when never taken): what cleanup and
   * the reconciler fence Route 53 with when they take traffic back from whoever held it (core/fence.ts).
   */
  latestToken(app: string, env: string): Promise<number>;
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
/** Step Functions' execution statuses, as DescribeExecution reports them. */
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE";

export interface Executions {
  /** Returns `started`, or `exists` when the name is already taken (a duplicate event). */
  start(input: { name: string; input: unknown }): Promise<{ status: "started" | "exists"; executionArn: string }>;
  /**
   * SendTaskSuccess: a waiting `.waitForTaskToken` Task ends with `output` as its result. A token whose
   * Task is no longer waiting is refused (TaskTimedOut, TaskDoesNotExist or InvalidToken).
   */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
  /** SendTaskFailure: a waiting `.waitForTaskToken` Task fails with `error` (its Catch routes on it) and `cause`. */
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
  /**
   * StopExecution of our state machine's execution (a name or its ARN). No Catch runs: the execution's
   * "Execution Status Change" ABORTED event reaches cleanup. `not_found` when no such execution exists.
   */
  stop(execution: string, cause: string): Promise<{ status: "stopped" | "not_found" }>;
  /**
   * DescribeExecution of our state machine's execution (a name or its ARN): its status and, once it ended,
   * when (epoch ms). `not_found` when our state machine has no such execution.
   */
  describe(execution: string): Promise<{ status: ExecutionStatus; stoppedAt?: number } | { status: "not_found" }>;
}

/**
 * EventBridge: Glidepath's own lifecycle events (core/lifecycle-events.ts), on its event bus. Callers go
 * through task-support/announce.ts, which never lets a failed publish fail or slow a deployment.
 */
export interface LifecycleEvents {
  /** PutEvents in requests of at most 10 entries; throws naming every entry EventBridge refused. */
  publish(events: LifecycleEvent[]): Promise<void>;
}

/** Time, injected so the sandbox's virtual clock drives every handler. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** Every port at once: what `makeAdapters` builds, and what a Task handler may use. */
export interface AdapterSet {
  traffic: Traffic;
  alarms: Alarms;
  configStore: ConfigStore;
  images: Images;
  fleets: { autoscaling: Fleet; codedeploy: Fleet };
  ledger: Ledger;
  lease: Lease;
  probe: Probe;
  executions: Executions;
  events: LifecycleEvents;
  /** The app/env's feature flag document (SSM), which a flag release changes step by step. */
  flags: FlagStore;
}
