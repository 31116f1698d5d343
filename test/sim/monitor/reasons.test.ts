// I3: a non-promoted outcome must name its cause; "execution ABORTED" alone does not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vagueReason } from "../../../local/monitor/vague-reason.ts";
import type { InvariantReport } from "../../../local/monitor/violation-log.ts";
import type { ReleaseOutcome } from "../../../local/sandbox/deploy-release.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { startWatched, violationsOf, type WatchedSandbox } from "./watched-sandbox.ts";

describe("what counts as a reason naming its cause", () => {
  it.each([
    ["", "is empty"],
    ["   ", "is empty"],
    ["undefined", "is a placeholder"],
    ["promoted", "is a placeholder"],
    ["execution ABORTED", "says only that the execution ended"],
    ["execution ABORTED; cleanup: idle slot a had 10% of traffic; restoring b to 100%", "says only that the execution ended"],
    ["execution FAILED (States.TaskFailed)", "says only that the execution ended"],
    ["States.TaskFailed: ", "names an error without its message"],
    ["stopped at Wait for DNS to sync", "says where the execution stopped"],
  ])("finds %j vague: it %s", (reason, why) => {
    expect(vagueReason(reason)).toContain(why);
  });

  it.each([
    "Rolled back: AlarmTriggeredError: Bake 2: failed — shop-api-sandbox-b-error-rate is in ALARM",
    "execution ABORTED, superseded by shop-api-sandbox-123456789abc; cleanup: restored b to 100%",
    "stopped at Shift traffic, operator abort by alice: wrong build",
    "execution TIMED_OUT (States.Timeout)",
    "push ignored: refs/tags/v1 is a tag, not a branch",
    "SmokeTestFailedError: GET / answered 500 on 3 of 3 attempts",
  ])("accepts %j", (reason) => {
    expect(vagueReason(reason)).toBeUndefined();
  });
});

describe("the invariant monitor: I3, reasons name the cause", () => {
  let watched: WatchedSandbox;
  let report: InvariantReport;

  beforeAll(async () => {
    watched = await startWatched();
    const { sandbox, monitor } = watched;
    monitor.branchHead(commitIdOf("v1"), "v1");
    const outcome = (reason: string, execution: string): ReleaseOutcome => ({
      commit: "v1", commitId: commitIdOf("v1"), execution, outcome: "failed", reason, liveSlot: "b", weights: { a: 0, b: 100 }, steps: [], startedAt: sandbox.clock.now(), endedAt: sandbox.clock.now(),
    });
    monitor.released([outcome("execution ABORTED", "shop-api-sandbox-one"), outcome("ImageBuildFailedError: the bake of ami-1 failed", "shop-api-sandbox-two")]);
    report = await monitor.finish();
  }, 60_000);

  afterAll(() => watched?.sandbox.close());

  it("reports a release that failed with only \"execution ABORTED\" as its reason, and not one that names the failure", () => {
    expect(violationsOf(report.violations, "I3")).toEqual([
      expect.objectContaining({ detail: 'v1 failed: its reason says only that the execution ended (execution ABORTED), not why: "execution ABORTED"' }),
    ]);
  });
});
