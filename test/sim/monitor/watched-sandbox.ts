// Shared set-up for the monitor's tests: a sandbox with the invariant monitor attached, and pushes that tell
// the monitor the branch head as `runScenario` does.
import { codeCommitPushEvent } from "../../../local/codecommit-event.ts";
import { watchInvariants, type InvariantMonitor } from "../../../local/monitor/invariant-monitor.ts";
import type { InvariantId, Violation } from "../../../local/monitor/violation-log.ts";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../../local/sandbox/sandbox.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";

export interface WatchedSandbox {
  sandbox: Sandbox;
  monitor: InvariantMonitor;
  /** Makes `label` the branch head and delivers its push event; resolves with the started execution's name. */
  push(label: string, previous?: string): Promise<string>;
  /** Delivers a push event without telling the monitor a new head (a late or repeated delivery). */
  deliver(label: string, previous?: string): Promise<string>;
}

export async function startWatched(options: SandboxOptions = {}): Promise<WatchedSandbox> {
  const sandbox = await startSandbox({ traffic: "synthetic", ...options });
  const monitor = watchInvariants(sandbox);
  const deliver = async (label: string, previous?: string) => {
    const outcome = await sandbox.push(
      codeCommitPushEvent({ repositoryName: "shop-api", branch: "main", commit: commitIdOf(label), ...(previous ? { oldCommit: commitIdOf(previous) } : {}), time: new Date(sandbox.clock.now()) }),
    );
    if (outcome.status === "ignored") throw new Error(`push of ${label} ignored: ${outcome.reason}`);
    return outcome.executionName;
  };
  return {
    sandbox,
    monitor,
    deliver,
    push: (label, previous) => {
      monitor.branchHead(commitIdOf(label), label);
      return deliver(label, previous);
    },
  };
}

export const violationsOf = (violations: Violation[], invariant: InvariantId): Violation[] => violations.filter((violation) => violation.invariant === invariant);
