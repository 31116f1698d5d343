// Folds the JSON lines the sandboxes appended while recording (call-recording.ts) into
// test/infra/recorded-calls.json: per function, each distinct action and resource kind once, sorted, so the
// file changes only when what the code calls changes. Run by `npm run record-calls`.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { RecordedCall } from "./call-recording.ts";

/** Ids differ from run to run (images, changes); a resource's kind is its ARN with the last id generalized. */
function resourceKind(resource: string): string {
  return resource === "*" ? "*" : resource.replace(/[^:/]+$/, "*");
}

function main(): void {
  const file = process.argv[2];
  if (!file || !existsSync(file)) throw new Error(`nothing recorded: ${file ?? "(no file given)"} does not exist (usage: merge-recorded-calls.ts <GLIDEPATH_RECORD_CALLS file>)`);
  const calls = readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as RecordedCall);
  const byFunction = new Map<string, Map<string, Omit<RecordedCall, "function">>>();
  for (const { function: fn, ...request } of calls) {
    const kinds = byFunction.get(fn) ?? new Map<string, Omit<RecordedCall, "function">>();
    byFunction.set(fn, kinds);
    const key = `${request.action} ${resourceKind(request.resource)} ${JSON.stringify(request.context ?? {})}`;
    if (!kinds.has(key)) kinds.set(key, request);
  }
  const out = Object.fromEntries(
    [...byFunction.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([fn, kinds]) => [fn, [...kinds.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r)]),
  );
  const target = new URL("../../test/infra/recorded-calls.json", import.meta.url);
  writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
  rmSync(file);
  console.log(`recorded ${calls.length} calls of ${byFunction.size} functions into ${target.pathname}`);
}

main();
