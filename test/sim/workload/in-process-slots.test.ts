import { describe, expect, it } from "vitest";
import { IN_PROCESS_ENDPOINTS, InProcessSlots } from "../../../local/app/in-process-slots.ts";
import { ReleaseCatalog } from "../../../local/app/release-catalog.ts";

function someSlots(builds: Record<string, { errorRate?: number; healthy?: boolean; boots?: boolean }> = {}) {
  const catalog = new ReleaseCatalog(Object.fromEntries(Object.entries(builds).map(([commit, behaviour]) => [commit, { version: commit, behaviour }])));
  return new InProcessSlots({ catalog, groups: { "shop-a": "a", "shop-b": "b" }, seed: 3 });
}

const anInstance = (instanceId: string, commit: string, group = "shop-a") => ({
  instanceId,
  group,
  imageId: "ami-0123456789abcdef0",
  imageTags: { "glidepath:app": "shop", "glidepath:env": "prod", "glidepath:commit": commit },
});

const get = async (slots: InProcessSlots, slot: "a" | "b", path: string) => {
  const response = await slots.fetch(`http://${IN_PROCESS_ENDPOINTS[slot]}${path}`);
  return { status: response.status, body: await response.text() };
};

describe("in-process slots", () => {
  it("answers a slot's endpoint with the version its in-service instance runs", async () => {
    const slots = someSlots({ v1: {} });
    expect(await slots.launch(anInstance("i-1", "v1"))).toEqual({ healthy: true });
    expect(await get(slots, "a", "/version")).toEqual({ status: 200, body: JSON.stringify({ version: "v1" }) });
    expect(await get(slots, "a", "/")).toEqual({ status: 200, body: "hello from v1\n" });
  });

  it("serves an instance moved into a slot's group (an immutable cut-over) from that slot", async () => {
    const slots = someSlots({ v2: {} });
    await slots.launch(anInstance("i-2", "v2", "shop-a-immutable-v2"));
    expect((await get(slots, "a", "/version")).status).toBe(502);
    slots.moved("i-2", "shop-a");
    expect(await get(slots, "a", "/version")).toEqual({ status: 200, body: JSON.stringify({ version: "v2" }) });
  });

  it("answers 502 for a slot with no instance in service, as its load balancer would", async () => {
    const slots = someSlots({ v1: {} });
    await slots.launch(anInstance("i-1", "v1", "shop-b"));
    expect((await get(slots, "a", "/health")).status).toBe(502);
    await slots.terminate("i-1");
    expect((await get(slots, "b", "/health")).status).toBe(502);
  });

  it("keeps an instance whose health check fails out of service, and one that never boots unhealthy", async () => {
    const slots = someSlots({ sick: { healthy: false }, dead: { boots: false } });
    expect(await slots.launch(anInstance("i-1", "sick"))).toEqual({ healthy: false });
    expect(await slots.launch(anInstance("i-2", "dead"))).toEqual({ healthy: false });
    expect((await get(slots, "a", "/health")).status).toBe(502);
  });

  it("fails requests as the build's error rate says", async () => {
    const slots = someSlots({ bad: { errorRate: 1 } });
    await slots.launch(anInstance("i-1", "bad"));
    expect(await get(slots, "a", "/")).toEqual({ status: 500, body: "error from bad\n" });
    expect((await get(slots, "a", "/health")).status).toBe(200);
  });

  it("spreads requests over a slot's instances in turn", async () => {
    const slots = someSlots({ v1: {}, v2: {} });
    await slots.launch(anInstance("i-1", "v1"));
    await slots.launch(anInstance("i-2", "v2"));
    const versions = [];
    for (let i = 0; i < 4; i++) versions.push((await get(slots, "a", "/")).body.trim());
    expect(versions).toEqual(["hello from v1", "hello from v2", "hello from v1", "hello from v2"]);
  });

  it("refuses a host that is not one of its slots, as a closed port would", async () => {
    await expect(someSlots().fetch("http://127.0.0.1:3/health")).rejects.toThrow(/not a slot of this sandbox/);
  });
});
