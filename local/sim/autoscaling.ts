// Simulated Auto Scaling: groups on a launch template, instances booted through the InstanceRuntime, and
// scaling activities.
//
// Simplifications (documented for scenario writers):
// - An instance is Pending until BOTH the boot delay has passed AND runtime.launch() said healthy; an
//   unhealthy instance stays Pending for good (no health-check replacement).
// - As on AWS, pointing a group at another launch template version (UpdateAutoScalingGroup) changes only what
//   new launches use; an instance refresh (instance-refresh.ts) replaces instances batch by batch.
// - A launch whose image is not `available` fails as a Failed activity and is retried 10 s later.
// - Scale-in terminates the oldest instances first; Terminating instances disappear after a delay.
import type {
  AttachInstancesCommandInput,
  CreateAutoScalingGroupCommandInput,
  DetachInstancesCommandInput,
  DescribeAutoScalingGroupsCommandInput,
  DescribeScalingActivitiesCommandInput,
  SetDesiredCapacityCommandInput,
  TerminateInstanceInAutoScalingGroupCommandInput,
  UpdateAutoScalingGroupCommandInput,
} from "@aws-sdk/client-auto-scaling";
import { ACCOUNT_ID, REGION, type Operation, type ServiceModel, type SimContext } from "./context.ts";
import type { Ec2Model } from "./ec2.ts";
import { awsError } from "./errors.ts";
import { InstanceRefreshes, type RefreshableGroup, type StartInstanceRefreshInput } from "./instance-refresh.ts";
import { ScalingPolicies } from "./scaling-policies.ts";
import type { LaunchTemplateRef } from "./launch-templates.ts";
import { TrafficSources, type TrafficSourceInput } from "./traffic-sources.ts";
import type { AlarmStateValue } from "../../functions/core/model.ts";

interface SimInstance {
  id: string;
  state: "Pending" | "InService" | "Terminating";
  imageId: string;
  version: number;
  launchedAt: number;
  booted: boolean;
  healthy: boolean | undefined;
  activity: Activity;
}

interface Activity {
  ActivityId: string;
  AutoScalingGroupName: string;
  Description: string;
  Cause: string;
  StartTime: Date;
  EndTime?: Date;
  StatusCode: "InProgress" | "Successful" | "Failed";
  StatusMessage?: string;
  Progress: number;
}

interface Group {
  name: string;
  template: LaunchTemplateRef;
  min: number;
  max: number;
  desired: number;
  instances: SimInstance[];
  createdAt: number;
  activities: Activity[];
  retryScheduled: boolean;
  tags: Array<{ Key: string; Value: string; PropagateAtLaunch: boolean }>;
}

const RETRY_FAILED_LAUNCH_MS = 10_000;

export class AutoScalingModel implements ServiceModel {
  private groups = new Map<string, Group>();
  private readonly refreshes: InstanceRefreshes;
  /** Instances detached from their group (DetachInstances): still running, in no group until attached again. */
  private readonly detached = new Map<string, SimInstance>();
  readonly trafficSources: TrafficSources;
  /** The groups' scaling policies (scaling-policies.ts): stored and described, not executed. */
  readonly policies = new ScalingPolicies((name) => this.groups.has(name));

  constructor(
    private readonly ctx: SimContext,
    private readonly ec2: Ec2Model,
    alarms: { stateOf(name: string): AlarmStateValue | undefined; onTransition(listener: () => void): void } = { stateOf: () => undefined, onTransition: () => {} },
  ) {
    this.refreshes = new InstanceRefreshes(ctx, {
      resolve: (ref) => {
        const resolved = this.resolveTemplate(ref);
        return { version: resolved.version, imageId: resolved.data.ImageId ?? "" };
      },
      launch: (name, target, cause) => this.launch(this.group(name), target.imageId, target.version, cause),
      terminate: (name, id, cause) => {
        const group = this.group(name);
        const instance = group.instances.find((i) => i.id === id);
        if (instance) this.terminate(group, instance, cause);
      },
      setTemplate: (name, ref) => (this.group(name).template = { ...ref }),
      alarmState: (name) => alarms.stateOf(name),
    });
    // An alarm of a refresh's AlarmSpecification entering ALARM fails it at once.
    this.trafficSources = new TrafficSources(ctx);
    alarms.onTransition(() => {
      for (const group of this.groups.values()) this.refreshes.advance(this.refreshable(group));
    });
  }

  readonly operations: Record<string, Operation> = {
    ...this.policies.operations,
    CreateAutoScalingGroup: (input: CreateAutoScalingGroupCommandInput) => {
      const name = input.AutoScalingGroupName ?? "";
      if (this.groups.has(name)) throw awsError("autoscaling", "AlreadyExistsFault", `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`);
      if (!input.LaunchTemplate) throw validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.");
      this.resolveTemplate(input.LaunchTemplate);
      const min = input.MinSize ?? 0;
      const max = input.MaxSize ?? 0;
      const desired = input.DesiredCapacity ?? min;
      checkSizes(min, max, desired);
      const tags = (input.Tags ?? []).map((tag) => ({ Key: tag.Key ?? "", Value: tag.Value ?? "", PropagateAtLaunch: tag.PropagateAtLaunch ?? false }));
      const group: Group = { name, template: { ...input.LaunchTemplate }, min, max, desired, instances: [], createdAt: this.ctx.clock.now(), activities: [], retryScheduled: false, tags };
      this.groups.set(name, group);
      this.trafficSources.attach(name, [...(input.TrafficSources ?? []), ...(input.TargetGroupARNs ?? []).map((arn) => ({ Identifier: arn, Type: "elbv2" }))]);
      this.reconcile(group, "a user request created an AutoScalingGroup");
      return {};
    },
    UpdateAutoScalingGroup: (input: UpdateAutoScalingGroupCommandInput) => {
      const group = this.group(input.AutoScalingGroupName);
      if (input.LaunchTemplate) this.resolveTemplate(input.LaunchTemplate);
      const min = input.MinSize ?? group.min;
      const max = input.MaxSize ?? group.max;
      // Without an explicit desired capacity, AWS moves it just enough to fit the new bounds.
      const desired = input.DesiredCapacity ?? Math.min(Math.max(group.desired, min), max);
      checkSizes(min, max, desired);
      Object.assign(group, { min, max, desired, template: input.LaunchTemplate ? { ...input.LaunchTemplate } : group.template });
      this.reconcile(group, "a user request update of AutoScalingGroup constraints");
      return {};
    },
    SetDesiredCapacity: (input: SetDesiredCapacityCommandInput) => {
      const group = this.group(input.AutoScalingGroupName);
      const desired = input.DesiredCapacity ?? group.desired;
      if (desired > group.max) throw validation(`New SetDesiredCapacity value ${desired} is above max value ${group.max} for the AutoScaling group.`);
      if (desired < group.min) throw validation(`New SetDesiredCapacity value ${desired} is below min value ${group.min} for the AutoScaling group.`);
      group.desired = desired;
      this.reconcile(group, `a user request explicitly set group desired capacity changing the desired capacity to ${desired}`);
      return {};
    },
    StartInstanceRefresh: (input: StartInstanceRefreshInput) => {
      const group = this.group(input.AutoScalingGroupName);
      if (input.DesiredConfiguration?.LaunchTemplate) this.resolveTemplate(input.DesiredConfiguration.LaunchTemplate);
      return this.refreshes.start(this.refreshable(group), input);
    },
    DescribeInstanceRefreshes: (input: { AutoScalingGroupName?: string; InstanceRefreshIds?: string[]; MaxRecords?: number; NextToken?: string }) => {
      const group = this.group(input.AutoScalingGroupName);
      return page(this.refreshes.describe(group.name, input.InstanceRefreshIds), input.MaxRecords ?? 50, input.NextToken, "InstanceRefreshes");
    },
    CancelInstanceRefresh: (input: { AutoScalingGroupName?: string }) => this.refreshes.cancel(this.refreshable(this.group(input.AutoScalingGroupName))),
    RollbackInstanceRefresh: (input: { AutoScalingGroupName?: string }) => this.refreshes.rollBack(this.refreshable(this.group(input.AutoScalingGroupName))),
    DescribeAutoScalingGroups: (input: DescribeAutoScalingGroupsCommandInput) => {
      const names = [...this.groups.keys()].sort().filter((n) => !input.AutoScalingGroupNames?.length || input.AutoScalingGroupNames.includes(n));
      return page(names.map((n) => this.view(this.groups.get(n) as Group)), input.MaxRecords ?? 50, input.NextToken, "AutoScalingGroups");
    },
    DescribeScalingActivities: (input: DescribeScalingActivitiesCommandInput) => {
      const groups = input.AutoScalingGroupName ? [this.group(input.AutoScalingGroupName)] : [...this.groups.values()];
      const activities = groups.flatMap((g) => g.activities).sort((a, b) => b.StartTime.getTime() - a.StartTime.getTime());
      return page(activities.map((a) => ({ ...a })), input.MaxRecords ?? 100, input.NextToken, "Activities");
    },
    DeleteAutoScalingGroup: (input: { AutoScalingGroupName?: string; ForceDelete?: boolean }) => {
      const group = this.group(input.AutoScalingGroupName);
      if (group.instances.length > 0 && !input.ForceDelete) {
        throw awsError("autoscaling", "ResourceInUseFault", "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.");
      }
      for (const instance of group.instances) this.terminate(group, instance, "the group was deleted");
      this.groups.delete(group.name);
      this.trafficSources.forget(group.name);
      this.policies.forgetGroup(group.name);
      return {};
    },
    AttachTrafficSources: (input: { AutoScalingGroupName?: string; TrafficSources?: TrafficSourceInput[] }) => {
      this.trafficSources.attach(this.group(input.AutoScalingGroupName).name, input.TrafficSources);
      return {};
    },
    DetachTrafficSources: (input: { AutoScalingGroupName?: string; TrafficSources?: TrafficSourceInput[] }) => {
      this.trafficSources.detach(this.group(input.AutoScalingGroupName).name, input.TrafficSources);
      return {};
    },
    DescribeTrafficSources: (input: { AutoScalingGroupName?: string; MaxRecords?: number; NextToken?: string }) => {
      const group = this.group(input.AutoScalingGroupName);
      return page(this.trafficSources.describe(group.name), input.MaxRecords ?? 50, input.NextToken, "TrafficSources");
    },
    // The instance leaves the group (and its target groups) but keeps running, as AWS's DetachInstances does.
    DetachInstances: (input: DetachInstancesCommandInput) => {
      const group = this.group(input.AutoScalingGroupName);
      const leaving = (input.InstanceIds ?? []).map((id) => {
        const instance = group.instances.find((candidate) => candidate.id === id && candidate.state === "InService");
        if (!instance) throw validation(`The instance ${id} is not part of Auto Scaling group ${group.name}.`);
        return instance;
      });
      const desired = input.ShouldDecrementDesiredCapacity ? group.desired - leaving.length : group.desired;
      if (desired < group.min) throw validation(`The number of instances to detach (${leaving.length}) would bring the desired capacity of ${group.name} below its min size (${group.min}).`);
      group.instances = group.instances.filter((instance) => !leaving.includes(instance));
      for (const instance of leaving) this.detached.set(instance.id, instance);
      group.desired = desired;
      const activities = leaving.map((instance) => this.activity(group, `Detaching EC2 instance: ${instance.id}`, `At ${new Date(this.ctx.clock.now()).toISOString()} an instance was detached in response to a user request.`, "Successful"));
      group.activities.push(...activities);
      this.reconcile(group, "an instance was detached in response to a user request");
      return { Activities: activities.map((activity) => ({ ...activity })) };
    },
    // A running instance in no group joins this one InService at once (it already passed its health checks).
    AttachInstances: (input: AttachInstancesCommandInput) => {
      const group = this.group(input.AutoScalingGroupName);
      const ids = input.InstanceIds ?? [];
      for (const id of ids) {
        if ([...this.groups.values()].some((other) => other.instances.some((instance) => instance.id === id)))
          throw validation(`The instance ${id} is already part of an Auto Scaling group.`);
        if (!this.detached.has(id)) throw validation(`Instance ${id} is not in a running state.`);
      }
      if (group.desired + ids.length > group.max)
        throw validation(`Desired capacity:${group.desired + ids.length} must be between the specified min size:${group.min} and max size:${group.max}`);
      for (const id of ids) {
        const instance = this.detached.get(id) as SimInstance;
        this.detached.delete(id);
        group.instances.push(instance);
        this.ctx.runtime.moved?.(id, group.name);
        group.activities.push(this.activity(group, `Attaching an existing EC2 instance: ${id}`, `At ${new Date(this.ctx.clock.now()).toISOString()} an instance was added in response to a user request.`, "Successful"));
      }
      group.desired += ids.length;
      return {};
    },
    TerminateInstanceInAutoScalingGroup: (input: TerminateInstanceInAutoScalingGroupCommandInput) => {
      const group = [...this.groups.values()].find((candidate) => candidate.instances.some((instance) => instance.id === input.InstanceId));
      const instance = group?.instances.find((candidate) => candidate.id === input.InstanceId);
      if (!group || !instance) throw validation(`Instance Id not found - No managed instance found for instance ID: ${input.InstanceId ?? ""}`);
      if (input.ShouldDecrementDesiredCapacity) {
        if (group.desired - 1 < group.min)
          throw validation(`Currently, desiredSize equals minSize (${group.min}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.`);
        group.desired -= 1;
      }
      const cause = `an instance was taken out of service in response to a user request${input.ShouldDecrementDesiredCapacity ? ", shrinking the capacity from " + String(group.desired + 1) + " to " + String(group.desired) : ""}`;
      this.terminate(group, instance, cause);
      const activity = group.activities.at(-1) as Activity;
      this.reconcile(group, cause);
      return { Activity: { ...activity } };
    },
  };

  /**
   * A group's size as the simulation holds it now, without a DescribeAutoScalingGroups call (no call
   * recorded, no throttle): for the sandbox's invariant monitor. Undefined for a group that does not exist.
   * Example: `capacityOf("slot-a")` → `{ desired: 2, inService: 1 }` while the second instance boots.
   */
  capacityOf(name: string): { desired: number; inService: number } | undefined {
    const group = this.groups.get(name);
    if (!group) return undefined;
    let inService = 0;
    for (const instance of group.instances) if (instance.state === "InService") inService++;
    return { desired: group.desired, inService };
  }

  /** The group an instance is in (Terminating ones too), read without a call: for the IAM call recorder. */
  groupOfInstance(instanceId: string): string | undefined {
    return [...this.groups.values()].find((group) => group.instances.some((instance) => instance.id === instanceId))?.name;
  }

  /** Instances detached from their group and attached to none since (running, billed, unmanaged), read without a call: for the invariant monitor. */
  detachedInstances(): string[] {
    return [...this.detached.keys()];
  }

  /** Every group's name and tags, read without a call: for the invariant monitor's temporary-group check. */
  groupTags(): Array<{ name: string; tags: Record<string, string> }> {
    return [...this.groups.values()].map((group) => ({ name: group.name, tags: Object.fromEntries(group.tags.map((tag) => [tag.Key, tag.Value])) }));
  }

  /** The group as its instance refresh sees it (live views: the refresh reads state as it changes). */
  private refreshable(group: Group): RefreshableGroup {
    return {
      name: group.name,
      get desired() {
        return group.desired;
      },
      template: group.template,
      instances: () => group.instances,
    };
  }

  /**
   * The group's running instance refresh as the simulation holds it (no call recorded): its status and
   * minimum healthy percentage, for the invariant monitor. Undefined when none runs.
   */
  refreshOf(name: string): { status: string; minHealthyPercentage: number; imageId: string } | undefined {
    const refresh = this.refreshes.active(name);
    return refresh && { status: refresh.status, minHealthyPercentage: refresh.preferences.minHealthy, imageId: refresh.target.imageId };
  }

  /** A group's instances, their lifecycle states and images, read without a call: what an attached target group registers (elbv2.ts), what the report charts. */
  instancesOf(name: string): Array<{ id: string; state: SimInstance["state"]; imageId: string }> {
    return (this.groups.get(name)?.instances ?? []).map((instance) => ({ id: instance.id, state: instance.state, imageId: instance.imageId }));
  }

  private group(name: string | undefined): Group {
    const group = this.groups.get(name ?? "");
    if (!group) throw validation(`AutoScalingGroup name not found - AutoScalingGroup '${name}' not found`);
    return group;
  }

  private resolveTemplate(ref: LaunchTemplateRef) {
    try {
      return this.ec2.launchTemplates.resolve(ref);
    } catch (error) {
      throw validation(`You must use a valid fully-formed launch template. ${(error as Error).message}`);
    }
  }

  /** Brings the group to `desired` instances on its current launch template version (or its refresh's). */
  private reconcile(group: Group, cause: string): void {
    if (this.refreshes.active(group.name)) return this.refreshes.advance(this.refreshable(group));
    const target = this.resolveTemplate(group.template);
    const imageId = target.data.ImageId ?? "";
    const live = () => group.instances.filter((i) => i.state !== "Terminating");
    const current = live().sort((a, b) => a.launchedAt - b.launchedAt);
    for (const instance of current.slice(0, Math.max(0, current.length - group.desired))) this.terminate(group, instance, cause);
    for (let n = live().length; n < group.desired; n++) {
      if (!this.launch(group, imageId, target.version, cause)) break;
    }
  }

  private launch(group: Group, imageId: string, version: number, cause: string): boolean {
    const now = new Date(this.ctx.clock.now());
    if (this.ec2.imageState(imageId) !== "available") {
      group.activities.push(this.activity(group, "Launching a new EC2 instance.  Status Reason: The image is not available.", cause, "Failed", `The image id '[${imageId}]' is not available (state ${this.ec2.imageState(imageId) ?? "does not exist"}). Launching EC2 instance failed.`));
      if (!group.retryScheduled) {
        group.retryScheduled = true;
        this.ctx.clock.schedule(RETRY_FAILED_LAUNCH_MS, () => {
          group.retryScheduled = false;
          if (this.groups.get(group.name) === group) this.reconcile(group, "an instance launch failed earlier and is being retried");
        });
      }
      return false;
    }
    const id = `i-${this.ctx.rng.hex(17)}`;
    const activity = this.activity(group, `Launching a new EC2 instance: ${id}`, `At ${now.toISOString()} ${cause}.`, "InProgress");
    group.activities.push(activity);
    const instance: SimInstance = { id, state: "Pending", imageId, version, launchedAt: now.getTime(), booted: false, healthy: undefined, activity };
    group.instances.push(instance);
    const promote = () => {
      if (instance.state !== "Pending" || !instance.booted || !instance.healthy) return;
      instance.state = "InService";
      Object.assign(activity, { StatusCode: "Successful", Progress: 100, EndTime: new Date(this.ctx.clock.now()) });
      this.refreshes.advance(this.refreshable(group));
    };
    // The instance's health arrives whenever its server answers; the boot timer below decides when it counts.
    void this.ctx.runtime
      .launch({ instanceId: id, group: group.name, imageId, imageTags: this.ec2.imageTags(imageId) })
      .then((r) => (instance.healthy = r.healthy), () => (instance.healthy = false))
      .then(promote);
    this.ctx.clock.schedule(this.ctx.timings.instanceBootMs, () => {
      instance.booted = true;
      promote();
    });
    return true;
  }

  private terminate(group: Group, instance: SimInstance, cause: string): void {
    if (instance.state === "Terminating") return;
    instance.state = "Terminating";
    const activity = this.activity(group, `Terminating EC2 instance: ${instance.id}`, `At ${new Date(this.ctx.clock.now()).toISOString()} ${cause}.`, "InProgress");
    group.activities.push(activity);
    this.ctx.runtime.terminate(instance.id).catch(() => {});
    this.ctx.clock.schedule(this.ctx.timings.instanceTerminateMs, () => {
      group.instances = group.instances.filter((i) => i !== instance);
      Object.assign(activity, { StatusCode: "Successful", Progress: 100, EndTime: new Date(this.ctx.clock.now()) });
      if (this.groups.get(group.name) === group) this.refreshes.advance(this.refreshable(group));
    });
  }

  private activity(group: Group, description: string, cause: string, status: Activity["StatusCode"], message?: string): Activity {
    const now = new Date(this.ctx.clock.now());
    return {
      ActivityId: `${this.ctx.rng.hex(8)}-${this.ctx.rng.hex(4)}-${this.ctx.rng.hex(4)}-${this.ctx.rng.hex(4)}-${this.ctx.rng.hex(12)}`,
      AutoScalingGroupName: group.name,
      Description: description,
      Cause: cause,
      StartTime: now,
      StatusCode: status,
      Progress: status === "InProgress" ? 30 : 100,
      ...(status !== "InProgress" ? { EndTime: now } : {}),
      ...(message ? { StatusMessage: message } : {}),
    };
  }

  private view(g: Group) {
    const lt = this.resolveTemplate(g.template);
    return {
      AutoScalingGroupName: g.name,
      AutoScalingGroupARN: `arn:aws:autoscaling:${REGION}:${ACCOUNT_ID}:autoScalingGroup:sim:autoScalingGroupName/${g.name}`,
      LaunchTemplate: { LaunchTemplateId: lt.id, LaunchTemplateName: lt.name, Version: g.template.Version ?? "$Default" },
      MinSize: g.min,
      MaxSize: g.max,
      DesiredCapacity: g.desired,
      DefaultCooldown: 300,
      AvailabilityZones: [`${REGION}a`],
      HealthCheckType: "EC2",
      Tags: g.tags.map((tag) => ({ ResourceId: g.name, ResourceType: "auto-scaling-group", ...tag })),
      TrafficSources: this.trafficSources.describe(g.name).map(({ Identifier, Type }) => ({ Identifier, Type })),
      HealthCheckGracePeriod: 300,
      CreatedTime: new Date(g.createdAt),
      Instances: g.instances.map((i) => ({
        InstanceId: i.id,
        InstanceType: "t3.micro",
        AvailabilityZone: `${REGION}a`,
        LifecycleState: i.state,
        HealthStatus: i.healthy === false ? "Unhealthy" : "Healthy",
        LaunchTemplate: { LaunchTemplateId: lt.id, LaunchTemplateName: lt.name, Version: String(i.version) },
        ProtectedFromScaleIn: false,
      })),
    };
  }
}

function validation(message: string): Error {
  return awsError("autoscaling", "ValidationError", message);
}

function checkSizes(min: number, max: number, desired: number): void {
  if (min > max) throw validation(`Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
  if (desired < min || desired > max) throw validation(`Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`);
}

function page<T, K extends string>(items: T[], max: number, token: string | undefined, key: K): Record<K, T[]> & { NextToken?: string } {
  const offset = token ? Number(Buffer.from(token, "base64").toString("utf8")) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw awsError("autoscaling", "InvalidNextToken", "The token is not valid.");
  const next = offset + max;
  return { [key]: items.slice(offset, next), ...(next < items.length ? { NextToken: Buffer.from(String(next)).toString("base64") } : {}) } as Record<K, T[]> & { NextToken?: string };
}
