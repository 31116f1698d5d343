// A fleet that autoscales keeps autoscaling after a release: the idle slot brought up for it takes the live
// slot's scaling policies, and the old fleet once retired (min = max = desired = 0) cannot be scaled back up; on one
// group, an immutable release's temporary group scales as the group does while it serves.
import { DescribeAutoScalingGroupsCommand, PutScalingPolicyCommand, SetDesiredCapacityCommand } from "@aws-sdk/client-auto-scaling";
import { describe, expect, it } from "vitest";
import { temporaryGroupsOf } from "../../../local/monitor/group-watch.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { STATE } from "../../../stacks/definition/names.ts";
import { startWatched } from "../monitor/watched-sandbox.ts";
import { violationsAtRest } from "../../fixtures/operator-sandbox.ts";

const SLOT_A = "shop-api-sandbox-a";
const GROUP = "shop-api-sandbox";
const SLOT_B = "shop-api-sandbox-b";

describe("scaling policies across a release", () => {
  it("the idle fleet gets the live fleet's policies, a stale one is deleted, and the retired fleet stays pinned at zero", async () => {
    const said: string[] = [];
    const { sandbox, monitor, push } = await startWatched({ onEvent: (event) => said.push(event.text) });
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
      // Prepare the idle fleet says what it copied, what it deleted, and that a copied step policy needs an alarm.
      expect(said).toContainEqual(expect.stringContaining("scaling policies copied: cpu-50, step-out; deleted: forgotten; no alarm runs step-out yet"));
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

  it("an immutable release's temporary group has the group's policies while it serves, and they go with it when it is deleted", async () => {
    const said: string[] = [];
    const serving: Array<{ group: string; policies: string[] }> = [];
    const config = { ...sandboxConfigInput(), fleet: { provider: "autoscaling" as const, capacity: 2, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: GROUP, endpoint: "filled-in" } }, strategy: { kind: "immutable" as const }, finalBake: "5m" };
    const { sandbox, monitor, push } = await startWatched({
      config,
      onEvent: (event) => {
        said.push(event.text);
        // What the temporary group scales by while it serves: read as the final bake starts.
        if (event.state !== STATE.finalBake) return;
        for (const group of temporaryGroupsOf(sandbox.sim, "shop-api", "sandbox", GROUP)) serving.push({ group, policies: sandbox.sim.autoscaling.policies.policiesOf(group).map((policy) => policy.PolicyName ?? "") });
      },
    });
    try {
      await push("v1");
      await sandbox.executions.settled();
      await sandbox.clients.autoscaling.send(new PutScalingPolicyCommand({ AutoScalingGroupName: GROUP, PolicyName: "cpu-50", PolicyType: "TargetTrackingScaling", TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: "ASGAverageCPUUtilization" }, TargetValue: 50 } }));
      serving.length = 0;
      await push("v2", "v1");
      await sandbox.executions.settled();
      expect(serving).toEqual([{ group: expect.stringMatching(/^shop-api-sandbox-immutable-/), policies: ["cpu-50"] }]);
      expect(said).toContainEqual(expect.stringMatching(/^Temporary group .* in service beside shop-api-sandbox .*; scaling policies copied: cpu-50$/));
      const [v2] = await sandbox.adapters.ledger.listDeployments("shop-api", "sandbox", 1);
      expect(v2).toMatchObject({ outcome: "promoted" });
      // Deleted by the cut-over, policies and all; the group keeps its own.
      expect(sandbox.sim.autoscaling.policies.policiesOf(serving[0]!.group)).toEqual([]);
      expect(sandbox.sim.autoscaling.policies.policiesOf(GROUP).map((policy) => policy.PolicyName)).toEqual(["cpu-50"]);
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
