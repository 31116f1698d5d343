import { afterEach, describe, expect, it } from "vitest";
import { behaviourOf, versionBehaviourSchema } from "../../../local/app/behaviour.ts";
import { httpGet } from "../../../local/app/http-get.ts";
import { startInstance, type RunningInstance } from "../../../local/app/sample-service.ts";

const started: RunningInstance[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function anInstance(behaviour = behaviourOf(), seed: number | string = 7, version = "v1.2.0") {
  const instance = await startInstance({ version, behaviour, seed });
  started.push(instance);
  return instance;
}

async function statuses(url: string, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await httpGet(url)).status);
  return result;
}

describe("sample service", () => {
  it("greets with its version on GET /", async () => {
    const instance = await anInstance();
    const answer = await httpGet(`${instance.url}/`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("hello from v1.2.0");
  });

  it("listens on loopback only", async () => {
    const instance = await anInstance();
    expect(instance.url).toBe(`http://127.0.0.1:${instance.port}`);
  });

  it("fails about errorRate of requests, the same ones for the same seed", async () => {
    const first = await anInstance(behaviourOf({ errorRate: 0.3 }), "seed-a");
    const second = await anInstance(behaviourOf({ errorRate: 0.3 }), "seed-a");
    const a = await statuses(first.url, 100);
    const b = await statuses(second.url, 100);
    const failures = a.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(15);
    expect(failures).toBeLessThan(45);
    expect(a.every((s) => s === 200 || s === 500)).toBe(true);
    expect(b).toEqual(a);
  });

  it("never fails at errorRate 0 and always fails at errorRate 1", async () => {
    const good = await anInstance(behaviourOf({ errorRate: 0 }));
    const bad = await anInstance(behaviourOf({ errorRate: 1 }));
    expect(new Set(await statuses(good.url, 20))).toEqual(new Set([200]));
    expect(new Set(await statuses(bad.url, 20))).toEqual(new Set([500]));
  });

  it("reports ok health with its version", async () => {
    const instance = await anInstance();
    const answer = await httpGet(`${instance.url}/health`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: "ok", version: "v1.2.0" });
  });

  it("answers 503 on /health when the build is unhealthy", async () => {
    const instance = await anInstance(behaviourOf({ healthy: false }));
    expect((await httpGet(`${instance.url}/health`)).status).toBe(503);
  });

  it("tells its version on /version", async () => {
    const instance = await anInstance(behaviourOf(), 1, "v9");
    expect(JSON.parse((await httpGet(`${instance.url}/version`)).body)).toEqual({ version: "v9" });
  });

  it("adds latencyMs of delay before answering", async () => {
    const slow = await anInstance(behaviourOf({ latencyMs: 80 }));
    const began = performance.now();
    await httpGet(`${slow.url}/`);
    expect(performance.now() - began).toBeGreaterThanOrEqual(75);
  });

  it("refuses connections after stop, even with a request waiting on its delay", async () => {
    const slow = await anInstance(behaviourOf({ latencyMs: 5_000 }));
    const pending = httpGet(`${slow.url}/`).catch((error: Error) => error);
    await new Promise((r) => setTimeout(r, 20));
    await slow.stop();
    expect(await pending).toBeInstanceOf(Error);
    await expect(httpGet(`${slow.url}/`)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe("versionBehaviourSchema", () => {
  it("fills in defaults for a missing field", () => {
    expect(versionBehaviourSchema.parse({ errorRate: 0.5 })).toEqual({ errorRate: 0.5, latencyMs: 0, healthy: true, boots: true });
  });

  it("rejects an error rate above 1 and unknown fields", () => {
    expect(versionBehaviourSchema.safeParse({ errorRate: 1.5 }).success).toBe(false);
    expect(versionBehaviourSchema.safeParse({ errorRte: 0.5 }).success).toBe(false);
  });
});
