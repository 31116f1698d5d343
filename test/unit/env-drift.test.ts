import { describe, expect, it } from "vitest";
import { driftLine, envDrift } from "../../functions/core/env-drift.ts";
import { aCanary, aParsedConfig } from "../fixtures/config.ts";

const staging = aParsedConfig({
  env: "staging",
  source: { promotedFrom: "dev", soak: "1h" } as never,
  fleet: { provider: "autoscaling", capacity: 1, launchTemplateId: "lt-1", slots: { a: { group: "staging-a", endpoint: "a.staging" }, b: { group: "staging-b", endpoint: "b.staging" } } },
  traffic: { hostedZoneId: "Z1", recordName: "api.staging.example.com" },
  analysis: { alarms: [{ name: "shop-api-staging-{slot}-5xx" }] },
});
const prod = aParsedConfig({
  env: "prod",
  source: { promotedFrom: "staging", soak: "2h", approval: true } as never,
  fleet: { provider: "autoscaling", capacity: 6, launchTemplateId: "lt-2", slots: { a: { group: "prod-a", endpoint: "a.prod" }, b: { group: "prod-b", endpoint: "b.prod" } } },
  traffic: { hostedZoneId: "Z2", recordName: "api.example.com" },
  analysis: { alarms: [{ name: "shop-api-prod-{slot}-5xx" }] },
  windows: [{ days: ["mon"], from: "09:00", to: "17:00", timeZone: "UTC" }],
});

describe("envDrift", () => {
  it("finds none where only the keys meant to differ differ, alarm names included once each env's name is read as {env}", () => {
    expect(envDrift([staging, prod])).toEqual([]);
  });

  it("lists a bake that differs, with each env's value", () => {
    const slower = { ...prod, strategy: { kind: "canary" as const, steps: [{ percent: 5, bake: 300 }, { percent: 25, bake: 1200 }, { percent: 100 }] } };
    expect(envDrift([staging, slower])).toEqual([{ path: "strategy.steps[1].bake", values: { staging: 600, prod: 1200 } }]);
  });

  it("lists a key only one env has, as none in the other", () => {
    const extraStep = aParsedConfig({ ...{ env: "prod" }, strategy: aCanary([{ percent: 5, bake: "5m" }, { percent: 25, bake: "10m" }, { percent: 50, bake: "10m" }, { percent: 100 }]) });
    const drift = envDrift([{ ...staging, fleet: extraStep.fleet, traffic: extraStep.traffic }, extraStep]);
    expect(drift.map(driftLine)).toContain("strategy.steps[3].percent: staging (none), prod 100");
  });

  it("sees a different alarm, not just a different env name in it", () => {
    const other = { ...prod, analysis: { ...prod.analysis, alarms: [{ name: "shop-api-prod-{slot}-latency", missingData: "wait" as const }] } };
    expect(envDrift([staging, other]).map(driftLine)).toEqual(['analysis.alarms[0].name: staging "shop-api-{env}-{slot}-5xx", prod "shop-api-{env}-{slot}-latency"']);
  });
});
