// Deterministic simulation testing: generated scenarios run through the sandbox with the invariant monitor,
// property "no invariant is violated". Reproducible from a seed; a failure is shrunk by fast-check to a
// smaller scenario and written as a scenario file `glidepath local run -s FILE` replays.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import type { Violation } from "../monitor/violation-log.ts";
import { runScenario } from "../scenario/run-scenario.ts";
import type { SimulatorAnswer } from "../sim/index.ts";
import { parseScenario, type ScenarioInput } from "../scenario/schema.ts";
import { scenarioArbitrary, type ScenarioShape } from "./scenario-arbitrary.ts";

export interface FuzzOptions extends ScenarioShape {
  runs: number;
  seed: number;
  /** Where failing (shrunk) scenarios are written; not written when absent. */
  out?: string;
  /** Scenario runs one failure's shrinking may spend (each is a whole sandbox run). */
  shrinkBudget?: number;
  onProgress?: (progress: FuzzProgress) => void;
  /**
   * How simulated AWS answers each run (SandboxOptions.answer). Default "direct": the wire format costs a
   * search about a third more CPU per run (bench: fuzz direct vs wire), and what a search finds is written as
   * a scenario file that `local run` and the scenario tests replay through the wire.
   */
  answer?: SimulatorAnswer;
}

interface FuzzProgress {
  runs: number;
  failures: number;
  elapsedMs: number;
  last: { name: string; violations: Violation[] };
}

interface FuzzFailure {
  /** The shrunk scenario, replayable as a file. */
  scenario: ScenarioInput;
  violations: Violation[];
  /** fast-check's seed and path to replay the original counterexample. */
  seed: number;
  path?: string;
  file?: string;
}

export interface FuzzResult {
  runs: number;
  failures: FuzzFailure[];
  elapsedMs: number;
  runsPerMinute: number;
}

/** Runs `runs` generated scenarios from `seed`; after a failure, shrinks it and goes on with a derived seed. */
export async function fuzz(options: FuzzOptions): Promise<FuzzResult> {
  const started = Date.now();
  const failures: FuzzFailure[] = [];
  let runs = 0;
  const arbitrary = scenarioArbitrary(options);
  for (let round = 0; runs < options.runs; round++) {
    const seed = options.seed + round;
    let shrinking = false;
    let shrinkRuns = 0;
    let lastViolations: Violation[] = [];
    const property = fc.asyncProperty(arbitrary, async (input) => {
      // Past the budget, a candidate counts as passing without a run: fast-check keeps the smallest failure so far.
      if (shrinking && shrinkRuns++ >= (options.shrinkBudget ?? 20)) return true;
      const violations = await violationsOf(input, options.answer ?? "direct");
      if (!shrinking) {
        runs++;
        options.onProgress?.({ runs, failures: failures.length, elapsedMs: Date.now() - started, last: { name: input.name ?? "", violations } });
      }
      if (violations.length > 0) {
        shrinking = true;
        lastViolations = violations;
      }
      return violations.length === 0;
    });
    const result = await fc.check(property, { numRuns: options.runs - runs, seed, endOnFailure: false });
    if (!result.failed || !result.counterexample) break;
    const scenario = result.counterexample[0];
    // The counterexample is the last candidate that failed (later ones counted as passing), so these are its violations.
    const failure: FuzzFailure = { scenario, violations: lastViolations, seed: result.seed, ...(result.counterexamplePath ? { path: result.counterexamplePath } : {}) };
    if (options.out) failure.file = await writeScenario(options.out, failure, failures.length + 1);
    failures.push(failure);
  }
  const elapsedMs = Date.now() - started;
  return { runs, failures, elapsedMs, runsPerMinute: runs / Math.max(elapsedMs / 60_000, 1e-9) };
}

async function violationsOf(input: ScenarioInput, answer: SimulatorAnswer): Promise<Violation[]> {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`the generator made an invalid scenario: ${parsed.problems.join("; ")}`);
  return (await runScenario(parsed.scenario, { answer })).invariants.violations;
}

/** Writes a failure as a scenario file, its violations and how to replay it in comments on top. */
async function writeScenario(dir: string, failure: FuzzFailure, n: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `fuzz-seed${failure.seed}-${n}.yaml`);
  const header = [
    `# Found by npm run fuzz (fast-check seed ${failure.seed}${failure.path ? `, path ${failure.path}` : ""}), shrunk.`,
    `# Replay: npx glidepath local run -s ${file}`,
    "# Violations:",
    ...failure.violations.map((v) => `#   ${v.invariant} at ${v.at}: ${v.detail.replace(/\n/g, " ")}`),
  ];
  await writeFile(file, `${header.join("\n")}\n${stringify(failure.scenario)}`);
  return file;
}
