// Simulated Route 53: hosted zones, weighted record sets, all-or-nothing change batches, PENDING → INSYNC,
// account-wide throttling and a weighted resolver for the traffic generator.
//
// The resolver answers from what has propagated (the zone as of its last INSYNC change), as resolvers do;
// ListResourceRecordSets answers from the authoritative copy, which changes as soon as a batch is accepted.
import type {
  Change,
  ChangeInfo,
  ChangeResourceRecordSetsCommandInput,
  GetChangeCommandInput,
  ListResourceRecordSetsCommandInput,
  ListResourceRecordSetsCommandOutput,
  ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import type { Operation, ServiceModel, SimContext } from "./context.ts";
import { awsError } from "./errors.ts";
import { batchProblems, compareRecords, describeRecord, fqdn, recordKey, recordProblems, sameContent, setProblems, syncWeightedTtls } from "./route53-records.ts";
import { TokenBucket } from "./token-bucket.ts";

interface Zone {
  id: string;
  name: string;
  records: Map<string, ResourceRecordSet>;
  /** What resolvers see: the records as of the last change that reached INSYNC. */
  served: Map<string, ResourceRecordSet>;
  /** Until then Route 53 is still processing the zone's last change (PriorRequestNotComplete). */
  processingUntil: number;
}

export interface ResolvedRecord {
  setIdentifier: string | undefined;
  value: string;
  ttl: number;
}

export class Route53Model implements ServiceModel {
  private zones = new Map<string, Zone>();
  private changes = new Map<string, ChangeInfo>();
  private bucket: TokenBucket;

  constructor(private readonly ctx: SimContext) {
    this.bucket = new TokenBucket(ctx.clock, ctx.timings.route53RequestsPerSecond);
  }

  /** Setup helper: creates a public hosted zone with its NS and SOA records, as Route 53 does. */
  createHostedZone(name: string): { id: string; name: string } {
    const zoneName = fqdn(name);
    const id = `Z${this.ctx.rng.upperAlnum(13)}`;
    const ns: ResourceRecordSet = {
      Name: zoneName,
      Type: "NS",
      TTL: 172800,
      ResourceRecords: [1, 2, 3, 4].map((i) => ({ Value: `ns-${i}.awsdns-sim.net.` })),
    };
    const soa: ResourceRecordSet = {
      Name: zoneName,
      Type: "SOA",
      TTL: 900,
      ResourceRecords: [{ Value: "ns-1.awsdns-sim.net. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400" }],
    };
    const records = new Map([ns, soa].map((r) => [recordKey(r), r]));
    this.zones.set(id, { id, name: zoneName, records, served: new Map(records), processingUntil: 0 });
    return { id, name: zoneName };
  }

  /**
   * Picks one record for `recordName` as a resolver would: by weight with the seeded RNG; weight 0 gets
   * nothing unless every weight is 0, then an equal split. Undefined when nothing has propagated.
   */
  resolve(recordName: string): ResolvedRecord | undefined {
    return this.resolver(recordName)();
  }

  /**
   * `resolve` for many lookups at one virtual instant (a bucket of synthetic requests): the served records
   * are found once, each call draws its weighted answer as `resolve` would. Stale once virtual time moves.
   */
  resolver(recordName: string): () => ResolvedRecord | undefined {
    const name = fqdn(recordName);
    const candidates = [...this.zones.values()]
      .flatMap((z) => [...z.served.values()])
      .filter((r) => fqdn(r.Name ?? "") === name && ["A", "AAAA", "CNAME"].includes(r.Type ?? ""));
    if (candidates.length === 0) return () => undefined;
    const total = candidates.reduce((sum, r) => sum + (r.Weight ?? 0), 0);
    return () => {
      let chosen = candidates[this.ctx.rng.int(candidates.length)];
      if (total > 0) {
        let ticket = this.ctx.rng.next() * total;
        chosen = candidates.find((r) => (ticket -= r.Weight ?? 0) < 0) ?? candidates[candidates.length - 1];
      }
      if (!chosen) return undefined;
      return {
        setIdentifier: chosen.SetIdentifier,
        value: chosen.ResourceRecords?.[0]?.Value ?? chosen.AliasTarget?.DNSName ?? "",
        ttl: chosen.TTL ?? 60,
      };
    };
  }

  /**
   * The weight of each record of `recordName` that resolvers see now (as of the last INSYNC change), by
   * SetIdentifier; for reports. Example: `{ "shop-api-prod-a": 90, "shop-api-prod-b": 10 }`.
   */
  servedWeights(recordName: string): Record<string, number> {
    return weightsOf(this.recordsNamed(recordName, "served"));
  }

  /**
   * The same for Route 53's authoritative copy, which changes as soon as a batch is accepted (before INSYNC):
   * what ListResourceRecordSets would answer. For observers outside the simulated account (the invariant
   * monitor, reports, the scenario runner): reading here takes no token from the account's request rate and
   * meets no injected fault. Example: `{ "shop-api-prod-a": 0, "shop-api-prod-b": 255 }`.
   */
  authoritativeWeights(recordName: string): Record<string, number> {
    return weightsOf(this.recordsNamed(recordName, "records"));
  }

  /** The TTL (seconds) of `recordName`'s weighted set as resolvers cache it; undefined before it exists. */
  servedTtl(recordName: string): number | undefined {
    return this.recordsNamed(recordName, "served")[0]?.TTL;
  }

  private recordsNamed(recordName: string, copy: "served" | "records"): ResourceRecordSet[] {
    const name = fqdn(recordName);
    const found: ResourceRecordSet[] = [];
    for (const zone of this.zones.values()) for (const r of zone[copy].values()) if (r.SetIdentifier !== undefined && fqdn(r.Name ?? "") === name) found.push(r);
    return found;
  }

  beforeCall(): void {
    if (!this.bucket.take()) throw awsError("route53", "Throttling", "Rate exceeded");
  }

  readonly operations: Record<string, Operation> = {
    ChangeResourceRecordSets: (input: ChangeResourceRecordSetsCommandInput) => this.changeRecordSets(input),
    ListResourceRecordSets: (input: ListResourceRecordSetsCommandInput) => this.listRecordSets(input),
    GetChange: (input: GetChangeCommandInput) => ({ ChangeInfo: this.change(input.Id ?? "") }),
    GetHostedZone: (input: { Id?: string }) => {
      const zone = this.zone(input.Id);
      return { HostedZone: { Id: `/hostedzone/${zone.id}`, Name: zone.name, CallerReference: zone.id, ResourceRecordSetCount: zone.records.size } };
    },
  };

  private zone(id: string | undefined): Zone {
    const zone = this.zones.get((id ?? "").replace(/^\/hostedzone\//, ""));
    if (!zone) throw awsError("route53", "NoSuchHostedZone", `No hosted zone found with ID: ${id}`);
    return zone;
  }

  private changeRecordSets(input: ChangeResourceRecordSetsCommandInput): { ChangeInfo: ChangeInfo } {
    const zone = this.zone(input.HostedZoneId);
    const now = this.ctx.clock.now();
    // API_ChangeResourceRecordSets: "If Amazon Route 53 can't process a request before the next request arrives,
    // it will reject subsequent requests for the same hosted zone" — while processing, not for all of PENDING.
    if (now < zone.processingUntil) {
      throw awsError("route53", "PriorRequestNotComplete", "The request was rejected because Route 53 was still processing a prior request.");
    }
    const changes = input.ChangeBatch?.Changes ?? [];
    if (changes.length === 0) throw awsError("route53", "InvalidInput", "Invalid request: ChangeBatch must contain at least one change");
    const next = new Map(zone.records);
    const problems = [...batchProblems(changes), ...changes.flatMap((change, i) => [...recordProblems(change, i, zone.name), ...applyChange(next, change)])];
    syncWeightedTtls(next, changes);
    problems.push(...setProblems([...next.values()].filter((r) => r.Type !== "NS" && r.Type !== "SOA")));
    if (problems.length > 0) {
      // All-or-nothing: the zone is untouched when any change in the batch is invalid.
      throw awsError("route53", "InvalidChangeBatch", `[${problems.join(", ")}]`, { messages: problems });
    }
    zone.records = next;
    const info: ChangeInfo = {
      Id: `/change/C${this.ctx.rng.upperAlnum(13)}`,
      Status: "PENDING",
      SubmittedAt: new Date(now),
      ...(input.ChangeBatch?.Comment ? { Comment: input.ChangeBatch.Comment } : {}),
    };
    this.changes.set(info.Id ?? "", info);
    const { route53ProcessingMs, route53PropagationMs } = this.ctx.timings;
    zone.processingUntil = now + Math.min(route53ProcessingMs, route53PropagationMs);
    const snapshot = new Map(next);
    this.ctx.clock.schedule(route53PropagationMs, () => {
      info.Status = "INSYNC";
      zone.served = snapshot;
    });
    return { ChangeInfo: { ...info } };
  }

  private change(id: string): ChangeInfo {
    const info = this.changes.get(id.startsWith("/change/") ? id : `/change/${id}`);
    if (!info) throw awsError("route53", "NoSuchChange", `A change with the specified change ID does not exist: ${id}`);
    return { ...info };
  }

  private listRecordSets(input: ListResourceRecordSetsCommandInput): Omit<ListResourceRecordSetsCommandOutput, "$metadata"> {
    const zone = this.zone(input.HostedZoneId);
    if (input.StartRecordType && !input.StartRecordName) {
      throw awsError("route53", "InvalidInput", "The input is not valid: StartRecordType requires StartRecordName");
    }
    if (input.StartRecordIdentifier && !input.StartRecordType) {
      throw awsError("route53", "InvalidInput", "The input is not valid: StartRecordIdentifier requires StartRecordType");
    }
    const maxItems = Math.min(Math.max(Number(input.MaxItems ?? 300), 1), 300);
    const sorted = [...zone.records.values()].sort(compareRecords);
    const start = input.StartRecordName
      ? { Name: input.StartRecordName, Type: input.StartRecordType ?? "", SetIdentifier: input.StartRecordIdentifier ?? "" }
      : undefined;
    const from = start ? sorted.filter((r) => compareStart(r, start) >= 0) : sorted;
    const page = from.slice(0, maxItems).map((r) => structuredClone(r));
    const next = from[maxItems];
    return {
      ResourceRecordSets: page,
      IsTruncated: next !== undefined,
      MaxItems: maxItems,
      ...(next
        ? { NextRecordName: next.Name, NextRecordType: next.Type, ...(next.SetIdentifier ? { NextRecordIdentifier: next.SetIdentifier } : {}) }
        : {}),
    };
  }
}

function weightsOf(records: ResourceRecordSet[]): Record<string, number> {
  return Object.fromEntries(records.map((r) => [r.SetIdentifier as string, r.Weight ?? 0]));
}

/** Position of a record relative to the Start* parameters; a missing type/identifier sorts first. */
function compareStart(r: ResourceRecordSet, start: { Name: string; Type: string; SetIdentifier: string }): number {
  const byName = compareRecords({ Name: r.Name }, { Name: start.Name });
  if (byName !== 0 || !start.Type) return byName;
  const byType = (r.Type ?? "") < start.Type ? -1 : (r.Type ?? "") > start.Type ? 1 : 0;
  if (byType !== 0 || !start.SetIdentifier) return byType;
  return (r.SetIdentifier ?? "") < start.SetIdentifier ? -1 : (r.SetIdentifier ?? "") > start.SetIdentifier ? 1 : 0;
}

/** Applies one change to `records` in place; returns the reasons it cannot be applied. */
function applyChange(records: Map<string, ResourceRecordSet>, change: Change): string[] {
  const r = change.ResourceRecordSet;
  if (!r?.Name || !r.Type) return [];
  const stored: ResourceRecordSet = { ...structuredClone(r), Name: fqdn(r.Name) };
  const key = recordKey(stored);
  const existing = records.get(key);
  switch (change.Action) {
    case "CREATE":
      if (existing) return [`Tried to create resource record set ${describeRecord(stored)} but it already exists`];
      records.set(key, stored);
      return [];
    case "UPSERT":
      records.set(key, stored);
      return [];
    case "DELETE":
      if (!existing) return [`Tried to delete resource record set ${describeRecord(stored)} but it was not found`];
      if (!sameContent(existing, stored)) {
        return [`Tried to delete resource record set ${describeRecord(stored)} but the values provided do not match the current values`];
      }
      records.delete(key);
      return [];
    default:
      return [`Invalid request: Action '${change.Action}' is not one of CREATE, DELETE, UPSERT`];
  }
}
