import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  InvalidChangeBatch,
  InvalidInput,
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

  it("refuses a change while the zone is still processing the previous one, and accepts one while that is still PENDING", async () => {
    // API_ChangeResourceRecordSets, PriorRequestNotComplete: "If Amazon Route 53 can't process a request before the
    // next request arrives, it will reject subsequent requests for the same hosted zone" (a processing window, not
    // the whole PENDING → INSYNC propagation).
    const { change, clock, clients } = zoneWith({ timings: { route53ProcessingMs: 2_000, route53PropagationMs: 30_000 } });
    const first = await change(weighted("a", 1, "a.lb"));
    expect(await rejectionOf(change(weighted("a", 2, "a.lb")))).toBeInstanceOf(PriorRequestNotComplete);
    clock.advance(2_000);
    await expect(change(weighted("a", 2, "a.lb"))).resolves.toBeDefined();
    expect((await clients.route53.send(new GetChangeCommand({ Id: first.ChangeInfo?.Id }))).ChangeInfo?.Status).toBe("PENDING");
  });

  it("accepts back-to-back changes when the processing window is 0", async () => {
    const { change } = zoneWith({ timings: { route53ProcessingMs: 0 } });
    await change(weighted("a", 1, "a.lb"));
    await expect(change(weighted("a", 2, "a.lb"))).resolves.toBeDefined();
  });
});

// One test per documented rule not covered above, each quoting its page.
describe("Route 53 documented rules", () => {
  it("accepts different TTLs in one weighted group and applies the last one given to the whole group", async () => {
    // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-weighted.html (TTL):
    // records of a weighted group share one TTL; given different ones, Route 53 applies the last TTL specified.
    const { change, list, clock } = zoneWith();
    await change(weighted("a", 1, "a.lb", 60), weighted("b", 1, "b.lb", 300));
    clock.advance(60_000);
    const ttls = (await list()).filter((r) => r.Type === "CNAME").map((r) => [r.SetIdentifier, r.TTL]);
    expect(ttls).toEqual([["a", 300], ["b", 300]]);
    await change(weighted("a", 1, "a.lb", 30));
    expect((await list()).filter((r) => r.Type === "CNAME").map((r) => r.TTL)).toEqual([30, 30]);
  });

  it.each([
    [256, "less than or equal to 255"],
    [-1, "greater than or equal to 0"],
  ])("refuses weight %i with InvalidInput naming the member, and applies nothing", async (weight, bound) => {
    // https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html (Weight): "Valid Range:
    // Minimum value of 0. Maximum value of 255." A model constraint: InvalidInput, not InvalidChangeBatch.
    const { change, list } = zoneWith();
    const before = await list();
    const error = await rejectionOf(change(weighted("a", weight, "a.lb")));
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.message).toBe(
      `1 validation error detected: Value '${weight}' at 'changeBatch.changes.1.member.resourceRecordSet.weight' failed to satisfy constraint: Member must have value ${bound}`,
    );
    expect(await list()).toEqual(before);
  });

  it("refuses more than 1,000 ResourceRecord elements in one request, counting UPSERT twice", async () => {
    // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html#limits-api-requests-changeresourcerecordsets:
    // "Maximum number of elements in a ChangeResourceRecordSets request: 1,000 ResourceRecord elements";
    // "If the value of the Action element is UPSERT, each ResourceRecord element is counted twice."
    const { change } = zoneWith({ timings: { route53ProcessingMs: 0 } });
    const records = (count: number, action: Change["Action"]): Change => ({
      Action: action,
      ResourceRecordSet: { Name: `many-${action}.shop.example.com`, Type: "A", TTL: 60, ResourceRecords: Array.from({ length: count }, (_, i) => ({ Value: `10.0.${Math.floor(i / 250)}.${i % 250}` })) },
    });
    await expect(change(records(1000, "CREATE"))).resolves.toBeDefined();
    const error = await rejectionOf(change(records(501, "UPSERT")));
    expect(error).toBeInstanceOf(InvalidChangeBatch);
    expect(error.message).toMatch(/Number of records limit of 1000 exceeded \(1002, UPSERT counted twice\)/);
  });

  it("refuses more than 32,000 characters of Value in one request, counting UPSERT twice", async () => {
    // Same page: "Maximum number of characters in a ChangeResourceRecordSets request: 32,000 characters" (UPSERT twice).
    const { change } = zoneWith({ timings: { route53ProcessingMs: 0 } });
    const txt = (chars: number, action: Change["Action"], id: string): Change => ({
      Action: action,
      ResourceRecordSet: { Name: `${id}.shop.example.com`, Type: "TXT", TTL: 60, ResourceRecords: Array.from({ length: chars / 250 }, () => ({ Value: "x".repeat(250) })) },
    });
    await expect(change(txt(32_000, "CREATE", "fits"))).resolves.toBeDefined();
    const error = await rejectionOf(change(txt(16_250, "UPSERT", "twice")));
    expect(error).toBeInstanceOf(InvalidChangeBatch);
    expect(error.message).toMatch(/characters in Value elements limit of 32000 exceeded \(32500/);
  });

  it("refuses a 101st weighted record with the same name and type", async () => {
    // https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html (Weight): "You can create a
    // maximum of 100 weighted resource record sets that have the same values for the Name and Type elements."
    const { change } = zoneWith({ timings: { route53ProcessingMs: 0 } });
    await change(...Array.from({ length: 100 }, (_, i) => weighted(`s${i}`, 1, `s${i}.lb`)));
    const error = await rejectionOf(change(weighted("s100", 1, "s100.lb")));
    expect(error).toBeInstanceOf(InvalidChangeBatch);
    expect(error.message).toMatch(/would have 101 weighted records: the maximum is 100/);
  });

  it("refuses a weighted CNAME with more than one value", async () => {
    // https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html (Weight): "You can only
    // specify one ResourceRecord per weighted resource record set"; a CNAME never has more than one value.
    const { change } = zoneWith();
    const two: Change = { Action: "UPSERT", ResourceRecordSet: { Name: name, Type: "CNAME", SetIdentifier: "a", Weight: 1, TTL: 60, ResourceRecords: [{ Value: "a.lb" }, { Value: "b.lb" }] } };
    const error = await rejectionOf(change(two));
    expect(error).toBeInstanceOf(InvalidChangeBatch);
    expect(error.message).toMatch(/of type CNAME may have only one value \(it has 2\)/);
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
