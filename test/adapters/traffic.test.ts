// The Traffic port over both movers (functions/adapters/traffic.ts): each call goes to its target's mover, and
// the ALB mover, which a Lambda loads from a chunk of its own, is built on the first ALB call only.
import { describe, expect, it, vi } from "vitest";
import { makeTraffic } from "../../functions/adapters/traffic.ts";
import type { AlbTarget, Route53Target, Traffic } from "../../functions/adapters/ports.ts";

const route53Target: Route53Target = { kind: "route53", hostedZoneId: "Z1", recordName: "shop.example.com", type: "CNAME", ttl: 60, setIdPrefix: "shop-prod" };
const albTarget: AlbTarget = { kind: "alb", listenerArn: "arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/shop/1/2", targetGroups: { a: "tg-a", b: "tg-b" }, ttl: 0, setIdPrefix: "shop-prod" };

function mover<T extends Route53Target | AlbTarget>(name: string): Traffic<T> {
  return {
    readWeights: async () => ({ weights: { a: 100, b: 0 }, endpoints: { a: name, b: name }, ttl: null }),
    setWeights: async () => ({ changeId: `${name}:change` }),
    fence: async () => ({ changeId: null }),
    changeStatus: async () => "INSYNC",
  };
}

describe("the Traffic port over both movers", () => {
  it("never builds the ALB mover for a Route 53 target", async () => {
    const alb = vi.fn(() => mover<AlbTarget>("alb"));
    const traffic = makeTraffic({ route53: mover<Route53Target>("route53"), alb });
    expect((await traffic.readWeights(route53Target)).endpoints.a).toBe("route53");
    expect(await traffic.changeStatus("C123")).toBe("INSYNC");
    expect(alb).not.toHaveBeenCalled();
  });

  it("builds the ALB mover once, on the first ALB call, whether it comes at once or from a loaded chunk", async () => {
    const alb = vi.fn(async () => mover<AlbTarget>("alb"));
    const traffic = makeTraffic({ route53: mover<Route53Target>("route53"), alb });
    expect((await traffic.readWeights(albTarget)).endpoints.a).toBe("alb");
    expect(await traffic.setWeights(albTarget, { a: 0, b: 100 }, { a: "tg-a", b: "tg-b" }, { token: 1, role: "holder", by: "test" })).toEqual({ changeId: "alb:change" });
    expect(await traffic.changeStatus("alb:listener:holder-1:0-100")).toBe("INSYNC");
    expect(alb).toHaveBeenCalledTimes(1);
  });

  it("tries an ALB mover that failed to load again on the next call", async () => {
    const alb = vi.fn<() => Promise<Traffic<AlbTarget>>>().mockRejectedValueOnce(new Error("chunk missing")).mockResolvedValue(mover<AlbTarget>("alb"));
    const traffic = makeTraffic({ route53: mover<Route53Target>("route53"), alb });
    await expect(traffic.readWeights(albTarget)).rejects.toThrow("chunk missing");
    expect((await traffic.readWeights(albTarget)).endpoints.a).toBe("alb");
    expect(alb).toHaveBeenCalledTimes(2);
  });
});
