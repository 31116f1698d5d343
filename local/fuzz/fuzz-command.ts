// `npm run fuzz -- --runs N --seed S [--jobs J] [--out DIR] [--classes a,b] [--wire]`: a search for invariant
// violations. Prints progress and runs per minute; writes each failing scenario (shrunk) to DIR; exits 1 when
// any was found. `--jobs J` splits the runs over J worker processes (seeds S, S+1000, …). `--wire` answers
// through AWS's wire format, as the sandbox does, instead of the fuzzer's cheaper direct answers.
import "../polyfills.ts";
import { parseArgs } from "node:util";
import { FAULT_CLASSES, SURVIVED_FAULT_CLASSES, type FaultClass } from "./scenario-arbitrary.ts";
import { fuzz } from "./fuzz.ts";
import { fuzzInWorkers, SEED_STRIDE } from "./fuzz-jobs.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    out: { type: "string", default: "fuzz-failures" },
    classes: { type: "string", default: SURVIVED_FAULT_CLASSES.join(",") },
    "shrink-budget": { type: "string", default: "20" },
    jobs: { type: "string", default: "1" },
    wire: { type: "boolean", default: false },
  },
});
const classes = values.classes.split(",").filter(Boolean) as FaultClass[];
const unknown = classes.filter((c) => !(FAULT_CLASSES as readonly string[]).includes(c));
if (unknown.length > 0) {
  process.stderr.write(`fuzz: unknown fault class ${unknown.join(", ")} (known: ${FAULT_CLASSES.join(", ")})\n`);
  process.exit(2);
}
const runs = Number(values.runs);
const seed = Number(values.seed);
const jobs = Number(values.jobs);
for (const [flag, value, min] of [["--runs", runs, 1], ["--seed", seed, 0], ["--jobs", jobs, 1]] as const) {
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`fuzz: ${flag} must be an integer ≥ ${min}, got ${values[flag.slice(2) as "runs" | "seed" | "jobs"]}\n`);
    process.exit(2);
  }
}
const seeds = jobs === 1 ? `seed ${seed}` : `seeds ${Array.from({ length: jobs }, (_, j) => seed + SEED_STRIDE * j).join(", ")} (${jobs} workers)`;
process.stdout.write(`Fuzzing ${runs} generated scenarios from ${seeds} (classes: ${classes.join(", ")})\n`);
const search = jobs === 1 ? fuzz : (options: Parameters<typeof fuzz>[0]) => fuzzInWorkers({ ...options, jobs });
const result = await search({
  answer: values.wire ? "wire" : "direct",
  runs,
  seed,
  classes,
  out: values.out,
  shrinkBudget: Number(values["shrink-budget"]),
  onProgress: ({ runs: done, failures, elapsedMs, last }) => {
    const perMinute = (done / (elapsedMs / 60_000)).toFixed(1);
    const found = last.violations.length > 0 ? `  ${[...new Set(last.violations.map((v) => v.invariant))].join(",")} in ${last.name}` : "";
    process.stdout.write(`  ${done}/${runs} runs, ${failures} failing so far, ${perMinute} runs/min${found}\n`);
  },
});
process.stdout.write(`\n${result.runs} runs in ${Math.round(result.elapsedMs / 1000)} s (${result.runsPerMinute.toFixed(1)} runs/min), ${result.failures.length} failing scenario(s)\n`);
for (const failure of result.failures) {
  process.stdout.write(`  ${failure.file ?? "(not written)"}: ${[...new Set(failure.violations.map((v) => v.invariant))].join(", ")}\n`);
  for (const v of failure.violations) process.stdout.write(`    ${v.invariant} at ${v.at}: ${v.detail.split("\n")[0]}\n`);
}
process.exitCode = result.failures.length > 0 ? 1 : 0;
