import { describe, expect, it } from "vitest";
import { promotionState, soakAlarmNames, type PromotionFacts } from "../../functions/core/promotion.ts";
import { aDeployment, aLiveRecord } from "../fixtures/records.ts";

const V2 = "2222222222222222222222222222222222222222";
const V1 = "1111111111111111111111111111111111111111";
const PROMOTED_AT = Date.parse("2026-01-01T10:00:00.000Z");
const HOUR = 3_600_000;

const stagingPromotion = aDeployment({ env: "staging", deploymentId: "staging-v2", commit: V2, imageId: "ami-2", outcome: "promoted", endedAt: new Date(PROMOTED_AT).toISOString() });

function facts(overrides: Partial<PromotionFacts> = {}): PromotionFacts {
  return {
    app: "shop-api",
    env: "prod",
    source: { promotedFrom: "staging", soakSeconds: 7200, approval: false },
    upstreamLive: aLiveRecord({ env: "staging", liveSlot: "b", commit: V2, imageId: "ami-2" }),
    upstreamDeployments: [stagingPromotion],
    downstreamLive: aLiveRecord({ commit: V1, imageId: "ami-1" }),
    downstreamDeployments: [aDeployment({ commit: V1, imageId: "ami-1", outcome: "promoted" })],
    alarmChanges: [],
    alarmStates: [{ name: "staging-b-5xx", state: "OK" }],
    now: PROMOTED_AT + 3 * HOUR,
    ...overrides,
  };
}

describe("promotionState", () => {
  it.each<[string, Partial<PromotionFacts>, string]>([
    ["promotes once the soak has passed alarm-free", {}, "ready"],
    ["soaks while the release has been live upstream for less than the soak", { now: PROMOTED_AT + HOUR }, "soaking"],
    ["waits for approval after the soak when approval is on", { source: { promotedFrom: "staging", soakSeconds: 7200, approval: true } }, "awaitingApproval"],
    ["offers nothing while upstream has no live release", { upstreamLive: null }, "none"],
    ["offers nothing the upstream made live by a rollback rather than a promotion", { upstreamDeployments: [{ ...stagingPromotion, outcome: "rolled_back" }] }, "none"],
    ["offers nothing the downstream env already runs", { downstreamLive: aLiveRecord({ commit: V2, imageId: "ami-2" }) }, "none"],
    ["waits while a downstream deployment of it runs", { downstreamDeployments: [aDeployment({ commit: V2, imageId: "ami-2", outcome: "in_progress" })] }, "deploying"],
    ["blocks an image whose downstream promotion failed", { downstreamDeployments: [aDeployment({ commit: V2, imageId: "ami-2", outcome: "rolled_back", reason: "alarm prod-b-5xx" })] }, "blocked"],
    ["does not undo a downstream rollback from it", { downstreamDeployments: [aDeployment({ commit: V2, imageId: "ami-2", outcome: "promoted" })] }, "blocked"],
    ["holds a release whose upstream alarm fired during the soak", { alarmChanges: [{ alarm: "staging-b-5xx", at: PROMOTED_AT + HOUR, from: "OK", to: "ALARM", reason: "5xx" }] }, "alarmed"],
    ["ignores an alarm that fired before the release went live", { alarmChanges: [{ alarm: "staging-b-5xx", at: PROMOTED_AT - HOUR, from: "OK", to: "ALARM", reason: "5xx" }] }, "ready"],
    ["holds while an upstream alarm is in ALARM now", { alarmStates: [{ name: "staging-b-5xx", state: "ALARM" }] }, "alarmed"],
  ])("%s", (_rule, overrides, kind) => {
    expect(promotionState(facts(overrides)).kind).toBe(kind);
  });

  it("says when a soak ends and what follows it", () => {
    const state = promotionState(facts({ now: PROMOTED_AT + HOUR }));
    expect(state).toMatchObject({ kind: "soaking", dueAt: PROMOTED_AT + 2 * HOUR, candidate: { commit: V2, imageId: "ami-2", deploymentId: "staging-v2", fromEnv: "staging" } });
    expect(state.reason).toBe("222222222222 (ami-2) from staging soaks until 2026-01-01T12:00:00.000Z (2h live and alarm-free in staging), then is promoted");
  });

  it("names the failed deployment and its reason when it blocks", () => {
    const state = promotionState(facts({ downstreamDeployments: [aDeployment({ deploymentId: "prod-v2", commit: V2, imageId: "ami-2", outcome: "rolled_back", reason: "alarm prod-b-5xx" })] }));
    expect(state.reason).toBe("prod-v2, a deployment of 222222222222 (ami-2) from staging to shop-api/prod, ended rolled_back (alarm prod-b-5xx): automatic promotion of that image is blocked; glidepath promote-env sends it again");
  });

  it("judges the soak by the upstream's alarms on its live slot", () => {
    expect(soakAlarmNames({ analysis: { alarms: [{ name: "shop-api-staging-{slot}-5xx" }, { name: "shop-api-latency" }] }, fleet: {} }, "b")).toEqual(["shop-api-staging-b-5xx", "shop-api-latency"]);
  });
});
