// Simulated Auto Scaling scaling policies: PutScalingPolicy, DescribePolicies and DeletePolicy, stored and
// described as the API reference says (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/).
//
// Simplifications (documented for scenario writers):
// - Policies are stored and described, never executed: no target tracking, no step or simple scaling on an
//   alarm. A group's size changes only through the calls that set it.
// - A target tracking policy gets the two alarms AWS creates for it (named, not created in CloudWatch).
// - Predictive scaling is refused (NotImplemented in the sandbox): nothing in Glidepath writes one.
import type { DeletePolicyCommandInput, DescribePoliciesCommandInput, PutScalingPolicyCommandInput, ScalingPolicy } from "@aws-sdk/client-auto-scaling";
import { ACCOUNT_ID, REGION, type Operation } from "./context.ts";
import { awsError } from "./errors.ts";

/** Auto Scaling's quota of scaling policies per group (Amazon EC2 Auto Scaling service quotas). */
const POLICIES_PER_GROUP = 50;
/** DescribePolicies' MaxRecords: 50 by default, at most 100. */
const DEFAULT_RECORDS = 50;
const MAX_RECORDS = 100;

/** Which request members each policy type takes; any other is refused, as AWS refuses them. */
const MEMBERS_BY_TYPE: Record<string, { required: Array<keyof PutScalingPolicyCommandInput>; allowed: Array<keyof PutScalingPolicyCommandInput> }> = {
  SimpleScaling: { required: ["AdjustmentType", "ScalingAdjustment"], allowed: ["AdjustmentType", "ScalingAdjustment", "Cooldown", "MinAdjustmentMagnitude", "MinAdjustmentStep"] },
  StepScaling: { required: ["AdjustmentType", "StepAdjustments"], allowed: ["AdjustmentType", "StepAdjustments", "MetricAggregationType", "EstimatedInstanceWarmup", "MinAdjustmentMagnitude", "MinAdjustmentStep"] },
  TargetTrackingScaling: { required: ["TargetTrackingConfiguration"], allowed: ["TargetTrackingConfiguration", "EstimatedInstanceWarmup"] },
};
const TYPED_MEMBERS = [...new Set(Object.values(MEMBERS_BY_TYPE).flatMap((members) => members.allowed))];

export class ScalingPolicies {
  /** Per group, its policies by name, in the order they were first put. */
  private readonly byGroup = new Map<string, Map<string, ScalingPolicy>>();
  private serial = 0;

  /** `groupExists` answers for the Auto Scaling model, which owns the groups. */
  constructor(private readonly groupExists: (name: string) => boolean) {}

  /** The policies of `group`, as DescribePolicies would list them (for the sandbox's checks, without a call). */
  policiesOf(group: string): ScalingPolicy[] {
    return [...(this.byGroup.get(group)?.values() ?? [])].map((policy) => structuredClone(policy));
  }

  /** A deleted group takes its policies with it. */
  forgetGroup(group: string): void {
    this.byGroup.delete(group);
  }

  readonly operations: Record<string, Operation> = {
    PutScalingPolicy: (input: PutScalingPolicyCommandInput) => {
      const group = input.AutoScalingGroupName ?? "";
      if (!this.groupExists(group)) throw validation(`Group ${group} not found`);
      const type = input.PolicyType ?? "SimpleScaling";
      if (type === "PredictiveScaling") throw awsError("autoscaling", "NotImplemented", "PredictiveScaling policies are not simulated in the sandbox.");
      const members = MEMBERS_BY_TYPE[type];
      if (!members) throw validation(`Invalid policy type: ${type}. Valid values are SimpleScaling, StepScaling, TargetTrackingScaling and PredictiveScaling.`);
      for (const member of members.required) if (input[member] === undefined) throw validation(`${member} is required for policy type ${type}.`);
      for (const member of TYPED_MEMBERS) if (input[member] !== undefined && !members.allowed.includes(member)) throw validation(`${member} is not supported for policy type ${type}.`);
      if (input.AdjustmentType !== undefined && !["ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"].includes(input.AdjustmentType))
        throw validation(`Invalid adjustment type: ${input.AdjustmentType}. Valid values are ChangeInCapacity, ExactCapacity and PercentChangeInCapacity.`);
      if (input.AdjustmentType === "ExactCapacity" && (input.ScalingAdjustment ?? 0) < 0) throw validation("ScalingAdjustment must be non-negative for adjustment type ExactCapacity.");
      const policies = this.byGroup.get(group) ?? new Map<string, ScalingPolicy>();
      const name = input.PolicyName ?? "";
      const existing = policies.get(name);
      if (!existing && policies.size >= POLICIES_PER_GROUP) throw awsError("autoscaling", "LimitExceededFault", `Maximum number of scaling policies (${POLICIES_PER_GROUP}) reached for group ${group}.`);
      // An update keeps the policy's ARN (and a target tracking policy its alarms): only the settings change.
      const arn = existing?.PolicyARN ?? `arn:aws:autoscaling:${REGION}:${ACCOUNT_ID}:scalingPolicy:${this.nextId()}:autoScalingGroupName/${group}:policyName/${name}`;
      const alarms = type === "TargetTrackingScaling" ? (existing?.PolicyType === type ? existing.Alarms : this.targetTrackingAlarms(group)) : [];
      const policy: ScalingPolicy = {
        AutoScalingGroupName: group,
        PolicyName: name,
        PolicyARN: arn,
        PolicyType: type,
        ...Object.fromEntries(members.allowed.filter((member) => input[member] !== undefined).map((member) => [member, structuredClone(input[member])])),
        Alarms: alarms,
        Enabled: input.Enabled ?? true,
      };
      policies.set(name, policy);
      this.byGroup.set(group, policies);
      return { PolicyARN: arn, ...(type === "TargetTrackingScaling" ? { Alarms: alarms } : {}) };
    },
    DescribePolicies: (input: DescribePoliciesCommandInput) => {
      const max = input.MaxRecords ?? DEFAULT_RECORDS;
      if (max < 1 || max > MAX_RECORDS) throw validation(`MaxRecords must be between 1 and ${MAX_RECORDS}.`);
      const groups = input.AutoScalingGroupName ? [input.AutoScalingGroupName] : [...this.byGroup.keys()].sort();
      const wanted = (policy: ScalingPolicy) =>
        (!input.PolicyNames?.length || input.PolicyNames.includes(policy.PolicyName ?? "") || input.PolicyNames.includes(policy.PolicyARN ?? "")) &&
        (!input.PolicyTypes?.length || input.PolicyTypes.includes(policy.PolicyType ?? ""));
      const policies = groups.flatMap((group) => this.policiesOf(group)).filter(wanted);
      return pageOf(policies, max, input.NextToken);
    },
    DeletePolicy: (input: DeletePolicyCommandInput) => {
      const name = input.PolicyName ?? "";
      // By ARN the policy names its group; by name the request must.
      const found = name.startsWith("arn:")
        ? [...this.byGroup.values()].flatMap((policies) => [...policies.values()]).find((policy) => policy.PolicyARN === name)
        : this.byGroup.get(input.AutoScalingGroupName ?? "")?.get(name);
      if (!found) {
        if (!name.startsWith("arn:") && !this.groupExists(input.AutoScalingGroupName ?? "")) throw validation(`Group ${input.AutoScalingGroupName ?? ""} not found`);
        throw validation(`Policy ${name} not found`);
      }
      this.byGroup.get(found.AutoScalingGroupName ?? "")?.delete(found.PolicyName ?? "");
      return {};
    },
  };

  private nextId(): string {
    this.serial += 1;
    return `00000000-0000-4000-8000-${this.serial.toString(16).padStart(12, "0")}`;
  }

  /** The high and low alarms Auto Scaling makes for a target tracking policy (named as AWS names them). */
  private targetTrackingAlarms(group: string): Array<{ AlarmName: string; AlarmARN: string }> {
    const id = this.nextId();
    return (["AlarmHigh", "AlarmLow"] as const).map((kind) => {
      const name = `TargetTracking-${group}-${kind}-${id}`;
      return { AlarmName: name, AlarmARN: `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${name}` };
    });
  }
}

function validation(message: string): Error {
  return awsError("autoscaling", "ValidationError", message);
}

function pageOf(items: ScalingPolicy[], max: number, token: string | undefined): { ScalingPolicies: ScalingPolicy[]; NextToken?: string } {
  const offset = token ? Number(Buffer.from(token, "base64").toString("utf8")) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw awsError("autoscaling", "InvalidNextToken", "The token is not valid.");
  const next = offset + max;
  return { ScalingPolicies: items.slice(offset, next), ...(next < items.length ? { NextToken: Buffer.from(String(next)).toString("base64") } : {}) };
}
