// `traffic.kind`: Route 53 weighted records (the default, so configs written before `kind` keep their meaning)
// or an ALB listener's weighted forward action, whose ARNs are checked with the path of each bad one.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../functions/core/config.ts";
import { aConfig, albTraffic, route53Traffic } from "../fixtures/config.ts";

const LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-api-prod/50dc6c495c0c9188/f2f7dc8efc522ab2";
const RULE = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shop-api-prod/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";

const problemsOf = (document: unknown): string[] => {
  const result = parseConfig(document);
  return result.ok ? [] : result.problems;
};

describe("traffic.kind", () => {
  it("reads a config without `kind` as Route 53, unchanged", () => {
    const result = parseConfig(aConfig({ traffic: route53Traffic() }));
    expect(result.ok && result.config.traffic).toEqual({ kind: "route53", hostedZoneId: "Z0123456789ABCDEFGHIJ", recordName: "api.shop.example.com", type: "CNAME", ttl: 60 });
  });

  it("takes an ALB listener and one target group per slot, with no TTL to wait out", () => {
    const result = parseConfig(aConfig({ traffic: albTraffic() }));
    expect(result.ok && result.config.traffic).toEqual({ ...albTraffic(), ttl: 0 });
  });

  it("takes a listener rule instead of the listener", () => {
    const { listenerArn: _listener, ...rest } = albTraffic();
    expect(problemsOf(aConfig({ traffic: { ...rest, ruleArn: RULE } }))).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ["an unknown kind is refused naming both", { kind: "nlb" }, ['traffic.kind: must be "route53" (the default) or "alb"']],
    ["an ALB with neither listener nor rule is refused", albTraffic({ listenerArn: undefined }), ["traffic.listenerArn: is required when traffic.kind is alb (or give ruleArn)"]],
    ["an ALB with both listener and rule is refused", albTraffic({ ruleArn: RULE }), ["traffic.ruleArn: give listenerArn or ruleArn, not both"]],
    ["a rule ARN given as the listener is refused", albTraffic({ listenerArn: RULE }), ["traffic.listenerArn: must be an Application Load Balancer listener ARN"]],
    ["a Network Load Balancer listener is refused", albTraffic({ listenerArn: LISTENER.replace("/app/", "/net/") }), ["traffic.listenerArn: must be an Application Load Balancer listener ARN"]],
    [
      "a target group that is not a target group ARN is refused at its slot",
      albTraffic({ targetGroups: { a: "shop-api-prod-a", b: albTraffic().targetGroups.b } }),
      ["traffic.targetGroups.a: must be a target group ARN"],
    ],
    ["one target group for both slots is refused", albTraffic({ targetGroups: { a: albTraffic().targetGroups.a, b: albTraffic().targetGroups.a } }), ["traffic.targetGroups.b: must differ from slot a's target group"]],
    ["a TTL on an ALB is refused: nothing caches its split", { ...albTraffic(), ttl: 60 }, ["traffic.ttl: is not a known key"]],
    ["Route 53 keys on an ALB are refused", { ...albTraffic(), hostedZoneId: "Z0123456789ABCDEFGHIJ" }, ["traffic.hostedZoneId: is not a known key"]],
  ])("%s", (_rule, traffic, expected) => {
    const problems = problemsOf({ ...aConfig(), traffic });
    expect(problems).toHaveLength(expected.length);
    expected.forEach((fragment, i) => expect(problems[i]).toContain(fragment));
  });
});
