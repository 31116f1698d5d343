// Route 53 record-set rules shared by the zone model: naming, ordering, and batch validation messages.
import type { Change, ResourceRecordSet } from "@aws-sdk/client-route-53";

/** Route 53 stores names lower-case with a trailing dot. */
export function fqdn(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower : `${lower}.`;
}

export function recordKey(r: { Name?: string; Type?: string; SetIdentifier?: string }): string {
  return `${fqdn(r.Name ?? "")}|${r.Type ?? ""}|${r.SetIdentifier ?? ""}`;
}

export function describeRecord(r: ResourceRecordSet): string {
  const id = r.SetIdentifier === undefined ? "" : `, set-identifier='${r.SetIdentifier}'`;
  return `[name='${fqdn(r.Name ?? "")}', type='${r.Type}'${id}]`;
}

/** ListResourceRecordSets order: DNS name with labels reversed (com.example.www), then type, then identifier. */
export function compareRecords(x: { Name?: string; Type?: string; SetIdentifier?: string }, y: typeof x): number {
  const reversed = (n?: string) => fqdn(n ?? "").split(".").reverse().join(".");
  return (
    compare(reversed(x.Name), reversed(y.Name)) || compare(x.Type ?? "", y.Type ?? "") || compare(x.SetIdentifier ?? "", y.SetIdentifier ?? "")
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Problems with one change's record on its own (before looking at the rest of the zone). */
export function recordProblems(change: Change, index: number, zoneName: string): string[] {
  const r = change.ResourceRecordSet;
  if (!r?.Name || !r.Type) return [`Change ${index + 1}: ResourceRecordSet needs a Name and a Type`];
  const problems: string[] = [];
  const name = fqdn(r.Name);
  if (name !== zoneName && !name.endsWith(`.${zoneName}`)) {
    problems.push(`RRSet with DNS name ${name} is not permitted in zone ${zoneName}`);
  }
  // The weight's 0–255 range is a model constraint, refused before this as InvalidInput (input-constraints.ts).
  if (r.Weight !== undefined) {
    if (r.SetIdentifier === undefined) problems.push(`Invalid request: Missing field 'SetIdentifier' in Change with [Action=${change.Action}, Name=${name}, Type=${r.Type}]`);
  }
  if (r.SetIdentifier !== undefined && r.Weight === undefined) {
    problems.push(`Invalid request: Missing field 'Weight' in Change with [Action=${change.Action}, Name=${name}, Type=${r.Type}, SetIdentifier=${r.SetIdentifier}]`);
  }
  if (!r.AliasTarget) {
    if (r.TTL === undefined) problems.push(`Invalid request: Missing field 'TTL' in Change with [Action=${change.Action}, Name=${name}, Type=${r.Type}]`);
    if (!r.ResourceRecords?.length) problems.push(`Invalid request: Missing field 'ResourceRecords' in Change with [Action=${change.Action}, Name=${name}, Type=${r.Type}]`);
  }
  return problems;
}

/** Route 53 quotas on one request (DNSLimitations.html#limits-api-requests-changeresourcerecordsets). */
const MAX_RECORDS_PER_BATCH = 1000;
const MAX_VALUE_CHARACTERS_PER_BATCH = 32_000;
/** ResourceRecordSet.Weight: "You can create a maximum of 100 weighted resource record sets that have the same values for the Name and Type elements." */
const MAX_WEIGHTED_PER_GROUP = 100;

/**
 * The request-size quotas: at most 1,000 ResourceRecord elements and 32,000 characters of Value in one request,
 * "If the value of the Action element is UPSERT, each ResourceRecord element [and its characters] is counted twice."
 */
export function batchProblems(changes: Change[]): string[] {
  let records = 0;
  let characters = 0;
  for (const change of changes) {
    const times = change.Action === "UPSERT" ? 2 : 1;
    const values = change.ResourceRecordSet?.ResourceRecords ?? [];
    records += times * values.length;
    characters += times * values.reduce((n, v) => n + (v.Value ?? "").length, 0);
  }
  const problems: string[] = [];
  if (records > MAX_RECORDS_PER_BATCH) problems.push(`Number of records limit of ${MAX_RECORDS_PER_BATCH} exceeded (${records}, UPSERT counted twice)`);
  if (characters > MAX_VALUE_CHARACTERS_PER_BATCH) {
    problems.push(`Total number of characters in Value elements limit of ${MAX_VALUE_CHARACTERS_PER_BATCH} exceeded (${characters}, UPSERT counted twice)`);
  }
  return problems;
}

function groupKey(r: { Name?: string; Type?: string }): string {
  return `${fqdn(r.Name ?? "")}|${r.Type}`;
}

/**
 * Records in a weighted group may be given different TTLs; Route 53 takes the last one given in the batch for
 * the whole group (resource-record-sets-values-weighted.html, TTL). Applies that to `records` in place.
 */
export function syncWeightedTtls(records: Map<string, ResourceRecordSet>, changes: Change[]): void {
  const lastTtl = new Map<string, number>();
  for (const change of changes) {
    const r = change.ResourceRecordSet;
    if (change.Action !== "DELETE" && r?.SetIdentifier !== undefined && r.TTL !== undefined) lastTtl.set(groupKey(r), r.TTL);
  }
  for (const [key, r] of records) {
    const ttl = lastTtl.get(groupKey(r));
    if (ttl !== undefined && r.SetIdentifier !== undefined && r.TTL !== ttl) records.set(key, { ...r, TTL: ttl });
  }
}

/** Rules across the zone after the batch: weighted records not mixed with plain ones, ≤ 100 per group, CNAME single-valued. */
export function setProblems(records: Iterable<ResourceRecordSet>): string[] {
  const byNameType = new Map<string, ResourceRecordSet[]>();
  const problems: string[] = [];
  for (const r of records) {
    byNameType.set(groupKey(r), [...(byNameType.get(groupKey(r)) ?? []), r]);
    // RFC 1034 §3.6.2 and Route 53's CNAME rules: a CNAME has exactly one value, weighted or not.
    if (r.Type === "CNAME" && (r.ResourceRecords?.length ?? 0) > 1) {
      problems.push(`RRSet ${describeRecord(r)} of type CNAME may have only one value (it has ${r.ResourceRecords?.length})`);
    }
  }
  for (const group of byNameType.values()) {
    const first = group[0];
    if (!first || group.length < 2) continue;
    if (group.some((r) => r.SetIdentifier === undefined)) {
      problems.push(`RRSet with DNS name ${fqdn(first.Name ?? "")}, type ${first.Type} cannot be created because a non-weighted set exists with the same name and type`);
    } else if (group.length > MAX_WEIGHTED_PER_GROUP) {
      problems.push(`RRSet with DNS name ${fqdn(first.Name ?? "")}, type ${first.Type} would have ${group.length} weighted records: the maximum is ${MAX_WEIGHTED_PER_GROUP}`);
    }
  }
  return problems;
}

/** The same record as stored: does a DELETE's content match it exactly? */
export function sameContent(x: ResourceRecordSet, y: ResourceRecordSet): boolean {
  const values = (r: ResourceRecordSet) => JSON.stringify((r.ResourceRecords ?? []).map((v) => v.Value));
  return x.TTL === y.TTL && x.Weight === y.Weight && values(x) === values(y) && JSON.stringify(x.AliasTarget) === JSON.stringify(y.AliasTarget);
}
