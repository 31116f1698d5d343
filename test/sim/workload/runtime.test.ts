import { afterEach, describe, expect, it } from "vitest";
import { httpGet } from "../../../local/app/http-get.ts";
import { ReleaseCatalog } from "../../../local/app/release-catalog.ts";
import { ServiceRuntime } from "../../../local/app/runtime.ts";

const runtimes: ServiceRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.stopAll()));
});

function aRuntime(catalog = new ReleaseCatalog()) {
  const targets: Record<string, string[]> = {};
  const balancers = {
    "shop-a": { setTargets: (urls: string[]) => void (targets["shop-a"] = urls) },
    "shop-b": { setTargets: (urls: string[]) => void (targets["shop-b"] = urls) },
  };
  const runtime = new ServiceRuntime({ catalog, balancers, seed: 3 });
  runtimes.push(runtime);
  return { runtime, targets };
}

const anInstance = (instanceId: string, commit: string, group = "shop-a") => ({
  instanceId,
  group,
  imageId: "ami-0123456789abcdef0",
  imageTags: { "glidepath:app": "shop", "glidepath:env": "prod", "glidepath:commit": commit },
});

describe("service runtime", () => {
  it("starts a server running the commit's version and registers it with its group's balancer", async () => {
    const { runtime, targets } = aRuntime(new ReleaseCatalog({ c0ffee: { version: "v2" } }));
    expect(await runtime.launch(anInstance("i-1", "c0ffee"))).toEqual({ healthy: true });
    const [url] = targets["shop-a"] ?? [];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await httpGet(`${url}/`)).body).toContain("hello from v2");
    expect(targets["shop-b"]).toBeUndefined();
  });

  it("labels an unknown commit by its short hash and runs it healthy", async () => {
    const { runtime, targets } = aRuntime();
    expect(await runtime.launch(anInstance("i-1", "0123456789abcdef0123"))).toEqual({ healthy: true });
    expect((await httpGet(`${targets["shop-a"]?.[0]}/version`)).body).toContain("0123456789ab\"");
  });

  it("reports a build that does not boot as unhealthy and starts no server", async () => {
    const { runtime, targets } = aRuntime(new ReleaseCatalog({ dead: { behaviour: { boots: false } } }));
    expect(await runtime.launch(anInstance("i-1", "dead"))).toEqual({ healthy: false });
    expect(runtime.running()).toEqual([]);
    expect(targets["shop-a"]).toBeUndefined();
  });

  it("reports a failing health check as unhealthy and keeps it out of the balancer", async () => {
    const { runtime, targets } = aRuntime(new ReleaseCatalog({ sick: { behaviour: { healthy: false } } }));
    expect(await runtime.launch(anInstance("i-1", "sick"))).toEqual({ healthy: false });
    expect(targets["shop-a"]).toBeUndefined();
  });

  it("deregisters and stops an instance on terminate", async () => {
    const { runtime, targets } = aRuntime();
    await runtime.launch(anInstance("i-1", "abc"));
    await runtime.launch(anInstance("i-2", "abc"));
    const [first, second] = targets["shop-a"] ?? [];
    await runtime.terminate("i-1");
    expect(targets["shop-a"]).toEqual([second]);
    await expect(httpGet(`${first}/`)).rejects.toThrow(/ECONNREFUSED/);
    expect(runtime.running()).toEqual(["i-2"]);
  });

  it("stops every server it started on stopAll", async () => {
    const { runtime, targets } = aRuntime();
    await runtime.launch(anInstance("i-1", "abc", "shop-a"));
    await runtime.launch(anInstance("i-2", "abc", "shop-b"));
    const urls = [...(targets["shop-a"] ?? []), ...(targets["shop-b"] ?? [])];
    await runtime.stopAll();
    expect(runtime.running()).toEqual([]);
    for (const url of urls) await expect(httpGet(`${url}/`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
