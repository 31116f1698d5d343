import { describe, expect, it } from "vitest";
import { parseConfig, type ConfigInput } from "../../functions/core/config.ts";
import { aCanary, aConfig, aParsedConfig } from "../fixtures/config.ts";

const twoSlots = {
  a: { group: "shop-api-prod-a", endpoint: "a.example.com" },
  b: { group: "shop-api-prod-b", endpoint: "b.example.com" },
};

function without(config: ConfigInput, key: keyof ConfigInput): unknown {
  const copy: Record<string, unknown> = { ...config };
  delete copy[key];
  return copy;
}

function problemsOf(document: unknown): string[] {
  const result = parseConfig(document);
  return result.ok ? [] : result.problems;
}

describe("parseConfig", () => {
  it("accepts the shared shop-api/prod config", () => {
    expect(problemsOf(aConfig())).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ["a canary percent above 100", aConfig({ strategy: aCanary([{ percent: 5 }, { percent: 25 }, { percent: 150 }]) }), ["strategy.steps[2].percent: must be 1–100"]],
    ["a canary percent of 0, once", aConfig({ strategy: aCanary([{ percent: 0 }]) }), ["strategy.steps[0].percent: must be 1–100"]],
    ["canary percents that do not increase", aConfig({ strategy: aCanary([{ percent: 50 }, { percent: 25 }, { percent: 100 }]) }), ["strategy.steps[1].percent: must be at least 1 above the previous step (50)"]],
    ["an empty canary", aConfig({ strategy: aCanary([]) }), ["strategy.steps: needs at least one step"]],
    ["a text that is not a duration", aConfig({ finalBake: "5 minutes" }), ['finalBake: "5 minutes" is not a duration (use e.g. 30s, 5m, 1h)']],
    ["a canary bake that is not a duration", aConfig({ strategy: aCanary([{ percent: 5, bake: "soon" }, { percent: 100 }]) }), ['strategy.steps[0].bake: "soon" is not a duration (use e.g. 30s, 5m, 1h)']],
    ["a linear strategy with a zero percent and a bad interval", aConfig({ strategy: { kind: "linear", percent: 0, every: "x" } }), ["strategy.percent: must be 1–100", 'strategy.every: "x" is not a duration (use e.g. 30s, 5m, 1h)']],
    ["an abTest held until something undefined", aConfig({ strategy: { kind: "abTest", percent: 10, until: "never" } }), ['strategy.until: must be "approval" or a duration (e.g. 1h)']],
    ["an abTest without until", aConfig({ strategy: { kind: "abTest", percent: 10 } as ConfigInput["strategy"] }), ["strategy.until: is required"]],
    ["a missing app", without(aConfig(), "app"), ["app: is required"]],
    ["an app name with capitals", aConfig({ app: "Shop" }), ["app: use lowercase letters, digits and dashes"]],
    ["autoscaling without a launch template", aConfig({ fleet: { provider: "autoscaling", slots: twoSlots } }), ["fleet.launchTemplateId: is required when provider is autoscaling"]],
    [
      "codedeploy without an application, a launch template or a revision",
      aConfig({ fleet: { provider: "codedeploy", slots: twoSlots } }),
      [
        "fleet.application: is required when provider is codedeploy",
        "fleet.launchTemplateId: is required when provider is codedeploy",
        "fleet.revision: is required when provider is codedeploy (the S3 appspec bundle to deploy)",
      ],
    ],
    [
      "a codedeploy revision in a bucket that cannot exist, with a bundle EC2 cannot take",
      aConfig({ fleet: { provider: "codedeploy", application: "shop", launchTemplateId: "lt-1", revision: { bucket: "My_Bucket", key: "a.zip", bundleType: "YAML" as never }, slots: twoSlots } }),
      [
        "fleet.revision.bucket: must be an S3 bucket name (3–63 lowercase letters, digits, dots, hyphens)",
        'fleet.revision.bundleType: Invalid option: expected one of "zip"|"tar"|"tgz"',
      ],
    ],
    ["both slots on one group", aConfig({ fleet: { provider: "autoscaling", launchTemplateId: "lt-1", slots: { a: twoSlots.a, b: { ...twoSlots.b, group: twoSlots.a.group } } } }), ["fleet.slots.b.group: must differ from slot a's group"]],
    ["a smoke check that must pass more often than it runs", aConfig({ smoke: { checks: [{ path: "/health", attempts: 2, mustPass: 3 }] } }), ["smoke.checks[0].mustPass: cannot exceed attempts (2)"]],
    ["a smoke path without a leading slash", aConfig({ smoke: { checks: [{ path: "health" }] } }), ["smoke.checks[0].path: must start with /"]],
    ["a hosted zone id of the wrong shape", aConfig({ traffic: { hostedZoneId: "zone-1", recordName: "api.example.com" } }), ["traffic.hostedZoneId: must be a hosted zone id (Z…)"]],
    ["a createImage without an instance id", aConfig({ image: { kind: "createImage", instanceId: "builder" } }), ["image.instanceId: must be an instance id (i-…)"]],
    ["an Image Builder pipeline that is not an ARN", aConfig({ image: { kind: "imageBuilder", pipelineArn: "my-pipeline" } }), ["image.pipelineArn: must be an Image Builder pipeline ARN"]],
    ["two problems at once", aConfig({ app: "Shop", finalBake: "x" }), ["app: use lowercase letters, digits and dashes", 'finalBake: "x" is not a duration (use e.g. 30s, 5m, 1h)']],
    ["a document that is not an object", 42, ["(root): Invalid input: expected object, received number"]],
  ])("reports %s with its path", (_rule, document, expected) => {
    expect(problemsOf(document)).toEqual(expected);
  });

  it("lists every missing top-level section of an empty document, and that it watches no alarms", () => {
    expect(problemsOf({})).toEqual([
      ...["app", "env", "source", "image", "fleet", "traffic", "strategy"].map((key) => `${key}: is required`),
      "analysis.alarms: is empty, so no bake could ever fail; list the alarms to watch, or set analysis.allowNoAlarms: true",
    ]);
  });

  it.each<[string, (c: ReturnType<typeof aParsedConfig>) => unknown, unknown]>([
    ["finalBake 5m becomes 300 seconds", (c) => c.finalBake, 300],
    ["canary bakes become seconds", (c) => c.strategy.kind === "canary" && c.strategy.steps.map((s) => s.bake), [300, 600, undefined]],
    ["scaleDownDelay defaults to 15m", (c) => c.scaleDownDelay, 900],
    ["approval timeout defaults to 24h", (c) => c.approval.timeout, 86400],
    ["concurrency defaults to queue", (c) => c.concurrency, "queue"],
    ["branch defaults to main", (c) => "branch" in c.source && c.source.branch, "main"],
    ["smoke checks default to GET 200, 5s, 3 attempts, 1 must pass", (c) => c.smoke.checks[0], { path: "/health", method: "GET", expectStatus: 200, timeout: 5, attempts: 3, mustPass: 1 }],
    ["alarm missing-data policy defaults to wait", (c) => c.analysis.alarms[0]?.missingData, "wait"],
    ["one healthy check in a row suffices by default", (c) => c.analysis.consecutiveSuccesses, 1],
    ["createImage reboots unless told otherwise", (c) => c.image.kind === "createImage" && c.image.noReboot, false],
    ["image retention keeps the 5 newest images by default", (c) => c.image.keep, 5],
    ["record type defaults to CNAME", (c) => c.traffic.kind === "route53" && c.traffic.type, "CNAME"],
  ])("fills defaults: %s", (_rule, read, expected) => {
    const config = aParsedConfig({ analysis: { alarms: [{ name: "x" }] } });
    expect(read(config)).toEqual(expected);
  });

  it("fills smoke and approval sections when they are absent, and analysis around an explicit allowNoAlarms", () => {
    const { smoke: _s, analysis: _a, approval: _p, ...rest } = aConfig();
    const result = parseConfig({ ...rest, analysis: { allowNoAlarms: true } });
    expect(result.ok && { smoke: result.config.smoke, analysis: result.config.analysis, approval: result.config.approval }).toEqual({
      smoke: { checks: [] },
      analysis: { alarms: [], allowNoAlarms: true, interval: 30, consecutiveSuccesses: 1 },
      approval: { timeout: 86400 },
    });
  });
});
