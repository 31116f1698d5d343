// I8: an execution whose config does not load changes nothing. The monitor attributes every simulated call
// to the execution it was made for (cleanup included), so a mutating call by one that failed in Load config
// is reported.
import { UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { PutParameterCommand } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configParameterName } from "../../../functions/core/naming.ts";
import type { InvariantReport } from "../../../local/monitor/violation-log.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { startWatched, violationsOf, type WatchedSandbox } from "./watched-sandbox.ts";

describe("the invariant monitor: I8, bad input changes nothing", () => {
  let watched: WatchedSandbox;
  let report: InvariantReport;
  let honest: string;
  let meddling: string;

  beforeAll(async () => {
    watched = await startWatched();
    const { sandbox, monitor } = watched;
    // A config with a misspelled key: every execution now fails in Load config.
    const broken = { ...sandboxConfigInput(), strategy: { kind: "canary", step: [] } };
    await sandbox.clients.ssm.send(new PutParameterCommand({ Name: configParameterName("shop-api", "sandbox"), Type: "String", Value: JSON.stringify(broken), Overwrite: true }));
    honest = await watched.push("v1");
    await sandbox.executions.settled();
    // v2's execution fails the same way, and something acting for it scales a fleet as it ends.
    sandbox.listen((event) => {
      if (event.execution === meddling && event.state === "Deployment failed")
        void sandbox.clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: sandbox.config.fleet.slots!.a.group, MinSize: 0, DesiredCapacity: 0 }));
    });
    meddling = `shop-api-sandbox-${commitIdOf("v2").slice(0, 12)}`;
    await watched.push("v2", "v1");
    await sandbox.executions.settled();
    report = await monitor.finish();
  }, 120_000);

  afterAll(() => watched?.sandbox.close());

  it("reports the execution that failed in Load config and still made a mutating call", () => {
    expect(violationsOf(report.violations, "I8")).toEqual([
      expect.objectContaining({ detail: expect.stringMatching(new RegExp(`^${meddling} \\(v2\\) failed in Load config \\(ConfigInvalidError\\) yet made mutating calls: autoscaling:UpdateAutoScalingGroup$`)) }),
    ]);
  });

  it("does not report the one that changed nothing", () => {
    expect(violationsOf(report.violations, "I8").some((violation) => violation.detail.includes(honest))).toBe(false);
  });
});
