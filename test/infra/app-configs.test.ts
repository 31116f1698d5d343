import { describe, expect, it } from "vitest";
import { readConfigFiles, stackInputs, validateConfigFiles } from "../../stacks/app-configs.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";

const file = (path: string, document: unknown) => ({ path, text: JSON.stringify(document) });

describe("app configs at deploy time", () => {
  it("accepts the example config in the repository", () => {
    const configs = validateConfigFiles(readConfigFiles("config"));
    expect(configs.map((c) => `${c.config.app}/${c.config.env}`)).toContain("shop-api/prod");
  });

  it("lists every problem of every file with its path", () => {
    const bad = aConfig({ strategy: { kind: "canary", steps: [{ percent: 50 }, { percent: 150 }] } });
    const alsoBad = { ...aConfig({ env: "staging" }), traffic: { hostedZoneId: "nope", recordName: "x" } };
    const run = () => validateConfigFiles([file("config/shop-api.prod.json", bad), file("config/shop-api.staging.json", alsoBad)]);
    expect(run).toThrow(/config\/shop-api\.prod\.json: strategy\.steps\[1\]\.percent: must be 1–100/);
    expect(run).toThrow(/config\/shop-api\.staging\.json: traffic\.hostedZoneId: must be a hosted zone id/);
  });

  it("refuses invalid JSON, a file named for another app/env, and duplicates", () => {
    const run = () =>
      validateConfigFiles([
        { path: "config/broken.prod.json", text: "{" },
        file("config/other.prod.json", aConfig()),
        file("config/shop-api.prod.json", aConfig()),
      ]);
    expect(run).toThrow(/broken\.prod\.json: not valid JSON/);
    expect(run).toThrow(/other\.prod\.json: \(root\): file name must be shop-api\.prod\.json/);
    expect(run).toThrow(/shop-api\.prod\.json: \(root\): shop-api\/prod is already configured by config\/other\.prod\.json/);
  });

  it("treats a missing folder as no configs", () => {
    expect(readConfigFiles("config/does-not-exist")).toEqual([]);
  });
});

describe("stack inputs derived from configs", () => {
  const prod = aParsedConfig();
  const staging = aParsedConfig({
    env: "staging",
    source: { repository: "shop-api", branch: "develop" },
    traffic: { hostedZoneId: "Z999", recordName: "api.staging.example.com" },
    image: { kind: "imageBuilder", pipelineArn: "arn:aws:imagebuilder:eu-west-1:1:image-pipeline/shop" },
  });
  const inputs = stackInputs([prod, staging]);

  it("grants each hosted zone once", () => {
    expect(inputs.hostedZoneIds).toEqual(["Z0123456789ABCDEFGHIJ", "Z999"]);
  });
  it("watches each repository's tracked branches", () => {
    expect(inputs.repositories).toEqual([{ repository: "shop-api", branches: ["develop", "main"] }]);
  });
  it("expands per-slot alarm names to both slots", () => {
    expect(inputs.alarmNames).toEqual(["shop-api-prod-a-5xx", "shop-api-prod-b-5xx", "shop-api-prod-latency-p99"]);
  });
  it("collects image pipelines, image kinds and fleet providers", () => {
    expect(inputs.imagePipelineArns).toEqual(["arn:aws:imagebuilder:eu-west-1:1:image-pipeline/shop"]);
    expect(inputs.imageKinds).toEqual(["createImage", "imageBuilder"]);
    expect(inputs.fleetProviders).toEqual(["autoscaling"]);
  });
});
