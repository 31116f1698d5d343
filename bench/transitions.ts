// Transitions and cost per deployment for `npm run bench`: each strategy's second deployment (a canary, not a
// first deploy) run in the sandbox, counted from its execution (the local runner's real history), next to
// `glidepath plan`'s estimate and the polling definition's numbers for the same shapes in the same sandbox,
// measured at commit c5573e3 (alarm checks every 30 s), before bakes and approvals became task-token waits.
import "../local/polyfills.ts";
import { parseConfig, type ConfigInput } from "../functions/core/config.ts";
import { formatDuration } from "../functions/core/duration.ts";
import { costUsd, estimatePlan } from "../functions/core/plan-cost.ts";
import { deployRelease } from "../local/sandbox/deploy-release.ts";
import { sandboxConfigInput } from "../local/sandbox/sandbox-config.ts";
import { startSandbox, type Sandbox } from "../local/sandbox/sandbox.ts";
import { commitIdOf } from "../local/scenario/run-scenario.ts";

interface Shape {
  name: string;
  config: ConfigInput;
  /** Transitions the polling definition took for this shape (measured at c5573e3). */
  before: number;
}

const base = sandboxConfigInput();
const analysis = { ...base.analysis, interval: "30s" };
const SHAPES: Shape[] = [
  { name: "canary 10%/50%/100%, 3 × 10-min bakes", config: { ...base, analysis, strategy: { kind: "canary", steps: [{ percent: 10, bake: "10m" }, { percent: 50, bake: "10m" }, { percent: 100 }] }, finalBake: "10m" }, before: 313 },
  { name: "linear 10% every 5 min", config: { ...base, analysis, strategy: { kind: "linear", percent: 10, every: "5m" } }, before: 527 },
  { name: "allAtOnce, 5-min final bake", config: { ...base, analysis, strategy: { kind: "allAtOnce" }, finalBake: "5m" }, before: 131 },
  { name: "abTest 20% held 24 h", config: { ...base, analysis, strategy: { kind: "abTest", percent: 20, until: "24h" } }, before: 8769 },
];

async function measure(shape: Shape) {
  const parsed = parseConfig(shape.config);
  if (!parsed.ok) throw new Error(`${shape.name}: ${parsed.problems.join("; ")}`);
  const sandbox: Sandbox = await startSandbox({ traffic: "synthetic", config: shape.config });
  try {
    await deployRelease(sandbox, { label: "v1", commitId: commitIdOf("v1") });
    const [second] = await deployRelease(sandbox, { label: "v2", commitId: commitIdOf("v2"), previousCommitId: commitIdOf("v1") });
    const stats = second?.stats;
    if (second?.outcome !== "promoted" || !stats) throw new Error(`${shape.name}: the deployment was not promoted (${second?.outcome}: ${second?.reason})`);
    const estimate = estimatePlan(parsed.config).total;
    return { name: shape.name, ...stats, costUsd: costUsd(stats.transitions, stats.lambdaInvocations), estimatedTransitions: estimate.transitions, before: shape.before };
  } finally {
    await sandbox.close();
  }
}

const results = [];
for (const shape of SHAPES) results.push(await measure(shape));

if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify({ results }, null, 2)}\n`);
else {
  process.stdout.write("Transitions and cost per deployment (measured in the sandbox; before = polling every 30 s)\n");
  for (const r of results)
    process.stdout.write(
      `  ${r.name.padEnd(40)} ${String(r.transitions).padStart(4)} transitions (plan says ${r.estimatedTransitions}; before ${r.before})  ${String(r.lambdaInvocations).padStart(3)} Lambda calls  $${r.costUsd.toFixed(4)}  ${formatDuration(Math.round(r.virtualSeconds))} virtual\n`,
    );
}
