// Route 53 weighted records of one app/env: read both, write both in one all-or-nothing batch, poll the change.
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  type Route53Client,
} from "@aws-sdk/client-route-53";
import type { Weights } from "../core/model.ts";
import { callAws } from "./errors.ts";
import type { ChangeStatus, Dns, TrafficTarget, WeightedRecords } from "./ports.ts";

/** Route 53 answers with fully qualified names (`api.example.com.`); config may omit the dot. */
function normalizeRecordName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** GetChange wants a bare id; ChangeResourceRecordSets returns `/change/C123`. */
function bareChangeId(id: string): string {
  return id.replace(/^\/change\//, "");
}

export function makeRoute53Dns(route53: Route53Client): Dns {
  return {
    async readWeights(target: TrafficTarget): Promise<WeightedRecords> {
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

    async setWeights(target: TrafficTarget, weights: Weights, endpoints: { a: string; b: string }) {
      const record = (slot: "a" | "b"): ResourceRecordSet => ({
        Name: target.recordName,
        Type: target.type,
        TTL: target.ttl,
        SetIdentifier: `${target.setIdPrefix}-${slot}`,
        Weight: weights[slot],
        ResourceRecords: [{ Value: endpoints[slot] }],
      });
      const response = await callAws("Route 53 ChangeResourceRecordSets", () =>
        route53.send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: target.hostedZoneId,
            ChangeBatch: {
              Comment: `glidepath ${target.setIdPrefix}: weights a=${weights.a} b=${weights.b}`,
              Changes: [
                { Action: "UPSERT", ResourceRecordSet: record("a") },
                { Action: "UPSERT", ResourceRecordSet: record("b") },
              ],
            },
          }),
        ),
      );
      const id = response.ChangeInfo?.Id;
      if (!id) throw new Error("Route 53 ChangeResourceRecordSets returned no change id");
      return { changeId: bareChangeId(id) };
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
