import { describe, expect, it } from "vitest";
import { backoffFor, restoreLiveSlot, retryDelayMs, waitBudgetMs } from "../../functions/events/safe-state.ts";
import { AwsServerError, InvalidChangeBatchError, PriorChangePendingError, ThrottledError } from "../../functions/errors.ts";
import { parseConfig, type Config } from "../../functions/core/config.ts";
import { aConfig } from "../fixtures/config.ts";
import { anEventWorld } from "../fixtures/event-world.ts";
import type { FakeDns } from "../fixtures/fake-dns.ts";
import { aLiveRecord } from "../fixtures/records.ts";

function config(): Config {
  const parsed = parseConfig(aConfig());
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

/** Route 53 that refuses the next writes with `errors`, then accepts. */
function busyDns(dns: FakeDns, errors: Error[]): FakeDns {
  const accept = dns.setWeights.bind(dns);
  dns.setWeights = async (...args) => {
    const error = errors.shift();
    if (error) throw error;
    return accept(...args);
  };
  return dns;
}

function setup(errors: Error[], budgetMs = waitBudgetMs(120)) {
  const slept: number[] = [];
  const world = anEventWorld({ now: Date.parse("2024-05-01T12:30:00Z"), weights: { a: 75, b: 25 }, live: [aLiveRecord()] });
  const deps = { traffic: busyDns(world.traffic, errors), ledger: world.ledger };
  const backoff = backoffFor({ sleep: async (ms) => void slept.push(ms), random: () => 0.5 }, budgetMs);
  return { deps, slept, restore: () => restoreLiveSlot(deps, config(), backoff, { token: 1, role: "sweeper", by: "cleanup" }) };
}

const pending = () => new PriorChangePendingError("The request was rejected because Route 53 was still processing a prior request.");

describe("restoring the live slot against a busy Route 53 zone", () => {
  it("waits out a change still PENDING from a stopped shift and then restores, saying so", async () => {
    const { deps, slept, restore } = setup([pending(), pending(), new ThrottledError("Rate exceeded")]);
    const restored = await restore();
    expect(restored).toMatchObject({ changed: true, weights: { a: 100, b: 0 } });
    expect(restored.reason).toMatch(/Route 53 refused 3× with PriorChangePendingError\/ThrottledError; accepted after 39 s/);
    expect(slept).toEqual([5_500, 11_000, 22_000]);
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
  });

  it("retries a Route 53 503 as it retries throttling, and restores", async () => {
    const { deps, slept, restore } = setup([new AwsServerError("Route 53 ChangeResourceRecordSets: ServiceUnavailable (HTTP 503, 3 SDK attempts): try later")]);
    const restored = await restore();
    expect(restored.reason).toMatch(/Route 53 refused 1× with AwsServerError/);
    expect(slept).toEqual([5_500]);
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
  });

  it("outlasts Route 53's usual 60 s to INSYNC within cleanup's 120 s timeout", async () => {
    const { slept, restore } = setup(Array.from({ length: 4 }, pending));
    await restore();
    expect(slept.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThan(60_000);
    expect(slept.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(waitBudgetMs(120));
  });

  it("gives up within its budget and throws, leaving the retry to the caller", async () => {
    const { deps, slept, restore } = setup(Array.from({ length: 10 }, pending), waitBudgetMs(60));
    await expect(restore()).rejects.toBeInstanceOf(PriorChangePendingError);
    expect(slept).toEqual([5_500, 11_000, 22_000]);
    expect(deps.traffic.writes).toEqual([]);
  });

  it("does not retry a refusal that waiting cannot clear", async () => {
    const { slept, restore } = setup([new InvalidChangeBatchError("weight out of range")]);
    await expect(restore()).rejects.toBeInstanceOf(InvalidChangeBatchError);
    expect(slept).toEqual([]);
  });

  it("re-reads the weights on each try: nothing to write once the pending change already restored them", async () => {
    const { deps, restore } = setup([]);
    const accept = deps.traffic.setWeights;
    let first = true;
    deps.traffic.setWeights = async (...args) => {
      if (!first) return accept(...args);
      first = false;
      deps.traffic.weights = { a: 100, b: 0 };
      throw pending();
    };
    expect(await restore()).toMatchObject({ changed: false });
  });

  it.each([
    [1, 0, 5_000],
    [2, 0, 10_000],
    [3, 0.5, 22_000],
    [4, 0.999, 47_992],
  ])("backs off 5 s doubling with up to 20%% jitter: retry %i, random %f → %i ms", (attempt, random, ms) => {
    expect(retryDelayMs(attempt, random)).toBe(ms);
  });
});
