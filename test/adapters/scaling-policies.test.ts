// Copying the live group's scaling policies to the idle one, against the simulated Auto Scaling: same names
// (a later release replaces, never adds), stale ones deleted, a customized metric retargeted to its own group,
// a policy on the live slot's own target group left out, and the simulator refusing what AWS refuses.
import { CreateAutoScalingGroupCommand, DeletePolicyCommand, DescribePoliciesCommand, PutScalingPolicyCommand, type PutScalingPolicyCommandInput } from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { mirrorScalingPolicies } from "../../functions/adapters/scaling-policies.ts";
import { aSandbox } from "../sim/fidelity/harness.ts";

async function twoGroups() {
  const box = aSandbox();
  const ami = box.sim.ec2.registerImage({ name: "base", tags: [], bakeMs: 0, fails: false });
  box.clock.advance(0);
  const lt = await box.clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "web", LaunchTemplateData: { ImageId: ami } }));
  for (const name of ["live", "idle"])
    await box.clients.autoscaling.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId!, Version: "1" }, MinSize: 0, MaxSize: 4, DesiredCapacity: 0 }));
  const put = (input: Omit<PutScalingPolicyCommandInput, "AutoScalingGroupName">, group = "live") => box.clients.autoscaling.send(new PutScalingPolicyCommand({ AutoScalingGroupName: group, ...input }));
  const policiesOf = async (group: string) => (await box.clients.autoscaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: group }))).ScalingPolicies ?? [];
  return { ...box, put, policiesOf };
}

const CPU_50: Omit<PutScalingPolicyCommandInput, "AutoScalingGroupName"> = {
  PolicyName: "cpu-50",
  PolicyType: "TargetTrackingScaling",
  TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: "ASGAverageCPUUtilization" }, TargetValue: 50 },
};
const STEP_OUT: Omit<PutScalingPolicyCommandInput, "AutoScalingGroupName"> = {
  PolicyName: "step-out",
  PolicyType: "StepScaling",
  AdjustmentType: "ChangeInCapacity",
  MetricAggregationType: "Maximum",
  StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 20, ScalingAdjustment: 2 }],
};
const ADD_ONE: Omit<PutScalingPolicyCommandInput, "AutoScalingGroupName"> = { PolicyName: "add-one", AdjustmentType: "ChangeInCapacity", ScalingAdjustment: 1, Cooldown: 120 };

describe("mirrorScalingPolicies", () => {
  it("copies target tracking, step and simple policies under their names and deletes what the live group no longer has", async () => {
    const { clients, put, policiesOf } = await twoGroups();
    await put(CPU_50);
    await put(STEP_OUT);
    await put(ADD_ONE);
    await put({ ...ADD_ONE, PolicyName: "stale" }, "idle");
    const mirror = await mirrorScalingPolicies(clients.autoscaling, "live", "idle");
    expect(mirror).toEqual({ copied: ["cpu-50", "step-out", "add-one"], deleted: ["stale"], skipped: [], withoutAlarms: ["step-out", "add-one"] });
    const settings = (policies: Awaited<ReturnType<typeof policiesOf>>) =>
      policies.map(({ PolicyName, PolicyType, AdjustmentType, ScalingAdjustment, Cooldown, StepAdjustments, MetricAggregationType, TargetTrackingConfiguration, Enabled }) => ({
        PolicyName, PolicyType, AdjustmentType, ScalingAdjustment, Cooldown, StepAdjustments, MetricAggregationType, TargetTrackingConfiguration, Enabled,
      }));
    expect(settings(await policiesOf("idle"))).toEqual(settings(await policiesOf("live")));
    expect((await policiesOf("idle")).every((policy) => policy.AutoScalingGroupName === "idle" && policy.PolicyARN?.includes(":autoScalingGroupName/idle:"))).toBe(true);
  });

  it("replaces rather than adds when a later release copies again, keeping each policy's ARN", async () => {
    const { clients, put, policiesOf } = await twoGroups();
    await put(CPU_50);
    await mirrorScalingPolicies(clients.autoscaling, "live", "idle");
    const first = await policiesOf("idle");
    await put({ ...CPU_50, TargetTrackingConfiguration: { ...CPU_50.TargetTrackingConfiguration!, TargetValue: 60 } });
    await mirrorScalingPolicies(clients.autoscaling, "live", "idle");
    const second = await policiesOf("idle");
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ PolicyARN: first[0]!.PolicyARN, TargetTrackingConfiguration: { TargetValue: 60 } });
  });

  it("points a customized metric's AutoScalingGroupName dimension at the idle group, and leaves out a policy on the live slot's target group", async () => {
    const { clients, put, policiesOf } = await twoGroups();
    await put({
      PolicyName: "queue-depth",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingConfiguration: {
        CustomizedMetricSpecification: { MetricName: "Backlog", Namespace: "Shop", Statistic: "Average", Dimensions: [{ Name: "AutoScalingGroupName", Value: "live" }, { Name: "Queue", Value: "live" }] },
        TargetValue: 10,
      },
    });
    await put({
      PolicyName: "requests-per-target",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: "ALBRequestCountPerTarget", ResourceLabel: "app/shop/50dc6c495c0c9188/targetgroup/shop-a/943f017f100becff" }, TargetValue: 1000 },
    });
    const mirror = await mirrorScalingPolicies(clients.autoscaling, "live", "idle");
    expect(mirror.skipped).toEqual(["requests-per-target (tracks live's own target group)"]);
    const [copy] = await policiesOf("idle");
    expect(copy?.TargetTrackingConfiguration?.CustomizedMetricSpecification?.Dimensions).toEqual([{ Name: "AutoScalingGroupName", Value: "idle" }, { Name: "Queue", Value: "live" }]);
  });
});

describe("simulated scaling policies", () => {
  it.each<[string, Omit<PutScalingPolicyCommandInput, "AutoScalingGroupName">, string]>([
    ["a simple policy without its adjustment", { PolicyName: "p", AdjustmentType: "ChangeInCapacity" }, "ScalingAdjustment is required for policy type SimpleScaling."],
    ["a step policy without steps", { PolicyName: "p", PolicyType: "StepScaling", AdjustmentType: "ChangeInCapacity" }, "StepAdjustments is required for policy type StepScaling."],
    ["a target tracking policy with a cooldown", { ...CPU_50, Cooldown: 60 }, "Cooldown is not supported for policy type TargetTrackingScaling."],
    ["an unknown adjustment type", { ...ADD_ONE, AdjustmentType: "Twice" }, "Invalid adjustment type: Twice. Valid values are ChangeInCapacity, ExactCapacity and PercentChangeInCapacity."],
  ])("refuses %s with ValidationError", async (_case, input, message) => {
    const { put } = await twoGroups();
    await expect(put(input)).rejects.toMatchObject({ name: "ValidationError", message });
  });

  it("refuses a policy for a group that does not exist, and deleting a policy that does not exist", async () => {
    const { put, clients } = await twoGroups();
    await expect(put(ADD_ONE, "nope")).rejects.toMatchObject({ name: "ValidationError", message: "Group nope not found" });
    await expect(clients.autoscaling.send(new DeletePolicyCommand({ AutoScalingGroupName: "live", PolicyName: "missing" }))).rejects.toMatchObject({ name: "ValidationError", message: "Policy missing not found" });
  });

  it("pages DescribePolicies and names the alarms of a target tracking policy", async () => {
    const { put, clients } = await twoGroups();
    for (let i = 0; i < 3; i++) await put({ ...ADD_ONE, PolicyName: `p${i}` });
    await put(CPU_50);
    const first = await clients.autoscaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: "live", MaxRecords: 3 }));
    expect(first.ScalingPolicies?.map((p) => p.PolicyName)).toEqual(["p0", "p1", "p2"]);
    const rest = await clients.autoscaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: "live", MaxRecords: 3, NextToken: first.NextToken! }));
    expect(rest.ScalingPolicies?.map((p) => p.PolicyName)).toEqual(["cpu-50"]);
    expect(rest.ScalingPolicies?.[0]?.Alarms?.map((alarm) => alarm.AlarmName)).toEqual([expect.stringMatching(/^TargetTracking-live-AlarmHigh-/), expect.stringMatching(/^TargetTracking-live-AlarmLow-/)]);
    expect(rest.NextToken).toBeUndefined();
  });
});
