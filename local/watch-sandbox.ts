// `glidepath local watch`: a paced sandbox whose deployments come from commits on a local branch.
import type { ConfigInput } from "../functions/core/config.ts";
import { versionBehaviourSchema } from "./app/behaviour.ts";
import { fileAt } from "./git.ts";
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
      const behaviour = versionBehaviourSchema.safeParse(JSON.parse((await fileAt(repo, commitId, "behaviour.json")) ?? "{}"));
      sandbox.catalog.set(commitId, behaviour.success ? { behaviour: behaviour.data } : {});
      const started = await sandbox.push(event);
      options.write(started.status === "ignored" ? `push ignored: ${started.reason}` : `push ${commitId.slice(0, 12)}: ${started.status} ${started.executionName}`);
    },
    onError: (error) => options.write(`watch: ${error.message}`),
  });
  return {
    sandbox,
    async stop() {
      watcher.stop();
      await sandbox.executions.settled();
      await sandbox.close();
    },
  };
}
