// What every Traffic must do, as one suite run against the in-memory fake and the Route 53 adapter on
// simulated Route 53, so the fake the task and event tests use moves weights and changes as AWS does.
import { describe, expect, it } from "vitest";
import type { Traffic, TrafficTarget } from "../../functions/adapters/ports.ts";
import type { WeightWriter } from "../../functions/core/fence.ts";
import { InvalidChangeBatchError, PriorChangePendingError, StaleLeaseError } from "../../functions/errors.ts";
import type { VirtualClock } from "../../local/clock.ts";

export interface DnsSubject {
  traffic: Traffic;
  clock: VirtualClock;
  /** A target in a zone that exists and holds no records of it yet. */
  target: TrafficTarget;
  /** How long a change stays PENDING. */
  propagationMs: number;
  /** How long the zone refuses another change with PriorRequestNotComplete (shorter than propagationMs). */
  processingMs: number;
}

const endpoints = { a: "a.elb.example.com", b: "b.elb.example.com" };
const holder = (token: number, by = `deployment-${token}`): WeightWriter => ({ token, role: "holder", by });
const sweeper = (token: number): WeightWriter => ({ token, role: "sweeper", by: "cleanup" });
/** The writer of the tests that are not about the fence. */
const writer = holder(1);

/** `subject` is called inside each test, so each test gets a fresh one. */
export function describeDnsContract(name: string, subject: () => DnsSubject): void {
  describe(`${name} (Traffic contract)`, () => {
    it("reads no weights, endpoints or TTL before the records exist", async () => {
      const { traffic: dns, target } = subject();
      expect(await dns.readWeights(target)).toEqual({ weights: { a: null, b: null }, endpoints: { a: null, b: null }, ttl: null });
    });

    it("reads back the weights, endpoints and TTL it wrote", async () => {
      const { traffic: dns, target } = subject();
      await dns.setWeights(target, { a: 192, b: 63 }, endpoints, writer);
      expect(await dns.readWeights(target)).toEqual({ weights: { a: 192, b: 63 }, endpoints, ttl: target.ttl });
    });

    it("accepts both weights at 0, as Route 53 does (resolvers then split equally)", async () => {
      const { traffic: dns, target } = subject();
      await dns.setWeights(target, { a: 0, b: 0 }, endpoints, writer);
      expect((await dns.readWeights(target)).weights).toEqual({ a: 0, b: 0 });
    });

    it.each([
      ["above 255", { a: 256, b: 0 }],
      ["below 0", { a: 100, b: -1 }],
      ["not an integer", { a: 50.5, b: 49.5 }],
    ])("refuses a weight %s with InvalidChangeBatchError and changes nothing", async (_case, weights) => {
      const { traffic: dns, target } = subject();
      await expect(dns.setWeights(target, weights, endpoints, writer)).rejects.toBeInstanceOf(InvalidChangeBatchError);
      expect((await dns.readWeights(target)).weights).toEqual({ a: null, b: null });
    });

    it("reports a change PENDING until it has propagated on the clock, then INSYNC", async () => {
      const { traffic: dns, target, clock, propagationMs } = subject();
      const { changeId } = await dns.setWeights(target, { a: 100, b: 0 }, endpoints, writer);
      expect(await dns.changeStatus(changeId)).toBe("PENDING");
      clock.advance(propagationMs - 1);
      expect(await dns.changeStatus(changeId)).toBe("PENDING");
      clock.advance(1);
      expect(await dns.changeStatus(changeId)).toBe("INSYNC");
      expect(await dns.changeStatus(`/change/${changeId}`)).toBe("INSYNC");
    });

    it("refuses a new change while the zone is still processing the previous one, and takes it after, though still PENDING", async () => {
      const { traffic: dns, target, clock, processingMs } = subject();
      const first = await dns.setWeights(target, { a: 100, b: 0 }, endpoints, writer);
      await expect(dns.setWeights(target, { a: 75, b: 25 }, endpoints, writer)).rejects.toBeInstanceOf(PriorChangePendingError);
      expect((await dns.readWeights(target)).weights).toEqual({ a: 100, b: 0 });
      clock.advance(processingMs);
      await dns.setWeights(target, { a: 75, b: 25 }, endpoints, writer);
      expect((await dns.readWeights(target)).weights).toEqual({ a: 75, b: 25 });
      expect(await dns.changeStatus(first.changeId)).toBe("PENDING");
    });

    it("gives each change its own id", async () => {
      const { traffic: dns, target, clock, propagationMs } = subject();
      const first = await dns.setWeights(target, { a: 100, b: 0 }, endpoints, writer);
      clock.advance(propagationMs);
      const second = await dns.setWeights(target, { a: 0, b: 100 }, endpoints, writer);
      expect(second.changeId).not.toBe(first.changeId);
      expect(await dns.changeStatus(second.changeId)).toBe("PENDING");
    });

    it("refuses, writing nothing, a holder whose lease was swept (the late write of a stopped Task)", async () => {
      const { traffic: dns, target, clock, processingMs } = subject();
      await dns.setWeights(target, { a: 0, b: 100 }, endpoints, holder(4));
      clock.advance(processingMs);
      await dns.setWeights(target, { a: 10, b: 90 }, endpoints, holder(4));
      clock.advance(processingMs);
      expect((await dns.fence(target, sweeper(4))).changeId).not.toBeNull();
      clock.advance(processingMs);
      await expect(dns.setWeights(target, { a: 50, b: 50 }, endpoints, holder(4))).rejects.toBeInstanceOf(StaleLeaseError);
      expect((await dns.readWeights(target)).weights).toEqual({ a: 10, b: 90 });
    });

    it("lets the next holder write over a sweep, and then refuses the sweeper and the older holder", async () => {
      const { traffic: dns, target, clock, processingMs } = subject();
      await dns.setWeights(target, { a: 0, b: 100 }, endpoints, sweeper(4));
      clock.advance(processingMs);
      await dns.setWeights(target, { a: 10, b: 90 }, endpoints, holder(5));
      clock.advance(processingMs);
      await expect(dns.setWeights(target, { a: 0, b: 100 }, endpoints, sweeper(4))).rejects.toThrow(/outranks/);
      await expect(dns.fence(target, holder(4))).rejects.toBeInstanceOf(StaleLeaseError);
      expect((await dns.readWeights(target)).weights).toEqual({ a: 10, b: 90 });
    });

    it("writes no fence-only change when the fence already keeps the same writers out", async () => {
      const { traffic: dns, target, clock, processingMs } = subject();
      expect((await dns.fence(target, sweeper(2))).changeId).not.toBeNull();
      clock.advance(processingMs);
      expect(await dns.fence(target, sweeper(2))).toEqual({ changeId: null });
      await expect(dns.fence(target, holder(2))).rejects.toBeInstanceOf(StaleLeaseError);
      expect((await dns.fence(target, holder(3))).changeId).not.toBeNull();
      clock.advance(processingMs);
      expect(await dns.fence(target, holder(3))).toEqual({ changeId: null });
    });

    it("rejects a change id it never issued", async () => {
      const { traffic: dns } = subject();
      await expect(dns.changeStatus("C0NOSUCHCHANGE1")).rejects.toThrow(/does not exist/);
    });
  });
}
