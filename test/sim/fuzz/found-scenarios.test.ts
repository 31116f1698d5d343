// Every scenario the fuzzer found (scenarios/fuzz-found/, shrunk, with the violations it first saw in its
// header) replays with no invariant violated: each stays a regression test of the fix it led to.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDocument } from "../../../cli/config-file.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { parseScenario } from "../../../local/scenario/schema.ts";

const FOUND = join(import.meta.dirname, "../../../scenarios/fuzz-found");
const files = readdirSync(FOUND).filter((file) => /\.(ya?ml|json)$/.test(file)).sort();

describe("scenarios the fuzzer found", () => {
  it("has scenario files to replay", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s replays with every invariant holding", async (file) => {
    const parsed = parseScenario(await readDocument(join(FOUND, file)));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.join("; ")}`);
    const result = await runScenario(parsed.scenario);
    expect(result.invariants.violations).toEqual([]);
  });
});
