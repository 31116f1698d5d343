// `glidepath local watch`: a paced sandbox whose deployments come from commits on a local branch.
import { formatPath, type ConfigInput } from "../functions/core/config.ts";
import { versionBehaviourSchema, type VersionBehaviour } from "./app/behaviour.ts";
import { branchNames, fileAt } from "./git.ts";
import { formatEvent } from "./report/live.ts";
import { startSandbox, type Sandbox } from "./sandbox/sandbox.ts";
import { watchBranch } from "./watch.ts";
import { resolve } from "node:path";

export interface WatchSandboxOptions {
  repo: string;
  branch: string;
  speed: number;
  config?: unknown;
  write: (line: string) => void;
  colour: boolean;
  /** Real ms between polls of the branch (default 1 s). */
  pollMs?: number;
}

const AUTO_APPROVE_AFTER_SECONDS = 600;
const AUTO_APPROVAL_NOTE = "(the sandbox approves after 10 min; use a scenario file to reject)";

/**
 * Starts the sandbox and polls the branch every second. A commit's `behaviour.json` (if any) sets how the
 * sample service behaves at that commit: `{"errorRate": 0.2}` makes a bad build.
 */
export async function watchLocalRepository(options: WatchSandboxOptions): Promise<{ sandbox: Sandbox; stop(): Promise<void> }> {
  const repo = resolve(options.repo);
  const sandbox = await startSandbox({
    pace: { speed: options.speed },
    traffic: "synthetic",
    ...(options.config ? { config: options.config as ConfigInput } : {}),
    onEvent: (event) => options.write(formatEvent(event, startedAt, { colour: options.colour })),
    // Nobody is at a prompt here: approve on the virtual clock rather than wait out approval.timeout.
    approve: (execution, request) => {
      options.write(`approval ${execution}: ${request.payload.step.question} ${AUTO_APPROVAL_NOTE}`);
      sandbox.clock.schedule(AUTO_APPROVE_AFTER_SECONDS * 1000, () =>
        void sandbox.executions.sendTaskSuccess(request.taskToken, { approved: true, reason: "approved by the sandbox after 10 virtual minutes (local watch)" }).then(
          () => options.write(`approval ${execution}: approved automatically after 10 virtual minutes ${AUTO_APPROVAL_NOTE}`),
          // Refused: the step timed out first (approval.timeout under 10 minutes) and the rollout rolled back.
          () => {},
        ),
      );
    },
  });
  const startedAt = sandbox.clock.now();
  const watcher = watchBranch({
    repo,
    branch: options.branch,
    ...(options.pollMs ? { intervalMs: options.pollMs } : {}),
    onPush: async (event) => {
      const commitId = (event["detail"] as { commitId: string }).commitId;
      const behaviour = await behaviourAt(repo, commitId);
      if ("problems" in behaviour) {
        options.write(`skipped ${commitId.slice(0, 12)}: its behaviour.json is invalid, so how the service behaves at it is unknown (${behaviour.problems.join("; ")}); fix it in a new commit`);
        return;
      }
      sandbox.catalog.set(commitId, behaviour.behaviour ? { behaviour: behaviour.behaviour } : {});
      const started = await sandbox.push(event);
      options.write(started.status === "ignored" ? `push ignored: ${started.reason}` : `push ${commitId.slice(0, 12)}: ${started.status} ${started.executionName}`);
    },
    onError: (error) => options.write(`watch: ${error.message}`),
    onBranchMissing: async () => {
      const branches = await branchNames(repo);
      options.write(`branch ${options.branch} does not exist in ${repo} (${branches.length ? `branches: ${branches.join(", ")}` : "no commit yet"}); waiting for a commit on it (--branch)`);
    },
  });
  // Look at once rather than a poll interval later: a missing branch is said before anyone waits on it.
  await watcher.poll().catch((error: Error) => options.write(`watch: ${error.message}`));
  return {
    sandbox,
    async stop() {
      watcher.stop();
      if ([...sandbox.executions.runs.values()].some((run) => run.status === "RUNNING"))
        options.write("stopping: the deployment in progress runs to its end first");
      await sandbox.executions.settled();
      for (const line of await summary(sandbox, options.branch)) options.write(line);
      await sandbox.close();
    },
  };
}

/** A commit's behaviour.json: absent (the default behaviour), valid, or its problems. */
async function behaviourAt(repo: string, commit: string): Promise<{ behaviour?: VersionBehaviour } | { problems: string[] }> {
  const text = await fileAt(repo, commit, "behaviour.json");
  if (text === null) return {};
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { problems: [`not JSON: ${(error as Error).message}`] };
  }
  const parsed = versionBehaviourSchema.safeParse(document);
  return parsed.success ? { behaviour: parsed.data } : { problems: parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`) };
}

/** What the watch deployed, oldest first, and what is live as it ends. */
async function summary(sandbox: Sandbox, branch: string): Promise<string[]> {
  const { app, env } = sandbox.config;
  const deployments = (await sandbox.adapters.ledger.listDeployments(app, env)).reverse();
  const live = await sandbox.adapters.ledger.getLive(app, env);
  return [
    `Stopped watching ${branch}: ${deployments.length === 0 ? "no deployment" : `${deployments.length} deployment${deployments.length === 1 ? "" : "s"}`}.`,
    ...deployments.map((deployment) => `  ${deployment.commit.slice(0, 12)}  ${deployment.outcome.padEnd(11)} ${deployment.reason ?? ""}`),
    `Live: ${live?.commit ? `${live.commit.slice(0, 12)} on slot ${live.liveSlot}` : "nothing yet"}.`,
  ];
}
