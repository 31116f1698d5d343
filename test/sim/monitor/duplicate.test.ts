// I5: a retried event that starts a second execution for the same push, which shifts traffic again.
import { DeregisterImageCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvariantReport } from "../../../local/monitor/violation-log.ts";
import { startWatched, violationsOf, type WatchedSandbox } from "./watched-sandbox.ts";

describe("the invariant monitor: I5, a push deploys at most once", () => {
  let watched: WatchedSandbox;
  let report: InvariantReport;
  let first: string;

  beforeAll(async () => {
    watched = await startWatched();
    const { sandbox, monitor } = watched;
    first = await watched.push("v1");
    await sandbox.executions.settled();
    // Image retention deregisters v1's AMI; then the same push is started again under another name, as a
    // retry with a fresh execution name would be, and bakes and canaries v1 a second time.
    const live = await sandbox.adapters.ledger.getLive(sandbox.config.app, sandbox.config.env);
    await sandbox.clients.ec2.send(new DeregisterImageCommand({ ImageId: live!.imageId! }));
    const input = sandbox.executions.runs.get(first)!.input;
    await sandbox.executions.start({ name: "shop-api-sandbox-v1-retried", input });
    await sandbox.executions.settled();
    report = await monitor.finish();
  }, 180_000);

  afterAll(() => watched?.sandbox.close());

  it("reports a commit whose traffic two executions shifted", () => {
    expect(violationsOf(report.violations, "I5")).toEqual([
      expect.objectContaining({ detail: `v1 was pushed once but 2 executions shifted its traffic: ${first}, shop-api-sandbox-v1-retried` }),
    ]);
  });
});
