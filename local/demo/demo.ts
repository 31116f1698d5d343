// `npm run demo`: the whole pipeline on this machine, no AWS account. A throwaway git repository for the
// sample service gets three releases — a first deploy, a good release promoted through a canary, and a bad
// one (20% errors) that the alarms catch and that is rolled back automatically — while real HTTP traffic
// flows through the simulated Route 53 weights. Ends with a summary and an HTML report.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { versionBehaviourSchema, type VersionBehaviour } from "../app/behaviour.ts";
import { commitFiles, fileAt, initRepository } from "../git.ts";
import { formatEvent } from "../report/live.ts";
import { writeReport } from "../report/html.ts";
import { isPollingLine } from "../report/polling-lines.ts";
import { foldReason } from "../report/reason-text.ts";
import type { DeploymentOutcome } from "../report/timeline-model.ts";
import { outcomeOf, type ReleaseOutcome } from "../sandbox/deploy-release.ts";
import { SandboxRecording } from "../sandbox/recording.ts";
import { startSandbox } from "../sandbox/sandbox.ts";
import { watchBranch } from "../watch.ts";
import { startRealTraffic } from "./real-traffic.ts";
import { StatusLine } from "./status-line.ts";

export interface DemoOptions {
  /** How many times faster than real time virtual time runs. */
  speed: number;
  /** Real requests per second across all simulated clients. */
  ratePerSecond: number;
  reportDir: string;
  seed: number;
  /** Print progress for people; off for --json. */
  live: boolean;
  colour: boolean;
  write: (line: string) => void;
}

interface DemoRelease {
  label: string;
  message: string;
  behaviour: Partial<VersionBehaviour>;
  expected: DeploymentOutcome;
}

const DEMO_RELEASES: DemoRelease[] = [
  { label: "v1", message: "First release of the sample service", behaviour: {}, expected: "promoted" },
  { label: "v2", message: "Good release: faster home page", behaviour: { latencyMs: 2 }, expected: "promoted" },
  { label: "v3", message: "Bad release: 20% of requests fail", behaviour: { errorRate: 0.2 }, expected: "rolled_back" },
];

export interface DemoSummary {
  deployments: Array<Omit<ReleaseOutcome, "steps" | "startedAt" | "endedAt"> & { expected: DeploymentOutcome; steps: number; virtualMinutes: number }>;
  liveCommit: string | null;
  asExpected: boolean;
  requestsSent: number;
  virtualMinutes: number;
  wallSeconds: number;
  report: string;
}

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const wallStart = Date.now();
  const workdir = await mkdtemp(join(tmpdir(), "glidepath-demo-"));
  const repo = join(workdir, "shop-api");
  const status = { line: undefined as StatusLine | undefined };
  const recording = new SandboxRecording("Glidepath demo: shop-api/sandbox", 0);
  const sandbox = await startSandbox({
    seed: options.seed,
    pace: { speed: options.speed },
    traffic: "none",
    // A shorter bake than AWS's minutes, so the demo spends its time on the rollout.
    timings: { imageBakeMs: 90_000 },
    onEvent: (event) => {
      recording.onEvent(event);
      status.line?.onEvent(event);
      if (options.live && !isPollingLine(event.text)) options.write(formatEvent({ ...event, text: alarmTextOnce(event.text) }, startedAt, { colour: options.colour }));
    },
  });
  const startedAt = sandbox.clock.now();
  // CloudWatch's alarm text in full the first time a line quotes it; every later line quoting it is shown short.
  const alarmTextsShown = new Set<string>();
  const alarmTextOnce = (text: string) => {
    const { short, alarmText } = foldReason(text);
    if (!alarmText || alarmTextsShown.has(alarmText)) return short;
    alarmTextsShown.add(alarmText);
    return text;
  };
  const labels = new Map<string, string>();
  const started = new Map<string, Awaited<ReturnType<typeof sandbox.push>>>();
  let traffic: ReturnType<typeof startRealTraffic> | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const watcher = watchBranch({
    repo,
    branch: "main",
    intervalMs: 3_600_000, // polled explicitly after each commit below; `glidepath local watch` polls on its own
    onPush: async (event) => {
      const commitId = (event["detail"] as { commitId: string }).commitId;
      const behaviour = versionBehaviourSchema.parse(JSON.parse((await fileAt(repo, commitId, "behaviour.json")) ?? "{}"));
      sandbox.catalog.set(commitId, { version: labels.get(commitId) ?? commitId.slice(0, 7), behaviour });
      started.set(commitId, await sandbox.push(event));
    },
  });
  try {
    recording.attach(sandbox);
    // Executions are named after the commit (`<app>-<env>-<commit12>`): the status names the release by its label.
    status.line = new StatusLine(sandbox, startedAt, (execution) => [...labels].find(([commit]) => execution.includes(commit.slice(0, 12)))?.[1]);
    await initRepository(repo);
    traffic = startRealTraffic(sandbox, {
      ratePerSecond: options.ratePerSecond,
      clients: 40,
      bucketMs: 20_000,
      seed: options.seed,
      onSample: (sample) => {
        recording.onSample(sample);
        status.line?.onSample(sample);
      },
    });
    if (options.live) ticker = setInterval(() => options.write(status.line!.render(options.colour)), 2_000);

    const outcomes: DemoSummary["deployments"] = [];
    for (const release of DEMO_RELEASES) {
      if (options.live) options.write(`\n── git push: ${release.label} — ${release.message}`);
      const releaseStart = sandbox.clock.now();
      const commitId = await commitFiles(repo, { "behaviour.json": `${JSON.stringify(release.behaviour, null, 2)}\n`, VERSION: `${release.label}\n` }, release.message);
      labels.set(commitId, release.label);
      await watcher.poll();
      await sandbox.executions.settled();
      const outcome = await outcomeOf(sandbox, { label: release.label, commitId }, started.get(commitId)!, releaseStart);
      recording.deployment({ commit: release.label, outcome: outcome.outcome, reason: outcome.reason, startedAt: outcome.startedAt, endedAt: outcome.endedAt, liveSlot: outcome.liveSlot });
      outcomes.push({
        ...outcome,
        steps: outcome.steps.length,
        expected: release.expected,
        virtualMinutes: round((outcome.endedAt - outcome.startedAt) / 60_000),
      });
    }
    // Traffic goes on a while after the last release, so the chart shows where it went (back to the live slot
    // after a rollback) and the error line settling.
    await sandbox.idle(TRAFFIC_AFTER_LAST_RELEASE_SECONDS);
    await traffic.stop();
    const live = await sandbox.adapters.ledger.getLive(sandbox.config.app, sandbox.config.env);
    const report = await writeReport({ ...recording.timeline(), startedAt }, options.reportDir);
    return {
      deployments: outcomes,
      liveCommit: live?.commit ? (labels.get(live.commit) ?? live.commit) : null,
      asExpected: outcomes.every((outcome) => outcome.outcome === outcome.expected),
      requestsSent: traffic.stats().sent,
      virtualMinutes: round((sandbox.clock.now() - startedAt) / 60_000),
      wallSeconds: round((Date.now() - wallStart) / 1000),
      report,
    };
  } finally {
    if (ticker) clearInterval(ticker);
    watcher.stop();
    await traffic?.stop();
    await sandbox.close();
    await rm(workdir, { recursive: true, force: true });
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Virtual seconds of traffic after the last release ended: three of the alarm's one-minute buckets. */
const TRAFFIC_AFTER_LAST_RELEASE_SECONDS = 180;

