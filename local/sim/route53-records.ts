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
  if (r.Weight !== undefined) {
    if (!Number.isInteger(r.Weight) || r.Weight < 0 || r.Weight > 255) {
      problems.push(
        `Invalid weight ${r.Weight} for resource record set ${describeRecord(r)}: Member must have value between 0 and 255`,
      );
    }
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

/** Rules across a record set after the batch: one TTL per name/type, and weighted records not mixed with plain ones. */
export function setProblems(records: Iterable<ResourceRecordSet>): string[] {
  const byNameType = new Map<string, ResourceRecordSet[]>();
  for (const r of records) {
    const key = `${fqdn(r.Name ?? "")}|${r.Type}`;
    byNameType.set(key, [...(byNameType.get(key) ?? []), r]);
  }
  const problems: string[] = [];
  for (const group of byNameType.values()) {
    const first = group[0];
    if (!first || group.length < 2) continue;
    for (const r of group.slice(1)) {
      if (r.TTL !== first.TTL) {
        problems.push(
          `RRSet ${describeRecord(r)} has TTL ${r.TTL} but the other records with the same name and type have TTL ${first.TTL}: all records in a weighted set must share one TTL`,
        );
      }
    }
    if (group.some((r) => r.SetIdentifier === undefined)) {
      problems.push(`RRSet with DNS name ${fqdn(first.Name ?? "")}, type ${first.Type} cannot be created because a non-weighted set exists with the same name and type`);
    }
  }
  return problems;
}

/** The same record as stored: does a DELETE's content match it exactly? */
export function sameContent(x: ResourceRecordSet, y: ResourceRecordSet): boolean {
  const values = (r: ResourceRecordSet) => JSON.stringify((r.ResourceRecords ?? []).map((v) => v.Value));
  return x.TTL === y.TTL && x.Weight === y.Weight && values(x) === values(y) && JSON.stringify(x.AliasTarget) === JSON.stringify(y.AliasTarget);
}
