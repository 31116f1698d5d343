import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  InvalidChangeBatch,
  ListResourceRecordSetsCommand,
  PriorRequestNotComplete,
  type Change,
} from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { aSandbox, rejectionOf } from "./harness.ts";

const name = "api.shop.example.com";
const weighted = (setId: string, weight: number, value: string, ttl = 60, action: Change["Action"] = "UPSERT"): Change => ({
  Action: action,
  ResourceRecordSet: { Name: name, Type: "CNAME", SetIdentifier: setId, Weight: weight, TTL: ttl, ResourceRecords: [{ Value: value }] },
});

function zoneWith(options: Parameters<typeof aSandbox>[0] = {}) {
  const box = aSandbox({ timings: { route53RequestsPerSecond: 0, ...options.timings }, ...options });
  const zone = box.sim.route53.createHostedZone("shop.example.com");
  const change = (...changes: Change[]) =>
    box.clients.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.id, ChangeBatch: { Changes: changes } }));
  const list = async () =>
    (await box.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.id }))).ResourceRecordSets ?? [];
  return { ...box, zone, change, list };
}

describe("Route 53 change batches", () => {
  it("applies a weighted pair in one batch and lists it with trailing dots", async () => {
    const { change, list } = zoneWith();
    await change(weighted("shop-prod-a", 255, "a.lb"), weighted("shop-prod-b", 0, "b.lb"));
    const records = (await list()).filter((r) => r.Type === "CNAME");
    expect(records.map((r) => [r.Name, r.SetIdentifier, r.Weight])).toEqual([
      ["api.shop.example.com.", "shop-prod-a", 255],
      ["api.shop.example.com.", "shop-prod-b", 0],
    ]);
  });

  it.each([
    ["a weight above 255", [weighted("a", 256, "a.lb")], /between 0 and 255/],
    ["a negative weight", [weighted("a", -1, "a.lb")], /between 0 and 255/],
    ["a TTL that differs within the set", [weighted("a", 1, "a.lb", 60), weighted("b", 1, "b.lb", 300)], /share one TTL/],
    ["deleting a record that does not exist", [weighted("a", 1, "a.lb", 60, "DELETE")], /but it was not found/],
    ["a name outside the zone", [{ Action: "UPSERT", ResourceRecordSet: { Name: "x.other.com", Type: "A", TTL: 60, ResourceRecords: [{ Value: "1.2.3.4" }] } }], /not permitted in zone shop.example.com./],
  ] as Array<[string, Change[], RegExp]>)("refuses a batch with %s as InvalidChangeBatch and applies nothing", async (_rule, changes, message) => {
    const { change, list, clock } = zoneWith();
    await change(weighted("keep", 10, "keep.lb"));
    clock.advance(60_000);
    const before = await list();
    const error = await rejectionOf(change(weighted("extra", 5, "extra.lb"), ...changes));
    expect(error).toBeInstanceOf(InvalidChangeBatch);
    expect(error.name).toBe("InvalidChangeBatch");
    expect(error.message).toMatch(message);
    expect(await list()).toEqual(before);
  });

  it("refuses CREATE of a record that exists", async () => {
    const { change, clock } = zoneWith();
    await change(weighted("a", 1, "a.lb"));
    clock.advance(60_000);
    const error = await rejectionOf(change(weighted("a", 1, "a.lb", 60, "CREATE")));
    expect(error.message).toMatch(/Tried to create resource record set \[name='api.shop.example.com.', type='CNAME', set-identifier='a'\] but it already exists/);
  });

  it("reports PENDING, then INSYNC once the propagation delay has passed on the virtual clock", async () => {
    const { change, clients, clock } = zoneWith({ timings: { route53PropagationMs: 45_000 } });
    const { ChangeInfo } = await change(weighted("a", 1, "a.lb"));
    const status = async () => (await clients.route53.send(new GetChangeCommand({ Id: ChangeInfo?.Id }))).ChangeInfo?.Status;
    expect(ChangeInfo?.Status).toBe("PENDING");
    clock.advance(44_999);
    expect(await status()).toBe("PENDING");
    clock.advance(1);
    expect(await status()).toBe("INSYNC");
  });

  it("refuses a change while the zone's previous one is PENDING with PriorRequestNotComplete", async () => {
    const { change, clock } = zoneWith();
    await change(weighted("a", 1, "a.lb"));
    expect(await rejectionOf(change(weighted("a", 2, "a.lb")))).toBeInstanceOf(PriorRequestNotComplete);
    clock.advance(30_000);
    await expect(change(weighted("a", 2, "a.lb"))).resolves.toBeDefined();
  });

  it("accepts back-to-back changes when PriorRequestNotComplete is turned off", async () => {
    const { change } = zoneWith({ timings: { route53RejectWhilePending: false } });
    await change(weighted("a", 1, "a.lb"));
    await expect(change(weighted("a", 2, "a.lb"))).resolves.toBeDefined();
  });
});

describe("Route 53 listing", () => {
  it("pages with MaxItems and the Next* markers, in reversed-label order", async () => {
    const { change, clients, zone } = zoneWith();
    await change(
      ...["c", "a", "b"].map((id) => weighted(id, 1, `${id}.lb`)),
      { Action: "CREATE", ResourceRecordSet: { Name: "www.shop.example.com", Type: "A", TTL: 60, ResourceRecords: [{ Value: "1.2.3.4" }] } },
    );
    const seen: string[] = [];
    let start: { StartRecordName?: string; StartRecordType?: any; StartRecordIdentifier?: string } = {};
    for (let page = 0; page < 10; page++) {
      const out = await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.id, MaxItems: 2, ...start }));
      seen.push(...(out.ResourceRecordSets ?? []).map((r) => `${r.Name} ${r.Type} ${r.SetIdentifier ?? ""}`.trim()));
      if (!out.IsTruncated) break;
      start = { StartRecordName: out.NextRecordName, StartRecordType: out.NextRecordType, StartRecordIdentifier: out.NextRecordIdentifier };
    }
    expect(seen).toEqual([
      "shop.example.com. NS",
      "shop.example.com. SOA",
      "api.shop.example.com. CNAME a",
      "api.shop.example.com. CNAME b",
      "api.shop.example.com. CNAME c",
      "www.shop.example.com. A",
    ]);
  });
});

describe("Route 53 throttling", () => {
  it("throttles beyond 5 requests per second and recovers as the bucket refills", async () => {
    const { change, list, clock } = zoneWith({ timings: { route53RequestsPerSecond: 5 } });
    for (let i = 0; i < 5; i++) await list();
    const error = await rejectionOf(list());
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["Throttling", 400]);
    clock.advance(200);
    await expect(change(weighted("a", 1, "a.lb"))).resolves.toBeDefined();
  });
});

describe("Route 53 resolver", () => {
  async function shareOfA(weights: [number, number], seed = 7): Promise<number> {
    const { change, sim, clock } = zoneWith({ seed });
    await change(weighted("a", weights[0], "a.lb"), weighted("b", weights[1], "b.lb"));
    clock.advance(30_000);
    let a = 0;
    for (let i = 0; i < 2000; i++) if (sim.route53.resolve(name)?.setIdentifier === "a") a++;
    return a / 2000;
  }

  it.each([
    [[255, 0], 1, 1],
    [[0, 255], 0, 0],
    [[0, 0], 0.45, 0.55],
    [[64, 192], 0.22, 0.28],
  ] as Array<[[number, number], number, number]>)("splits weights %j so that a gets between %d and %d", async (weights, low, high) => {
    const share = await shareOfA(weights);
    expect(share).toBeGreaterThanOrEqual(low);
    expect(share).toBeLessThanOrEqual(high);
  });

  it("answers from what has propagated, not from a PENDING change", async () => {
    const { change, sim, clock } = zoneWith();
    await change(weighted("a", 1, "a.lb"));
    expect(sim.route53.resolve(name)).toBeUndefined();
    clock.advance(30_000);
    expect(sim.route53.resolve(name)).toEqual({ setIdentifier: "a", value: "a.lb", ttl: 60 });
  });

  it("makes the same choices for the same seed", async () => {
    const picks = async (seed: number) => {
      const { change, sim, clock } = zoneWith({ seed });
      await change(weighted("a", 1, "a.lb"), weighted("b", 1, "b.lb"));
      clock.advance(30_000);
      return Array.from({ length: 20 }, () => sim.route53.resolve(name)?.setIdentifier).join("");
    };
    expect(await picks(3)).toBe(await picks(3));
    expect(await picks(3)).not.toBe(await picks(4));
  });
});
