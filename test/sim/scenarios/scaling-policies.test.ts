// A fleet that autoscales keeps autoscaling after a release: the idle slot brought up for it takes the live
// slot's scaling policies, and the old fleet once retired (min = max = desired = 0) cannot be scaled back up.
import { DescribeAutoScalingGroupsCommand, PutScalingPolicyCommand, SetDesiredCapacityCommand } from "@aws-sdk/client-auto-scaling";
import { describe, expect, it } from "vitest";
import { startWatched } from "../monitor/watched-sandbox.ts";
import { violationsAtRest } from "../../fixtures/operator-sandbox.ts";

const SLOT_A = "shop-api-sandbox-a";
const SLOT_B = "shop-api-sandbox-b";

describe("scaling policies across a release", () => {
  it("the idle fleet gets the live fleet's policies, a stale one is deleted, and the retired fleet stays pinned at zero", async () => {
    const { sandbox, monitor, push } = await startWatched();
    const autoscaling = sandbox.clients.autoscaling;
    try {
      await push("v1");
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive("shop-api", "sandbox"))?.liveSlot).toBe("b");
      // The operator's scaling on the live group, and a policy left on the idle one from before.
      await autoscaling.send(new PutScalingPolicyCommand({ AutoScalingGroupName: SLOT_B, PolicyName: "cpu-50", PolicyType: "TargetTrackingScaling", TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: "ASGAverageCPUUtilization" }, TargetValue: 50 } }));
      await autoscaling.send(new PutScalingPolicyCommand({ AutoScalingGroupName: SLOT_B, PolicyName: "step-out", PolicyType: "StepScaling", AdjustmentType: "ChangeInCapacity", StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }] }));
      await autoscaling.send(new PutScalingPolicyCommand({ AutoScalingGroupName: SLOT_A, PolicyName: "forgotten", AdjustmentType: "ChangeInCapacity", ScalingAdjustment: 2 }));

      await push("v2", "v1");
      await sandbox.executions.settled();
      const policies = (group: string) => sandbox.sim.autoscaling.policies.policiesOf(group);
      expect(policies(SLOT_A).map((policy) => [policy.PolicyName, policy.PolicyType])).toEqual([["cpu-50", "TargetTrackingScaling"], ["step-out", "StepScaling"]]);
      expect(policies(SLOT_A)[0]?.TargetTrackingConfiguration).toEqual(policies(SLOT_B)[0]?.TargetTrackingConfiguration);
      const [v2] = await sandbox.adapters.ledger.listDeployments("shop-api", "sandbox", 1);
      expect(v2).toMatchObject({ outcome: "promoted", toSlot: "a" });

      // v1's fleet is retired after scaleDownDelay: its policies stay, but nothing can give it capacity.
      const [retired] = (await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [SLOT_B] }))).AutoScalingGroups ?? [];
      expect(retired).toMatchObject({ MinSize: 0, MaxSize: 0, DesiredCapacity: 0 });
      await expect(autoscaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: SLOT_B, DesiredCapacity: 1 }))).rejects.toMatchObject({ name: "ValidationError" });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
