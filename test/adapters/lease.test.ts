import { describe, expect, it } from "vitest";
import { StaleLeaseError } from "../../functions/errors.ts";
import { useDynamoStore } from "./dynamo-harness.ts";

const store = useDynamoStore();

describe("DynamoDB lease", () => {
  it("grants a free lease with token 1 and an expiry from the injected clock", async () => {
    const grant = await store.lease.acquire("shop", "prod", "exec-1", 600);
    expect(grant).toEqual({ owner: "exec-1", fencingToken: 1, expiresAt: store.clock.now() + 600_000, acquiredAt: store.clock.now() });
    expect(await store.lease.current("shop", "prod")).toEqual(grant);
  });

  it("lets exactly one of two concurrent acquirers win", async () => {
    const results = await Promise.all([store.lease.acquire("shop", "prod", "exec-1", 600), store.lease.acquire("shop", "prod", "exec-2", 600)]);
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.fencingToken).toBe(1);
    expect((await store.lease.current("shop", "prod"))?.owner).toBe(winners[0]?.owner);
  });

  it("lets exactly one of ten concurrent acquirers win", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.lease.acquire("shop", "prod", `exec-${i}`, 600)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it("refuses a held lease until it expires", async () => {
    await store.lease.acquire("shop", "prod", "exec-1", 60);
    store.clock.advance(60_000);
    expect(await store.lease.acquire("shop", "prod", "exec-2", 60)).toBeNull();
  });

  it("hands an expired lease to a new owner with a higher token", async () => {
    const first = await store.lease.acquire("shop", "prod", "exec-1", 60);
    store.clock.advance(60_001);
    expect(await store.lease.current("shop", "prod")).toBeNull();
    const second = await store.lease.acquire("shop", "prod", "exec-2", 60);
    expect(second?.owner).toBe("exec-2");
    expect(second!.fencingToken).toBeGreaterThan(first!.fencingToken);
  });

  it("lets the holder acquire again (a retried call) with a new token", async () => {
    const first = await store.lease.acquire("shop", "prod", "exec-1", 60);
    const again = await store.lease.acquire("shop", "prod", "exec-1", 60);
    expect(again?.fencingToken).toBe(first!.fencingToken + 1);
    await expect(store.lease.release("shop", "prod", "exec-1", first!.fencingToken)).rejects.toBeInstanceOf(StaleLeaseError);
  });

  it("keeps leases of different app/envs independent", async () => {
    expect(await store.lease.acquire("shop", "prod", "exec-1", 60)).not.toBeNull();
    expect(await store.lease.acquire("shop", "staging", "exec-2", 60)).not.toBeNull();
  });

  it("refuses release with a stale token and names the holder", async () => {
    const first = await store.lease.acquire("shop", "prod", "exec-1", 60);
    store.clock.advance(61_000);
    await store.lease.acquire("shop", "prod", "exec-2", 60);
    const attempt = store.lease.release("shop", "prod", "exec-1", first!.fencingToken);
    await expect(attempt).rejects.toBeInstanceOf(StaleLeaseError);
    await expect(attempt).rejects.toThrow(/exec-2 took it at \d{4}-\d\d-\d\dT[\d:.]+Z \(token 2\)/);
  });

  it("frees the lease on release and keeps the token growing afterwards", async () => {
    const first = await store.lease.acquire("shop", "prod", "exec-1", 600);
    await store.lease.release("shop", "prod", "exec-1", first!.fencingToken);
    expect(await store.lease.current("shop", "prod")).toBeNull();
    const next = await store.lease.acquire("shop", "prod", "exec-2", 600);
    expect(next?.fencingToken).toBe(2);
  });

  it("reads an expired lease that current() hides, until it is released", async () => {
    const grant = await store.lease.acquire("shop", "prod", "exec-1", 60);
    store.clock.advance(60_001);
    expect(await store.lease.current("shop", "prod")).toBeNull();
    expect(await store.lease.read("shop", "prod")).toEqual(grant);
    await store.lease.release("shop", "prod", "exec-1", grant!.fencingToken);
    expect(await store.lease.read("shop", "prod")).toBeNull();
  });

  it("reads nothing for a lease that never existed", async () => {
    expect(await store.lease.read("shop", "prod")).toBeNull();
  });

  it("treats releasing a lease that never existed as a no-op", async () => {
    await expect(store.lease.release("shop", "prod", "exec-1", 7)).resolves.toBeUndefined();
  });

  it("extends the expiry on renew with the current token", async () => {
    const grant = await store.lease.acquire("shop", "prod", "exec-1", 60);
    store.clock.advance(30_000);
    const renewed = await store.lease.renew("shop", "prod", "exec-1", grant!.fencingToken, 60);
    expect(renewed).toEqual({ owner: "exec-1", fencingToken: grant!.fencingToken, expiresAt: store.clock.now() + 60_000, acquiredAt: grant!.acquiredAt });
  });

  it("refuses renew with a stale token", async () => {
    const first = await store.lease.acquire("shop", "prod", "exec-1", 60);
    store.clock.advance(61_000);
    await store.lease.acquire("shop", "prod", "exec-2", 60);
    await expect(store.lease.renew("shop", "prod", "exec-1", first!.fencingToken, 60)).rejects.toBeInstanceOf(StaleLeaseError);
  });
});
