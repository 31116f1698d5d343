import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { behaviourOf } from "../../../local/app/behaviour.ts";
import { startInstance } from "../../../local/app/sample-service.ts";
import { seededRandom } from "../../../local/app/seeded-random.ts";
import { VirtualClock } from "../../../local/clock.ts";
import { startTraffic, type Resolution, type Traffic, type TrafficSample } from "../../../local/traffic/generator.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function anEndpoint(errorRate = 0) {
  const instance = await startInstance({ version: "v1", behaviour: behaviourOf({ errorRate }), seed: 5 });
  cleanups.push(() => instance.stop());
  return instance.url;
}

function run(options: Omit<Parameters<typeof startTraffic>[0], "onSample">) {
  const samples: TrafficSample[] = [];
  const traffic = startTraffic({ ...options, onSample: (s) => samples.push(s) });
  cleanups.push(() => traffic.stop());
  return { traffic, samples };
}

async function drained(traffic: Traffic, sent: number) {
  await vi.waitFor(() => {
    const { sent: total, inFlight, unresolved } = traffic.stats();
    expect(total + unresolved).toBe(sent);
    expect(inFlight).toBe(0);
  }, { timeout: 5_000, interval: 10 });
}

const total = (samples: TrafficSample[], slot: "a" | "b", field: "requests" | "errors") =>
  samples.filter((s) => s.slot === slot).reduce((sum, s) => sum + s[field], 0);

describe("traffic generator", () => {
  it("splits requests between slots as the resolver weights them", async () => {
    const a = await anEndpoint();
    const b = await anEndpoint();
    const coin = seededRandom(11);
    const clock = new VirtualClock();
    const { traffic, samples } = run({
      resolve: () => (coin() < 0.8 ? { slot: "a", url: a, ttl: 0 } : { slot: "b", url: b, ttl: 0 }),
      clients: 10, ratePerSecond: 500, now: () => clock.now(), seed: 1, bucketMs: 10_000, maxRequests: 100,
    });
    await drained(traffic, 100);
    await traffic.stop();
    expect(total(samples, "a", "requests") + total(samples, "b", "requests")).toBe(100);
    expect(total(samples, "a", "requests")).toBeGreaterThan(65);
    expect(total(samples, "a", "requests")).toBeLessThan(95);
    expect(total(samples, "a", "errors") + total(samples, "b", "errors")).toBe(0);
  });

  it("lets each client reuse its answer until the TTL passes in virtual time", async () => {
    const a = await anEndpoint();
    const b = await anEndpoint();
    const clock = new VirtualClock();
    const asked: number[] = [];
    // Each new question flips the answer, so a client that did not cache would spread over both slots.
    const resolve = (clientId: number): Resolution => {
      asked.push(clientId);
      return asked.length % 2 ? { slot: "a", url: a, ttl: 30 } : { slot: "b", url: b, ttl: 30 };
    };
    const { traffic, samples } = run({
      resolve, clients: 2, ratePerSecond: 100, now: () => clock.now(), seed: 3, bucketMs: 10_000, maxRequests: 40,
    });
    await vi.waitFor(() => expect(traffic.stats().sent).toBeGreaterThanOrEqual(10), { timeout: 5_000, interval: 5 });
    expect([...asked].sort()).toEqual([0, 1]);

    clock.advance(31_000);
    await drained(traffic, 40);
    expect(asked).toHaveLength(4);
    // The first bucket closed on virtual time alone, before any flush.
    expect(samples.some((s) => s.t === clock.now() - 31_000)).toBe(true);
    await traffic.stop();
    expect(new Set(samples.map((s) => s.t))).toEqual(new Set([clock.now() - 31_000, clock.now() - 1_000]));
  });

  it("asks the resolver for every request when the TTL is 0", async () => {
    const a = await anEndpoint();
    const clock = new VirtualClock();
    const { traffic } = run({
      resolve: () => ({ slot: "a", url: a, ttl: 0 }),
      clients: 2, ratePerSecond: 500, now: () => clock.now(), bucketMs: 1_000, maxRequests: 12,
    });
    await drained(traffic, 12);
    expect(traffic.stats().resolutions).toBe(12);
  });

  it("counts 5xx answers as errors", async () => {
    const failing = await anEndpoint(1);
    const clock = new VirtualClock();
    const { traffic, samples } = run({
      resolve: () => ({ slot: "b", url: failing, ttl: 60 }),
      clients: 1, ratePerSecond: 500, now: () => clock.now(), bucketMs: 1_000, maxRequests: 10,
    });
    await drained(traffic, 10);
    await traffic.stop();
    expect(samples).toMatchObject([{ slot: "b", requests: 10, errors: 10 }]);
    expect(samples[0]?.latencyP99Ms).toBeGreaterThan(0);
  });

  it("counts refused connections as errors", async () => {
    const gone = await startInstance({ version: "gone", behaviour: behaviourOf(), seed: 1 });
    await gone.stop();
    const clock = new VirtualClock();
    const { traffic, samples } = run({
      resolve: () => ({ slot: "a", url: gone.url, ttl: 60 }),
      clients: 1, ratePerSecond: 500, now: () => clock.now(), bucketMs: 1_000, maxRequests: 5,
    });
    await drained(traffic, 5);
    await traffic.stop();
    expect(samples).toMatchObject([{ slot: "a", requests: 5, errors: 5, latencyAvgMs: 0 }]);
  });

  it("sends nothing and counts the miss when the record does not resolve", async () => {
    const clock = new VirtualClock();
    const { traffic, samples } = run({
      resolve: () => undefined, clients: 3, ratePerSecond: 500, now: () => clock.now(), bucketMs: 1_000, maxRequests: 6,
    });
    await drained(traffic, 6);
    await traffic.stop();
    expect(traffic.stats()).toMatchObject({ sent: 0, unresolved: 6 });
    expect(samples).toEqual([]);
  });

  it("keeps running and reports the error when the resolver throws", async () => {
    const clock = new VirtualClock();
    const errors: unknown[] = [];
    const samples: TrafficSample[] = [];
    const traffic = startTraffic({
      resolve: () => {
        throw new Error("resolver broke");
      },
      clients: 1, ratePerSecond: 500, now: () => clock.now(), bucketMs: 1_000, maxRequests: 3,
      onSample: (s) => samples.push(s), onError: (e) => errors.push(e),
    });
    cleanups.push(() => traffic.stop());
    await drained(traffic, 3);
    expect(traffic.stats().unresolved).toBe(3);
    expect(errors.map((e) => (e as Error).message)).toEqual(["resolver broke", "resolver broke", "resolver broke"]);
  });

  it("leaves no socket open once stopped", async () => {
    const open = new Set<Socket>();
    const server: Server = createServer((_req, res) => res.end("ok"));
    server.on("connection", (socket) => {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const clock = new VirtualClock();
    const { traffic } = run({
      resolve: () => ({ slot: "a", url, ttl: 60 }), clients: 4, ratePerSecond: 500, now: () => clock.now(), bucketMs: 1_000, maxRequests: 20,
    });
    await drained(traffic, 20);
    expect(open.size).toBeGreaterThan(0);
    await traffic.stop();
    await vi.waitFor(() => expect(open.size).toBe(0), { timeout: 2_000, interval: 5 });
  });
});
