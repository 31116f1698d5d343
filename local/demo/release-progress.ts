// Where the release being deployed stands, from the run's progress events: which release (the execution
// acting now, not the last one promoted), its latest step in a few words, and the verdict of its last bake.
import { isPollingLine } from "../report/polling-lines.ts";
import type { RunEvent } from "../sandbox/runner.ts";

export interface Progress {
  /** The release of the execution that acted last ("v3"), or null before the first push. */
  release: string | null;
  step: string;
  verdict: string | undefined;
}

export class ReleaseProgress {
  private execution: string | undefined;
  private state: Progress = { release: null, step: "waiting for a push", verdict: undefined };

  /** `releaseOf` names an execution's release (a label such as "v2"); its name is shown otherwise. */
  constructor(private readonly releaseOf: (execution: string) => string | undefined = () => undefined) {}

  /**
   * Example: "Promoted 3012b47…" from v1's execution, then "Took the lease…" from v2's → release v2, step
   * "Took the lease of shop-api/sandbox", no verdict: a new release's status never shows the last one's.
   */
  readonly onEvent = (event: RunEvent): void => {
    // Out-of-band actors (circuit breaker, reconciler) act on the release in flight; they do not start one.
    if (event.execution !== "-" && event.execution !== this.execution) {
      this.execution = event.execution;
      this.state = { release: this.releaseOf(event.execution) ?? event.execution, step: "starting", verdict: undefined };
    }
    if (event.kind === "verdict") this.state.verdict = event.text.split(" — ")[1] ?? event.text;
    else if (!isPollingLine(event.text)) this.state.step = event.text.split(/[:(—]/)[0]!.trim();
    if (event.kind === "promote" || event.state === "Deployment failed") this.state.verdict = undefined;
  };

  current(): Progress {
    return { ...this.state };
  }
}
