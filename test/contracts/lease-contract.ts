// What every Lease must do, as one suite run against the in-memory fake and the DynamoDB lease on dynalite,
// so the fakes the task and event tests use cannot drift from the adapter production runs.
import { describe, expect, it } from "vitest";
import type { Lease } from "../../functions/adapters/ports.ts";
import { StaleLeaseError } from "../../functions/errors.ts";
import type { VirtualClock } from "../../local/clock.ts";

export interface LeaseSubject {
  lease: Lease;
  clock: VirtualClock;
}

const TTL = 600;

/** `subject` is called inside each test, after the file's beforeEach hooks have built a fresh one. */
export function describeLeaseContract(name: string, subject: () => LeaseSubject): void {
  describe(`${name} (Lease contract)`, () => {
    it("grants a free lease to the first acquirer, expiring ttl seconds from now", async () => {
      const { lease, clock } = subject();
      const grant = await lease.acquire("shop", "prod", "exec-1", TTL);
      expect(grant).toEqual({ owner: "exec-1", fencingToken: expect.any(Number), expiresAt: clock.now() + TTL * 1000, acquiredAt: clock.now() });
      expect(await lease.current("shop", "prod")).toEqual(grant);
      expect(await lease.read("shop", "prod")).toEqual(grant);
    });

    it("has one holder: a second acquirer gets null while the lease is held", async () => {
      const { lease } = subject();
      await lease.acquire("shop", "prod", "exec-1", TTL);
      expect(await lease.acquire("shop", "prod", "exec-2", TTL)).toBeNull();
      expect((await lease.current("shop", "prod"))?.owner).toBe("exec-1");
    });

    it("keeps app/envs apart", async () => {
      const { lease } = subject();
      await lease.acquire("shop", "prod", "exec-1", TTL);
      expect((await lease.acquire("shop", "staging", "exec-2", TTL))?.owner).toBe("exec-2");
      expect(await lease.current("billing", "prod")).toBeNull();
    });

    it("still holds the lease at its expiry instant and frees it just after", async () => {
      const { lease, clock } = subject();
      await lease.acquire("shop", "prod", "exec-1", TTL);
      clock.advance(TTL * 1000);
      expect(await lease.acquire("shop", "prod", "exec-2", TTL)).toBeNull();
      expect((await lease.current("shop", "prod"))?.owner).toBe("exec-1");
      clock.advance(1);
      expect((await lease.acquire("shop", "prod", "exec-2", TTL))?.owner).toBe("exec-2");
    });

    it("raises the token on every acquire: after an expired takeover, after a release, and on the holder's own retry", async () => {
      const { lease, clock } = subject();
      const first = await lease.acquire("shop", "prod", "exec-1", TTL);
      clock.advance(TTL * 1000 + 1);
      const takeover = await lease.acquire("shop", "prod", "exec-2", TTL);
      await lease.release("shop", "prod", "exec-2", takeover!.fencingToken);
      const afterRelease = await lease.acquire("shop", "prod", "exec-3", TTL);
      const retried = await lease.acquire("shop", "prod", "exec-3", TTL);
      const tokens = [first, takeover, afterRelease, retried].map((grant) => grant!.fencingToken);
      expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
      expect(new Set(tokens).size).toBe(4);
    });

    it("hides an expired lease from current but still shows it in read", async () => {
      const { lease, clock } = subject();
      const grant = await lease.acquire("shop", "prod", "exec-1", TTL);
      clock.advance(TTL * 1000 + 1);
      expect(await lease.current("shop", "prod")).toBeNull();
      expect(await lease.read("shop", "prod")).toEqual(grant);
    });

    it("renews for the holder with the current token, from now", async () => {
      const { lease, clock } = subject();
      const grant = await lease.acquire("shop", "prod", "exec-1", TTL);
      clock.advance(60_000);
      const renewed = await lease.renew("shop", "prod", "exec-1", grant!.fencingToken, TTL);
      expect(renewed).toEqual({ owner: "exec-1", fencingToken: grant!.fencingToken, expiresAt: clock.now() + TTL * 1000, acquiredAt: grant!.acquiredAt });
      expect(await lease.current("shop", "prod")).toEqual(renewed);
    });

    it.each([
      ["a stale token after an expired takeover", "exec-1", 0],
      ["the current token from someone who does not hold it", "exec-3", 1],
    ])("refuses to renew with %s (StaleLeaseError)", async (_case, owner, tokenOffset) => {
      const { lease, clock } = subject();
      const first = await lease.acquire("shop", "prod", "exec-1", TTL);
      clock.advance(TTL * 1000 + 1);
      const second = await lease.acquire("shop", "prod", "exec-2", TTL);
      const token = tokenOffset === 0 ? first!.fencingToken : second!.fencingToken;
      await expect(lease.renew("shop", "prod", owner, token, TTL)).rejects.toBeInstanceOf(StaleLeaseError);
      expect(await lease.current("shop", "prod")).toEqual(second);
    });

    it("refuses to renew a released lease", async () => {
      const { lease } = subject();
      const grant = await lease.acquire("shop", "prod", "exec-1", TTL);
      await lease.release("shop", "prod", "exec-1", grant!.fencingToken);
      await expect(lease.renew("shop", "prod", "exec-1", grant!.fencingToken, TTL)).rejects.toBeInstanceOf(StaleLeaseError);
      expect(await lease.read("shop", "prod")).toBeNull();
    });

    it("refuses to release with a stale token and leaves the newer holder in place", async () => {
      const { lease, clock } = subject();
      const first = await lease.acquire("shop", "prod", "exec-1", TTL);
      clock.advance(TTL * 1000 + 1);
      const second = await lease.acquire("shop", "prod", "exec-2", TTL);
      await expect(lease.release("shop", "prod", "exec-1", first!.fencingToken)).rejects.toBeInstanceOf(StaleLeaseError);
      expect(await lease.current("shop", "prod")).toEqual(second);
    });

    it("frees the lease on release: current and read are null and anyone may acquire", async () => {
      const { lease } = subject();
      const grant = await lease.acquire("shop", "prod", "exec-1", TTL);
      await lease.release("shop", "prod", "exec-1", grant!.fencingToken);
      expect(await lease.current("shop", "prod")).toBeNull();
      expect(await lease.read("shop", "prod")).toBeNull();
      expect((await lease.acquire("shop", "prod", "exec-2", TTL))?.owner).toBe("exec-2");
    });

    it("keeps the token through a release, so the next holder's token is higher", async () => {
      const { lease } = subject();
      const grant = await lease.acquire("shop", "prod", "exec-1", TTL);
      await lease.release("shop", "prod", "exec-1", grant!.fencingToken);
      const next = await lease.acquire("shop", "prod", "exec-2", TTL);
      expect(next!.fencingToken).toBeGreaterThan(grant!.fencingToken);
    });

    it("releases an expired lease for its holder when nobody took it over", async () => {
      const { lease, clock } = subject();
      const grant = await lease.acquire("shop", "prod", "exec-1", TTL);
      clock.advance(TTL * 1000 + 1);
      await lease.release("shop", "prod", "exec-1", grant!.fencingToken);
      expect(await lease.read("shop", "prod")).toBeNull();
    });

    it("treats releasing a lease never taken, or releasing twice, as a no-op", async () => {
      const { lease } = subject();
      await expect(lease.release("shop", "prod", "exec-1", 1)).resolves.toBeUndefined();
      const grant = await lease.acquire("shop", "prod", "exec-1", TTL);
      await lease.release("shop", "prod", "exec-1", grant!.fencingToken);
      await expect(lease.release("shop", "prod", "exec-1", grant!.fencingToken)).resolves.toBeUndefined();
      expect(await lease.read("shop", "prod")).toBeNull();
    });
  });
}
