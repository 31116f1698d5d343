// What every Ledger must do, as one suite run against the in-memory fake and the DynamoDB ledger on
// dynalite. The ledger is fenced by the lease, so a subject is a ledger and the lease it checks.
import { describe, expect, it } from "vitest";
import type { Lease, Ledger, PushRecord } from "../../functions/adapters/ports.ts";
import type { StepRecord } from "../../functions/core/model.ts";
import { StaleLeaseError } from "../../functions/errors.ts";
import type { VirtualClock } from "../../local/clock.ts";
import { aDeployment, aLiveRecord } from "../fixtures/records.ts";

export interface LedgerSubject {
  ledger: Ledger;
  lease: Lease;
  clock: VirtualClock;
}

const aStep = (index: number, overrides: Partial<StepRecord> = {}): StepRecord => ({
  index,
  kind: "setWeight",
  weights: { a: 100 - index * 10, b: index * 10 },
  reason: `Shifted ${index * 10}% to slot b`,
  startedAt: `2024-05-01T12:0${index}:00.000Z`,
  ...overrides,
});

const aPush = (commit: string, parent: string | null, overrides: Partial<PushRecord> = {}): PushRecord => ({
  app: "shop-api",
  env: "prod",
  commit,
  parent,
  before: parent,
  receivedAt: "2024-05-01T12:00:00.000Z",
  forced: false,
  attempts: 1,
  status: "received",
  ...overrides,
});

/** `subject` is called inside each test, after the file's beforeEach hooks have built a fresh one. */
export function describeLedgerContract(name: string, subject: () => LedgerSubject): void {
  describe(`${name} (Ledger contract)`, () => {
    it("returns a created deployment as it was written, and null for an unknown id", async () => {
      const { ledger } = subject();
      const record = aDeployment({ steps: [aStep(0)], executionStartedAt: "2024-05-01T11:59:00.000Z" });
      await ledger.createDeployment(record);
      expect(await ledger.getDeployment("shop-api", "prod", record.deploymentId)).toEqual(record);
      expect(await ledger.getDeployment("shop-api", "prod", "shop-api-prod-ffffffffffff")).toBeNull();
      expect(await ledger.getDeployment("shop-api", "staging", record.deploymentId)).toBeNull();
    });

    it("keeps the first record when a deployment id is created again (a retried task)", async () => {
      const { ledger } = subject();
      await ledger.createDeployment(aDeployment({ commit: "1111111111111111111111111111111111111111" }));
      await ledger.createDeployment(aDeployment({ commit: "2222222222222222222222222222222222222222" }));
      expect((await ledger.getDeployment("shop-api", "prod", aDeployment().deploymentId))?.commit).toBe("1111111111111111111111111111111111111111");
      expect(await ledger.listDeployments("shop-api", "prod")).toHaveLength(1);
    });

    it("hands out copies: changing a returned record changes nothing stored", async () => {
      const { ledger } = subject();
      await ledger.createDeployment(aDeployment());
      const read = await ledger.getDeployment("shop-api", "prod", aDeployment().deploymentId);
      read!.steps.push(aStep(0));
      const [listed] = await ledger.listDeployments("shop-api", "prod");
      listed!.outcome = "promoted";
      expect(await ledger.getDeployment("shop-api", "prod", aDeployment().deploymentId)).toEqual(aDeployment());
    });

    it("appends steps in order", async () => {
      const { ledger } = subject();
      await ledger.createDeployment(aDeployment());
      const steps = [aStep(0), aStep(1, { kind: "bake", verdict: "healthy" }), aStep(2, { endedAt: "2024-05-01T12:09:00.000Z" })];
      for (const step of steps) await ledger.appendStep("shop-api", "prod", aDeployment().deploymentId, step);
      expect((await ledger.getDeployment("shop-api", "prod", aDeployment().deploymentId))?.steps).toEqual(steps);
    });

    it("refuses to append a step to a deployment it does not have", async () => {
      const { ledger } = subject();
      await expect(ledger.appendStep("shop-api", "prod", "shop-api-prod-ffffffffffff", aStep(0))).rejects.toThrow(/not in the ledger/);
      expect(await ledger.getDeployment("shop-api", "prod", "shop-api-prod-ffffffffffff")).toBeNull();
    });

    it("finishes a deployment with outcome, reason and end time, keeping its steps", async () => {
      const { ledger } = subject();
      await ledger.createDeployment(aDeployment());
      await ledger.appendStep("shop-api", "prod", aDeployment().deploymentId, aStep(0));
      await ledger.finishDeployment("shop-api", "prod", aDeployment().deploymentId, "rolled_back", "alarm shop-api-prod-b-5xx", "2024-05-01T12:10:00.000Z");
      expect(await ledger.getDeployment("shop-api", "prod", aDeployment().deploymentId)).toEqual(
        aDeployment({ steps: [aStep(0)], outcome: "rolled_back", reason: "alarm shop-api-prod-b-5xx", endedAt: "2024-05-01T12:10:00.000Z" }),
      );
    });

    it("records the deployment's image, and refuses one for a deployment it does not have", async () => {
      const { ledger } = subject();
      await ledger.createDeployment(aDeployment());
      await ledger.recordImage("shop-api", "prod", aDeployment().deploymentId, "ami-0123456789abcdef0");
      expect(await ledger.getDeployment("shop-api", "prod", aDeployment().deploymentId)).toEqual(aDeployment({ imageId: "ami-0123456789abcdef0" }));
      await expect(ledger.recordImage("shop-api", "prod", "shop-api-prod-ffffffffffff", "ami-1")).rejects.toThrow(/not in the ledger/);
    });

    it("keeps one image wait per image, the latest token replacing the last, and none for an image nobody waits on", async () => {
      const { ledger } = subject();
      const wait = { image: "ami-0123456789abcdef0", app: "shop-api", env: "prod", deploymentId: aDeployment().deploymentId, taskToken: "token-1", recordedAt: "2024-05-01T12:00:00.000Z" };
      await ledger.recordImageWait(wait);
      await ledger.recordImageWait({ ...wait, taskToken: "token-2", recordedAt: "2024-05-01T12:04:00.000Z" });
      expect(await ledger.getImageWait("ami-0123456789abcdef0")).toEqual({ ...wait, taskToken: "token-2", recordedAt: "2024-05-01T12:04:00.000Z" });
      expect(await ledger.getImageWait("arn:aws:imagebuilder:us-east-1:123456789012:image/shop-api/1.0.0/1")).toBeNull();
      // Not a deployment: it never shows up in the app/env's listings.
      expect(await ledger.listDeployments("shop-api", "prod")).toEqual([]);
    });

    it("lists an app/env's deployments newest first by start time, not by write order, up to the limit", async () => {
      const { ledger } = subject();
      const at = (hour: number, id: string) => aDeployment({ deploymentId: `shop-api-prod-${id}`, startedAt: `2024-05-01T${hour}:00:00.000Z` });
      for (const record of [at(12, "bbbbbbbbbbbb"), at(10, "aaaaaaaaaaaa"), at(14, "dddddddddddd"), at(13, "cccccccccccc")]) await ledger.createDeployment(record);
      await ledger.createDeployment(aDeployment({ env: "staging", deploymentId: "shop-api-staging-eeeeeeeeeeee", startedAt: "2024-05-01T15:00:00.000Z" }));
      const ids = async (limit?: number) => (await ledger.listDeployments("shop-api", "prod", limit)).map((d) => d.deploymentId.slice(-1));
      expect(await ids()).toEqual(["d", "c", "b", "a"]);
      expect(await ids(2)).toEqual(["d", "c"]);
      expect(await ledger.listDeployments("billing", "prod")).toEqual([]);
    });

    it("records pushes by commit and finds the pushes made on top of one", async () => {
      const { ledger } = subject();
      await ledger.recordPush(aPush("v1", null));
      await ledger.recordPush(aPush("v2", "v1"));
      await ledger.recordPush(aPush("v3", "v2"));
      await ledger.recordPush(aPush("x", null, { forced: true, before: "v3" }));
      expect(await ledger.getPush("shop-api", "prod", "v2")).toEqual(aPush("v2", "v1"));
      expect(await ledger.getPush("shop-api", "prod", "v9")).toBeNull();
      expect((await ledger.pushesOnTopOf("shop-api", "prod", "v2")).map((push) => push.commit)).toEqual(["v3"]);
      // A force push cuts its link: x is not "on top of" v3.
      expect(await ledger.pushesOnTopOf("shop-api", "prod", "v3")).toEqual([]);
      expect(await ledger.pushesOnTopOf("shop-api", "staging", "v2")).toEqual([]);
    });

    it("marks what became of a push, and refuses an unknown push", async () => {
      const { ledger } = subject();
      await ledger.recordPush(aPush("v2", "v1"));
      await ledger.markPush("shop-api", "prod", "v2", "skipped", "older than the live commit", "shop-api-prod-v2");
      expect(await ledger.getPush("shop-api", "prod", "v2")).toMatchObject({ status: "skipped", reason: "older than the live commit", execution: "shop-api-prod-v2" });
      await expect(ledger.markPush("shop-api", "prod", "v9", "skipped", "x")).rejects.toThrow();
    });

    it("lists the pushes that failed before the lease, newest received first, up to the limit", async () => {
      const { ledger } = subject();
      const at = (minute: number) => `2024-05-01T12:0${minute}:00.000Z`;
      await ledger.recordPush(aPush("v1", null, { receivedAt: at(1) }));
      await ledger.recordPush(aPush("v2", "v1", { receivedAt: at(2) }));
      await ledger.recordPush(aPush("v3", "v2", { receivedAt: at(3) }));
      await ledger.recordPush(aPush("v4", "v3", { receivedAt: at(4) }));
      await ledger.markPush("shop-api", "prod", "v1", "failed", "Preflight failed: alarm x is already in ALARM", "shop-api-prod-v1");
      await ledger.markPush("shop-api", "prod", "v3", "failed", "Load config: strategy.kind is invalid", "shop-api-prod-v3");
      await ledger.markPush("shop-api", "prod", "v4", "deploying", "took the lease");
      expect((await ledger.failedPushes("shop-api", "prod", 10)).map((push) => [push.commit, push.reason])).toEqual([
        ["v3", "Load config: strategy.kind is invalid"],
        ["v1", "Preflight failed: alarm x is already in ALARM"],
      ]);
      expect((await ledger.failedPushes("shop-api", "prod", 1)).map((push) => push.commit)).toEqual(["v3"]);
      expect(await ledger.failedPushes("shop-api", "staging", 10)).toEqual([]);
    });

    it("keeps one pending push per app/env, replaced and cleared only by a caller that saw the current one", async () => {
      const { ledger } = subject();
      const pending = (commit: string, attempt = 1) => ({ app: "shop-api", env: "prod", commit, attempt, receivedAt: "2024-05-01T12:00:00.000Z", input: { commit } });
      expect(await ledger.getPending("shop-api", "prod")).toBeNull();
      expect(await ledger.replacePending(pending("v2"), null)).toBe(true);
      expect(await ledger.replacePending(pending("v3"), null)).toBe(false);
      expect(await ledger.replacePending(pending("v3"), { commit: "v2", attempt: 2 })).toBe(false);
      expect(await ledger.replacePending(pending("v3"), { commit: "v2", attempt: 1 })).toBe(true);
      expect(await ledger.getPending("shop-api", "prod")).toEqual(pending("v3"));
      expect(await ledger.getPending("shop-api", "staging")).toBeNull();
      expect(await ledger.clearPending("shop-api", "prod", { commit: "v2", attempt: 1 })).toBe(false);
      expect(await ledger.clearPending("shop-api", "prod", { commit: "v3", attempt: 1 })).toBe(true);
      expect(await ledger.getPending("shop-api", "prod")).toBeNull();
    });

    it("stores the live record for the lease holder and returns it", async () => {
      const { ledger, lease } = subject();
      expect(await ledger.getLive("shop-api", "prod")).toBeNull();
      const grant = await lease.acquire("shop-api", "prod", "exec-1", 600);
      await ledger.setLive(aLiveRecord({ liveSlot: "b" }), grant!.fencingToken);
      expect(await ledger.getLive("shop-api", "prod")).toEqual(aLiveRecord({ liveSlot: "b" }));
    });

    it("refuses setLive with a stale fencing token after an expired takeover, and keeps the live record", async () => {
      const { ledger, lease, clock } = subject();
      const first = await lease.acquire("shop-api", "prod", "exec-1", 600);
      await ledger.setLive(aLiveRecord(), first!.fencingToken);
      clock.advance(600_001);
      await lease.acquire("shop-api", "prod", "exec-2", 600);
      await expect(ledger.setLive(aLiveRecord({ liveSlot: "b" }), first!.fencingToken)).rejects.toBeInstanceOf(StaleLeaseError);
      expect(await ledger.getLive("shop-api", "prod")).toEqual(aLiveRecord());
    });

    it("refuses setLive with the token of a released lease", async () => {
      const { ledger, lease } = subject();
      const grant = await lease.acquire("shop-api", "prod", "exec-1", 600);
      await lease.release("shop-api", "prod", "exec-1", grant!.fencingToken);
      await expect(ledger.setLive(aLiveRecord(), grant!.fencingToken)).rejects.toBeInstanceOf(StaleLeaseError);
      expect(await ledger.getLive("shop-api", "prod")).toBeNull();
    });

    it("refuses setLive with no lease ever taken", async () => {
      const { ledger } = subject();
      await expect(ledger.setLive(aLiveRecord(), 1)).rejects.toBeInstanceOf(StaleLeaseError);
    });
  });
}
