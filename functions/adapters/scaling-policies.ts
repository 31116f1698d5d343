// The idle slot's group keeps the live group's dynamic scaling: its target tracking, step and simple policies
// are copied under the same names (PutScalingPolicy replaces a policy of that name, so a later release
// overwrites rather than adds), and a policy the live group no longer has is deleted from the idle one.
import {
  DeletePolicyCommand,
  DescribePoliciesCommand,
  PutScalingPolicyCommand,
  type AutoScalingClient,
  type PutScalingPolicyCommandInput,
  type ScalingPolicy,
} from "@aws-sdk/client-auto-scaling";
import { callAws } from "./errors.ts";
import type { PolicyMirror } from "./ports.ts";

/** The policy types copied: the dynamic ones. Predictive scaling forecasts from a group's own history. */
const COPIED_TYPES = ["TargetTrackingScaling", "StepScaling", "SimpleScaling"];

/**
 * Makes `to`'s dynamic scaling policies those of `from`. Dimensions naming `from` in a target tracking
 * customized metric are rewritten to `to`, so the copy tracks its own group.
 * Example: `from` has `cpu-50` (target tracking, ASGAverageCPUUtilization 50) and `to` has `old-step` →
 * PutScalingPolicy `cpu-50` on `to`, DeletePolicy `old-step`; `{ copied: ["cpu-50"], deleted: ["old-step"], … }`.
 */
export async function mirrorScalingPolicies(autoscaling: AutoScalingClient, from: string, to: string): Promise<PolicyMirror> {
  const [source, target] = await Promise.all([dynamicPolicies(autoscaling, from), dynamicPolicies(autoscaling, to)]);
  const mirror: PolicyMirror = { copied: [], deleted: [], skipped: [], withoutAlarms: [] };
  for (const policy of source) {
    const name = policy.PolicyName ?? "";
    if (policy.TargetTrackingConfiguration?.PredefinedMetricSpecification?.ResourceLabel) {
      mirror.skipped.push(`${name} (tracks ${from}'s own target group)`);
      continue;
    }
    await callAws(`Auto Scaling PutScalingPolicy ${to} ${name}`, () => autoscaling.send(new PutScalingPolicyCommand(copyOf(policy, from, to))));
    mirror.copied.push(name);
    if (policy.PolicyType !== "TargetTrackingScaling") mirror.withoutAlarms.push(name);
  }
  const kept = new Set(mirror.copied);
  for (const policy of target.filter((p) => !kept.has(p.PolicyName ?? ""))) {
    const name = policy.PolicyName ?? "";
    await callAws(`Auto Scaling DeletePolicy ${to} ${name}`, () => autoscaling.send(new DeletePolicyCommand({ AutoScalingGroupName: to, PolicyName: name })));
    mirror.deleted.push(name);
  }
  return mirror;
}

async function dynamicPolicies(autoscaling: AutoScalingClient, group: string): Promise<ScalingPolicy[]> {
  const policies: ScalingPolicy[] = [];
  let token: string | undefined;
  do {
    const page = await callAws(`Auto Scaling DescribePolicies ${group}`, () =>
      autoscaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: group, PolicyTypes: COPIED_TYPES, MaxRecords: 100, ...(token ? { NextToken: token } : {}) })),
    );
    policies.push(...(page.ScalingPolicies ?? []));
    token = page.NextToken;
  } while (token);
  return policies;
}

/** The PutScalingPolicy request that recreates `policy` on `to`, with only the members its type takes. */
function copyOf(policy: ScalingPolicy, from: string, to: string): PutScalingPolicyCommandInput {
  const defined = <T extends object>(members: T) => Object.fromEntries(Object.entries(members).filter(([, value]) => value !== undefined)) as Partial<T>;
  return {
    AutoScalingGroupName: to,
    PolicyName: policy.PolicyName,
    PolicyType: policy.PolicyType,
    Enabled: policy.Enabled ?? true,
    ...defined({
      AdjustmentType: policy.AdjustmentType,
      // MinAdjustmentStep is the deprecated form of MinAdjustmentMagnitude: the copy says it the current way.
      MinAdjustmentMagnitude: policy.MinAdjustmentMagnitude ?? policy.MinAdjustmentStep,
      ScalingAdjustment: policy.ScalingAdjustment,
      Cooldown: policy.Cooldown,
      StepAdjustments: policy.StepAdjustments,
      MetricAggregationType: policy.MetricAggregationType,
      EstimatedInstanceWarmup: policy.EstimatedInstanceWarmup,
      TargetTrackingConfiguration: policy.TargetTrackingConfiguration && retarget(policy.TargetTrackingConfiguration, from, to),
    }),
  };
}

/** A deep copy in which every `{ Name: "AutoScalingGroupName", Value: from }` dimension names `to` instead. */
function retarget<T>(value: T, from: string, to: string): T {
  if (Array.isArray(value)) return value.map((item) => retarget(item, from, to)) as T;
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).map(([key, member]) => [key, retarget(member, from, to)]);
  const copy = Object.fromEntries(entries) as Record<string, unknown>;
  if (copy["Name"] === "AutoScalingGroupName" && copy["Value"] === from) copy["Value"] = to;
  return copy as T;
}
