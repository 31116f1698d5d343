// How the sandbox retries the out-of-band handlers, as AWS does: cleanup waits out Route 53 itself, and a
// cleanup that still fails gets only Lambda's two async-invocation retries.
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../local/clock.ts";
import { instantPacer } from "../../../local/sandbox/pacer.ts";
import { withAsyncInvokeRetries, type RunEvent } from "../../../local/sandbox/runner.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario } from "./scenario-builders.ts";

describe("cleanup retries", () => {
  // Route 53 refuses a zone's next change only while it is still processing the last (PriorRequestNotComplete),
  // not for all of PENDING, so the restore lands at once; waiting out refusals is covered in test/events/cleanup.test.ts.
  it("restores the live slot after a stop mid-shift within one cleanup run, Route 53 taking the restore at once", async () => {
    const events: RunEvent[] = [];
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ stopAt: "Wait for DNS to sync", commit: "v2" }] }), {
      onEvent: (event) => events.push(event),
    });
    const stopped = result.deployments[1]!;
    expect(stopped.weights).toEqual({ a: 0, b: 100 });
    expect(events.filter((event) => event.state === "Cleanup").map((event) => event.text)).toEqual([expect.stringMatching(/^execution ABORTED: idle slot a had 10% of traffic; restoring b to 100%.*; deployment marked failed; lease released$/)]);
    // Not refused as still processing the shift (the account's request rate may still throttle it once).
    expect(events.filter((event) => event.state === "Cleanup").map((event) => event.text).join()).not.toMatch(/PriorChangePending|PriorRequestNotComplete/);
    const stoppedAt = events.find((event) => event.state === "Stopped")!.t;
    const cleanedAt = events.find((event) => event.state === "Cleanup")!.t;
    // Before Lambda's first retry would have come round (about a minute later).
    expect(cleanedAt - stoppedAt).toBeLessThan(60_000);
  });

  it("gives a failing handler Lambda's two async retries, 60 s then 120 s apart, then drops the event", async () => {
    const clock = new VirtualClock(0);
    const tries: number[] = [];
    const failures: string[] = [];
    const attempt = withAsyncInvokeRetries(instantPacer(clock), (error) => failures.push(error.message), async () => {
      tries.push(clock.now());
      throw new Error("PriorRequestNotComplete");
    });
    await expect(attempt).rejects.toThrow("PriorRequestNotComplete");
    expect(tries).toEqual([0, 60_000, 180_000]);
    expect(failures).toHaveLength(2);
  });
});
