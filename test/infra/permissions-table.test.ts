// The table grants follow the code: read/write for functions whose code writes the ledger or the lease,
// read-only for those that only read them, nothing for those that never touch them.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_FUNCTIONS, TASK_FUNCTIONS } from "../../functions/catalog.ts";
import type { Lease, Ledger } from "../../functions/adapters/ports.ts";
import { FUNCTION_CAPABILITIES, FUNCTION_IDS, functionPermissions, type FunctionId } from "../../stacks/permissions.ts";
import { LEASE_RENEWAL_FILE, RENEWS_LEASE } from "../fixtures/lease-renewing-tasks.ts";

const root = resolve(import.meta.dirname, "../..");
const CATALOG = { ...TASK_FUNCTIONS, ...EVENT_FUNCTIONS };

// Every method of the two ports, split by whether it writes (a new method fails the `satisfies`).
const WRITES = {
  getLive: false, listDeployments: false, getDeployment: false, current: false, read: false, latestToken: false,
  setLive: true, createDeployment: true, appendStep: true, finishDeployment: true, recordControl: true, recordImage: true, recordImageWait: true, acquire: true, renew: true, release: true,
  getPush: false, pushesOnTopOf: false, failedPushes: false, getPending: false, getImageWait: false,
  recordPush: true, markPush: true, replacePending: true, clearPending: true,
} satisfies Record<keyof Ledger | keyof Lease, boolean>;

/** `<x>.ledger.<method>` / `<x>.lease.<method>` calls in a function's file and the local and task-support files it imports. */
function tableCalls(file: string, seen = new Set<string>()): Set<string> {
  const calls = new Set<string>();
  if (seen.has(file)) return calls;
  seen.add(file);
  const source = readFileSync(file, "utf8");
  for (const [, method] of source.matchAll(/\b(?:(?:adapters|deps)\.)?(?:ledger|lease)\.(\w+)\(/g)) calls.add(method!);
  for (const [, spec] of source.matchAll(/^import (?!type )[^;]*from "((?:\.\/|\.\.\/task-support\/)[^"]+)";$/gm)) {
    for (const method of tableCalls(join(dirname(file), spec!), seen)) calls.add(method);
  }
  return calls;
}

const scope = {
  partition: "aws", region: "eu-west-1", account: "123456789012", stage: "prod", hostedZoneIds: ["Z1"], recordNames: ["api.example.com"],
  imagePipelineArns: [], imageKinds: ["createImage" as const], fleetProviders: ["autoscaling" as const],
};

describe("ledger and lease grants", () => {
  it.each(FUNCTION_IDS)("%s gets the table access its code needs, and no more", (id: FunctionId) => {
    // The task shell renews the lease for the Tasks whose state passes a `holder` (lease-renewal.ts).
    const renews = (RENEWS_LEASE as ReadonlySet<string>).has(id) ? tableCalls(LEASE_RENEWAL_FILE) : [];
    const calls = [...new Set([...tableCalls(join(root, "functions", `${CATALOG[id].file}.ts`)), ...renews])];
    for (const method of calls) expect(Object.keys(WRITES), `${id} calls ${method}`).toContain(method);
    const writes = calls.some((method) => WRITES[method as keyof typeof WRITES]);
    const expected = writes ? ["table"] : calls.length > 0 ? ["tableRead"] : [];
    expect(FUNCTION_CAPABILITIES[id].filter((c) => c === "table" || c === "tableRead")).toEqual(expected);
  });

  it("grants read-only functions GetItem and Query on the table alone", () => {
    const read = functionPermissions(scope).preflight.filter((s) => s.actions.some((a) => a.startsWith("dynamodb:")));
    expect(read).toEqual([{ sid: "ReadLedger", actions: ["dynamodb:GetItem", "dynamodb:Query"], resources: ["arn:aws:dynamodb:eu-west-1:123456789012:table/glidepath-prod"] }]);
  });
});
