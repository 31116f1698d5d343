// Simulated ELBv2 against the API reference, through the real SDK client: weighted forward actions
// (API_Action, API_TargetGroupTuple: 0–999, at most 5 groups, one load balancer per group), listener and rule
// lookups, and target registration and health (API_DescribeTargetHealth, target-group-health-checks).
import { CreateAutoScalingGroupCommand, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand } from "@aws-sdk/client-ec2";
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  RegisterTargetsCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { describe, expect, it } from "vitest";
import { aSandbox, rejectionOf } from "./harness.ts";

async function anAlb() {
  const box = aSandbox({ timings: { instanceBootMs: 60_000, instanceTerminateMs: 20_000 } });
  const { elbv2 } = box.clients;
  const loadBalancer = async (name: string) => (await elbv2.send(new CreateLoadBalancerCommand({ Name: name }))).LoadBalancers![0]!.LoadBalancerArn!;
  const targetGroup = async (name: string) => (await elbv2.send(new CreateTargetGroupCommand({ Name: name, Protocol: "HTTP", Port: 80 }))).TargetGroups![0]!.TargetGroupArn!;
  const lb = await loadBalancer("shop");
  const groups = [await targetGroup("shop-a"), await targetGroup("shop-b")];
  const listenerArn = (await elbv2.send(new CreateListenerCommand({ LoadBalancerArn: lb, Protocol: "HTTP", Port: 80, DefaultActions: [{ Type: "forward", TargetGroupArn: groups[0] }] }))).Listeners![0]!.ListenerArn!;
  const forward = (weights: number[], arns = groups) => [{ Type: "forward" as const, ForwardConfig: { TargetGroups: weights.map((Weight, i) => ({ TargetGroupArn: arns[i], Weight })) } }];
  const health = async (group: string) =>
    ((await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }))).TargetHealthDescriptions ?? []).map((d) => [d.Target?.Id, d.TargetHealth?.State, d.TargetHealth?.Reason]);
  return { ...box, elbv2, lb, groups, listenerArn, forward, health, loadBalancer, targetGroup };
}

describe("ELBv2", () => {
  it("routes by the weighted forward action the moment ModifyListener writes it", async () => {
    const { elbv2, sim, listenerArn, groups, forward } = await anAlb();
    expect(sim.elbv2.forwardWeights(listenerArn)).toEqual({ [groups[0]!]: 1 });
    await elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward([3, 1]) }));
    expect(sim.elbv2.forwardWeights(listenerArn)).toEqual({ [groups[0]!]: 3, [groups[1]!]: 1 });
    const picks = Array.from({ length: 4000 }, () => sim.elbv2.route(listenerArn));
    const share = picks.filter((arn) => arn === groups[1]).length / picks.length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.28);
    await elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward([0, 999]) }));
    expect(new Set(Array.from({ length: 200 }, () => sim.elbv2.route(listenerArn)))).toEqual(new Set([groups[1]]));
    const listed = (await elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))).Listeners![0]!;
    expect(listed.DefaultActions![0]!.ForwardConfig!.TargetGroups).toEqual([{ TargetGroupArn: groups[0], Weight: 0 }, { TargetGroupArn: groups[1], Weight: 999 }]);
  });

  it.each([
    ["a weight above 999", [1000, 0], "ValidationError"],
    ["a negative weight", [-1, 1], "ValidationError"],
  ])("refuses %s with %s", async (_case, weights, code) => {
    const { elbv2, listenerArn, forward } = await anAlb();
    const error = await rejectionOf(elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward(weights) })));
    expect(error.name).toBe(code);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("refuses more than 5 target groups in one action, and a group another load balancer already uses", async () => {
    const { elbv2, listenerArn, forward, targetGroup, loadBalancer, groups } = await anAlb();
    const six = [...groups, ...(await Promise.all(["c", "d", "e", "f"].map((s) => targetGroup(`shop-${s}`))))];
    expect((await rejectionOf(elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward([1, 1, 1, 1, 1, 1], six) })))).name).toBe("TooManyTargetGroupsException");
    const other = await loadBalancer("other");
    const error = await rejectionOf(elbv2.send(new CreateListenerCommand({ LoadBalancerArn: other, Protocol: "HTTP", Port: 80, DefaultActions: [{ Type: "forward", TargetGroupArn: groups[0] }] })));
    expect(error.name).toBe("TargetGroupAssociationLimitException");
  });

  it("names what it cannot find: a listener, a rule, a target group", async () => {
    const { elbv2, listenerArn } = await anAlb();
    const missing = listenerArn.replace(/[0-9a-f]{16}$/, "0000000000000000");
    expect((await rejectionOf(elbv2.send(new DescribeListenersCommand({ ListenerArns: [missing] })))).name).toBe("ListenerNotFoundException");
    expect((await rejectionOf(elbv2.send(new DescribeRulesCommand({ RuleArns: [missing.replace(":listener/", ":listener-rule/") + "/0000000000000000"] })))).name).toBe("RuleNotFoundException");
    const targetGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/none/0000000000000000";
    expect((await rejectionOf(elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroup })))).name).toBe("TargetGroupNotFoundException");
  });

  it("reports registered targets healthy, and a deregistered one draining for the deregistration delay, then gone", async () => {
    const { elbv2, groups, health, clock } = await anAlb();
    await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: groups[0], Targets: [{ Id: "i-0123456789abcdef0", Port: 80 }] }));
    expect(await health(groups[0]!)).toEqual([["i-0123456789abcdef0", "healthy", undefined]]);
    await elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: groups[0], Targets: [{ Id: "i-0123456789abcdef0" }] }));
    expect(await health(groups[0]!)).toEqual([["i-0123456789abcdef0", "draining", "Target.DeregistrationInProgress"]]);
    clock.advance(300_000);
    expect(await health(groups[0]!)).toEqual([]);
    expect((await rejectionOf(elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: groups[0], Targets: [{ Id: "web-1" }] })))).name).toBe("InvalidTargetException");
  });

  it("registers an attached Auto Scaling group's instances: initial while Pending, healthy once InService, draining while Terminating", async () => {
    const { clients, sim, groups, health, clock } = await anAlb();
    const ami = sim.ec2.registerImage({ name: "shop-v1", tags: [], bakeMs: 0, fails: false });
    clock.advance(0);
    const template = (await clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "shop-a", LaunchTemplateData: { ImageId: ami } }))).LaunchTemplate!.LaunchTemplateId!;
    await clients.autoscaling.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: "shop-a", LaunchTemplate: { LaunchTemplateId: template, Version: "1" }, MinSize: 0, MaxSize: 2, DesiredCapacity: 1 }));
    sim.elbv2.attachGroup(groups[0]!, "shop-a");
    const states = async () => (await health(groups[0]!)).map(([, state, reason]) => [state, reason]);
    expect(await states()).toEqual([["initial", "Elb.InitialHealthChecking"]]);
    clock.advance(61_000);
    await Promise.resolve();
    expect(await states()).toEqual([["healthy", undefined]]);
    await clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: "shop-a", MinSize: 0, DesiredCapacity: 0 }));
    expect(await states()).toEqual([["draining", "Target.DeregistrationInProgress"]]);
  });
});
