// The ALB traffic adapter on the simulated ELBv2 (through the real SDK client and the wire format): both
// target groups' weights in one forward action, the fence tag, and a stale writer undoing its own late write.
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand, DescribeListenersCommand, type ElasticLoadBalancingV2Client, ModifyListenerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { describe, expect, it } from "vitest";
import { fenceTagValue, makeAlbTraffic, parseFenceTag } from "../../functions/adapters/alb.ts";
import type { AlbTarget } from "../../functions/adapters/ports.ts";
import type { WeightWriter } from "../../functions/core/fence.ts";
import { InvalidChangeBatchError, StaleLeaseError } from "../../functions/errors.ts";
import { aSandbox, rejectionOf } from "../sim/fidelity/harness.ts";

const holder = (token: number, by = `shop-api-prod-${token}`): WeightWriter => ({ token, role: "holder", by });
const sweeper = (token: number): WeightWriter => ({ token, role: "sweeper", by: "cleanup" });
const endpoints = { a: "unused", b: "unused" };

async function anAlb(options: { rule?: boolean } = {}) {
  const { sim, clients } = aSandbox();
  const elbv2 = clients.elbv2;
  const lb = (await elbv2.send(new CreateLoadBalancerCommand({ Name: "shop-api-prod" }))).LoadBalancers![0]!;
  const group = async (slot: string) => (await elbv2.send(new CreateTargetGroupCommand({ Name: `shop-api-prod-${slot}`, Protocol: "HTTP", Port: 80 }))).TargetGroups![0]!.TargetGroupArn!;
  const targetGroups = { a: await group("a"), b: await group("b") };
  const notYet = [{ Type: "fixed-response" as const, FixedResponseConfig: { StatusCode: "503" } }];
  const listenerArn = (await elbv2.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: "HTTP", Port: 80, DefaultActions: notYet }))).Listeners![0]!.ListenerArn!;
  const ruleArn = options.rule
    ? (await elbv2.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 5, Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: ["/*"] } }], Actions: notYet }))).Rules![0]!.RuleArn!
    : undefined;
  const target: AlbTarget = { kind: "alb", ...(ruleArn ? { ruleArn } : { listenerArn }), targetGroups, ttl: 0, setIdPrefix: "shop-api-prod" };
  return { sim, elbv2, target, listenerArn, traffic: makeAlbTraffic(elbv2) };
}

describe("ALB traffic adapter", () => {
  it("reads no weights while the listener forwards nowhere", async () => {
    const { traffic, target } = await anAlb();
    expect(await traffic.readWeights(target)).toEqual({ weights: { a: null, b: null }, endpoints: { a: null, b: null }, ttl: null });
  });

  it("writes both target groups into one weighted forward action, in effect at once", async () => {
    const { traffic, target, sim, listenerArn } = await anAlb();
    const { changeId } = await traffic.setWeights(target, { a: 90, b: 10 }, endpoints, holder(3));
    expect(await traffic.readWeights(target)).toEqual({ weights: { a: 90, b: 10 }, endpoints: target.targetGroups, ttl: null });
    expect(sim.elbv2.forwardWeights(listenerArn)).toEqual({ [target.targetGroups.a]: 90, [target.targetGroups.b]: 10 });
    expect(await traffic.changeStatus(changeId)).toBe("INSYNC");
  });

  it("writes a listener rule's action when the target names a rule, leaving the default action alone", async () => {
    const { traffic, target, elbv2, listenerArn } = await anAlb({ rule: true });
    await traffic.setWeights(target, { a: 0, b: 100 }, endpoints, holder(1));
    expect((await traffic.readWeights(target)).weights).toEqual({ a: 0, b: 100 });
    const listener = (await elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))).Listeners![0]!;
    expect(listener.DefaultActions?.[0]?.Type).toBe("fixed-response");
  });

  it.each([
    ["both weights 0", { a: 0, b: 0 }],
    ["a weight above 999", { a: 1000, b: 0 }],
  ])("refuses %s and writes nothing", async (_case, weights) => {
    const { traffic, target } = await anAlb();
    expect(await rejectionOf(traffic.setWeights(target, weights, endpoints, holder(1)))).toBeInstanceOf(InvalidChangeBatchError);
    expect((await traffic.readWeights(target)).weights).toEqual({ a: null, b: null });
  });

  it("refuses a writer the fence outranks: a stopped deployment's late shift after cleanup swept its token", async () => {
    const { traffic, target } = await anAlb();
    await traffic.setWeights(target, { a: 90, b: 10 }, endpoints, holder(4));
    expect((await traffic.fence(target, sweeper(4))).changeId).not.toBeNull();
    expect(await traffic.fence(target, sweeper(4))).toEqual({ changeId: null });
    expect(await rejectionOf(traffic.setWeights(target, { a: 50, b: 50 }, endpoints, holder(4)))).toBeInstanceOf(StaleLeaseError);
    expect((await traffic.readWeights(target)).weights).toEqual({ a: 90, b: 10 });
    await traffic.setWeights(target, { a: 75, b: 25 }, endpoints, holder(5));
    expect((await traffic.readWeights(target)).weights).toEqual({ a: 75, b: 25 });
  });

  it("puts back the outranking writer's weights when it lost the fence while writing, and fails", async () => {
    const { traffic, target, elbv2 } = await anAlb();
    await traffic.setWeights(target, { a: 100, b: 0 }, endpoints, holder(4));
    // Cleanup (sweeper 4) restores slot a between the stale shift's fence check and its ModifyListener.
    const sweep = makeAlbTraffic(elbv2);
    let interleaved = false;
    const racing = {
      send: async (command: unknown) => {
        if (command instanceof ModifyListenerCommand && !interleaved) {
          interleaved = true;
          await sweep.setWeights(target, { a: 100, b: 0 }, endpoints, sweeper(4));
        }
        return elbv2.send(command as never);
      },
    } as unknown as ElasticLoadBalancingV2Client;
    const error = await rejectionOf(makeAlbTraffic(racing).setWeights(target, { a: 50, b: 50 }, endpoints, holder(4)));
    expect(error).toBeInstanceOf(StaleLeaseError);
    expect(error.message).toContain("weights were put back");
    expect((await traffic.readWeights(target)).weights).toEqual({ a: 100, b: 0 });
  });

  it("writes fence tags AWS accepts and reads its own back", () => {
    const value = fenceTagValue({ token: 7, role: "holder", by: "shop-api-prod-ab12 (rollback after promotion)" }, { a: 0, b: 100 });
    expect(value).toMatch(/^[\p{L}\p{N} _.:/=+\-@]{1,256}$/u);
    expect(parseFenceTag(value)).toEqual({ writer: { token: 7, role: "holder", by: "shop-api-prod-ab12 rollback after promotion" }, weights: { a: 0, b: 100 } });
    expect(parseFenceTag("edited by hand")).toBeNull();
  });
});
