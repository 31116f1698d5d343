// Route 53 weighted records of one app/env: read both, write both in one all-or-nothing batch with the
// writer's fence (core/fence.ts), poll the change.
import {
  type Change,
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  type Route53Client,
} from "@aws-sdk/client-route-53";
import type { Weights } from "../core/model.ts";
import { alreadyFenced, describeWriter, fenceRecordName, fenceValue, mayWrite, parseFence, type WeightWriter } from "../core/fence.ts";
import { InvalidChangeBatchError, StaleLeaseError } from "../errors.ts";
import { callAws } from "./errors.ts";
import type { ChangeStatus, Route53Target, Traffic, WeightedRecords } from "./ports.ts";

/** Route 53 answers with fully qualified names (`api.example.com.`); config may omit the dot. */
function normalizeRecordName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** The fence is read straight from the zone, never through resolvers, so its TTL does not matter: Route 53's default. */
const FENCE_TTL_SECONDS = 300;
/** Reads and writes of the fence before giving up on a zone whose fence keeps moving. */
const FENCE_ATTEMPTS = 3;

/** GetChange wants a bare id; ChangeResourceRecordSets returns `/change/C123`. */
function bareChangeId(id: string): string {
  return id.replace(/^\/change\//, "");
}

export function makeRoute53Dns(route53: Route53Client): Traffic<Route53Target> {
  /** The fence record as stored, or null when there is none yet. */
  async function readFence(target: Route53Target): Promise<ResourceRecordSet | null> {
    const name = fenceRecordName(target);
    const page = await callAws("Route 53 ListResourceRecordSets", () =>
      route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: target.hostedZoneId, StartRecordName: name, StartRecordType: "TXT", MaxItems: 1 })),
    );
    const found = page.ResourceRecordSets?.[0];
    return found && normalizeRecordName(found.Name ?? "") === normalizeRecordName(name) && found.Type === "TXT" ? found : null;
  }

  /**
   * One batch: replace the fence read just before (DELETE must match it exactly, or Route 53 refuses the whole
   * batch) with `writer`'s, plus `changes`. With no `changes`, nothing is written when the fence already keeps
   * out everything `writer` would. A fence that moved between the read and the write is read again (3 tries).
   */
  async function writeFenced(target: Route53Target, writer: WeightWriter, what: string, changes: Change[]): Promise<string | null> {
    for (let attempt = 1; ; attempt++) {
      const stored = await readFence(target);
      const value = stored?.ResourceRecords?.[0]?.Value;
      const found = value === undefined ? null : parseFence(value);
      if (!mayWrite(writer, found)) {
        throw new StaleLeaseError(`${describeWriter(writer)} may not write ${what}: Route 53's fence ${fenceRecordName(target)} names ${describeWriter(found!)}, which outranks it`);
      }
      if (changes.length === 0 && alreadyFenced(writer, found)) return null;
      const fence: ResourceRecordSet = { Name: fenceRecordName(target), Type: "TXT", TTL: FENCE_TTL_SECONDS, ResourceRecords: [{ Value: fenceValue(writer) }] };
      const batch: Change[] = [...(stored ? [{ Action: "DELETE" as const, ResourceRecordSet: stored }] : []), { Action: "CREATE", ResourceRecordSet: fence }, ...changes];
      try {
        const response = await callAws("Route 53 ChangeResourceRecordSets", () =>
          route53.send(
            new ChangeResourceRecordSetsCommand({
              HostedZoneId: target.hostedZoneId,
              ChangeBatch: { Comment: `glidepath ${target.setIdPrefix}: ${what}, by ${describeWriter(writer)}`, Changes: batch },
            }),
          ),
        );
        const id = response.ChangeInfo?.Id;
        if (!id) throw new Error("Route 53 ChangeResourceRecordSets returned no change id");
        return bareChangeId(id);
      } catch (error) {
        if (!(error instanceof InvalidChangeBatchError) || attempt >= FENCE_ATTEMPTS) throw error;
        // Refused: if only because the fence moved under us, decide again on the new one; else it was the batch.
        const now = await readFence(target);
        if (now?.ResourceRecords?.[0]?.Value === value) throw error;
      }
    }
  }

  return {
    async readWeights(target: Route53Target): Promise<WeightedRecords> {
      const wanted = normalizeRecordName(target.recordName);
      const result: WeightedRecords = { weights: { a: null, b: null }, endpoints: { a: null, b: null }, ttl: null };
      let startName: string | undefined = target.recordName;
      let startType: string | undefined = target.type;
      let startIdentifier: string | undefined;
      // Records come sorted by name then type; page from our name until the listing moves past it.
      pages: while (startName !== undefined) {
        const page = await callAws("Route 53 ListResourceRecordSets", () =>
          route53.send(
            new ListResourceRecordSetsCommand({
              HostedZoneId: target.hostedZoneId,
              StartRecordName: startName,
              StartRecordType: startType as ResourceRecordSet["Type"],
              ...(startIdentifier ? { StartRecordIdentifier: startIdentifier } : {}),
            }),
          ),
        );
        for (const record of page.ResourceRecordSets ?? []) {
          if (normalizeRecordName(record.Name ?? "") !== wanted || record.Type !== target.type) break pages;
          const slot = slotOf(record.SetIdentifier, target.setIdPrefix);
          if (!slot) continue;
          result.weights[slot] = record.Weight ?? null;
          result.endpoints[slot] = record.ResourceRecords?.[0]?.Value ?? null;
          result.ttl = record.TTL ?? result.ttl;
        }
        if (!page.IsTruncated) break;
        startName = page.NextRecordName;
        startType = page.NextRecordType;
        startIdentifier = page.NextRecordIdentifier;
      }
      return result;
    },

    async setWeights(target: Route53Target, weights: Weights, endpoints: { a: string; b: string }, writer: WeightWriter) {
      const record = (slot: "a" | "b"): ResourceRecordSet => ({
        Name: target.recordName,
        Type: target.type,
        TTL: target.ttl,
        SetIdentifier: `${target.setIdPrefix}-${slot}`,
        Weight: weights[slot],
        ResourceRecords: [{ Value: endpoints[slot] }],
      });
      const changeId = await writeFenced(target, writer, `weights a=${weights.a} b=${weights.b}`, [
        { Action: "UPSERT", ResourceRecordSet: record("a") },
        { Action: "UPSERT", ResourceRecordSet: record("b") },
      ]);
      return { changeId: changeId! };
    },

    async fence(target: Route53Target, writer: WeightWriter) {
      return { changeId: await writeFenced(target, writer, "fence only", []) };
    },

    async changeStatus(changeId: string): Promise<ChangeStatus> {
      const response = await callAws("Route 53 GetChange", () =>
        route53.send(new GetChangeCommand({ Id: bareChangeId(changeId) })),
      );
      const status = response.ChangeInfo?.Status;
      if (status !== "PENDING" && status !== "INSYNC") throw new Error(`Route 53 GetChange ${changeId}: unexpected status ${String(status)}`);
      return status;
    },
  };
}

function slotOf(setIdentifier: string | undefined, prefix: string): "a" | "b" | undefined {
  if (setIdentifier === `${prefix}-a`) return "a";
  if (setIdentifier === `${prefix}-b`) return "b";
  return undefined;
}
