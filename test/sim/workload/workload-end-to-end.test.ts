import { afterEach, describe, expect, it, vi } from "vitest";
import { ReleaseCatalog } from "../../../local/app/release-catalog.ts";
import { ServiceRuntime } from "../../../local/app/runtime.ts";
import { seededRandom } from "../../../local/app/seeded-random.ts";
import { startBalancer } from "../../../local/app/slot-balancer.ts";
import { VirtualClock } from "../../../local/clock.ts";
import { startTraffic, type TrafficSample } from "../../../local/traffic/generator.ts";
import { toMetricData } from "../../../local/traffic/metrics.ts";
import { recordResolver } from "../../../local/traffic/record-resolver.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("sandbox workload end to end", () => {
  it("shows a bad build's errors on its slot's ErrorRate while the good slot stays clean", async () => {
    const a = await startBalancer("a");
    const b = await startBalancer("b");
    cleanups.push(() => a.stop(), () => b.stop());
    const catalog = new ReleaseCatalog({ good111: { version: "v1" }, bad2222: { version: "v2", behaviour: { errorRate: 1 } } });
    const runtime = new ServiceRuntime({ catalog, balancers: { "shop-prod-a": a, "shop-prod-b": b }, seed: 9 });
    cleanups.push(() => runtime.stopAll());
    const image = (commit: string) => ({ imageId: "ami-0123456789abcdef0", imageTags: { "glidepath:app": "shop", "glidepath:env": "prod", "glidepath:commit": commit } });
    await runtime.launch({ instanceId: "i-a1", group: "shop-prod-a", ...image("good111") });
    await runtime.launch({ instanceId: "i-b1", group: "shop-prod-b", ...image("bad2222") });

    // A 75/25 weighted record, as the simulated Route 53 would answer it.
    const coin = seededRandom(4);
    const resolve = recordResolver({
      resolveRecord: () =>
        coin() < 0.75 ? { setIdentifier: "shop-prod-a", value: "a.sandbox.", ttl: 0 } : { setIdentifier: "shop-prod-b", value: "b.sandbox.", ttl: 0 },
      recordName: "shop.example.com",
      balancerUrlFor: (value) => ({ "a.sandbox.": a.url, "b.sandbox.": b.url })[value],
    });
    const clock = new VirtualClock();
    const samples: TrafficSample[] = [];
    const traffic = startTraffic({
      resolve, clients: 8, ratePerSecond: 400, now: () => clock.now(), seed: 2, bucketMs: 60_000, maxRequests: 80,
      onSample: (s) => samples.push(s),
    });
    cleanups.push(() => traffic.stop());
    await vi.waitFor(() => expect(traffic.stats()).toMatchObject({ sent: 80, inFlight: 0 }), { timeout: 5_000, interval: 10 });
    await traffic.stop();

    const errorRates = toMetricData(samples, { app: "shop", env: "prod" })
      .flatMap((input) => input.MetricData ?? [])
      .filter((datum) => datum.MetricName === "ErrorRate")
      .map((datum) => [datum.Dimensions?.find((d) => d.Name === "Slot")?.Value, datum.Value]);
    expect(errorRates.sort()).toEqual([["a", 0], ["b", 100]]);
  });
});
