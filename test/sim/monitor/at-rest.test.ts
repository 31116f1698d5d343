// I1, I4 and I7, checked when nothing runs: a lease left held, and an old commit made live by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvariantReport } from "../../../local/monitor/violation-log.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { startWatched, violationsOf, type WatchedSandbox } from "./watched-sandbox.ts";

describe("the invariant monitor at rest", () => {
  let watched: WatchedSandbox;
  let report: InvariantReport;
  let afterRelease: InvariantReport;

  beforeAll(async () => {
    watched = await startWatched();
    const { sandbox, monitor } = watched;
    const { app, env } = sandbox.config;
    const { lease, ledger } = sandbox.adapters;
    // v0 was pushed (and superseded by v1 before its event came); v1 is deployed to slot b.
    monitor.branchHead(commitIdOf("v0"), "v0");
    await watched.push("v1", "v0");
    await sandbox.executions.settled();
    await monitor.atRest();
    afterRelease = structuredClone(await monitor.finish());

    // Someone takes the lease and never gives it back.
    const ghost = await lease.acquire(app, env, "shop-api-sandbox-ghost", 3600);
    await monitor.atRest();
    // Then writes v0 live with it: the branch goes backwards, and slot b's fleet no longer runs the live commit.
    const live = (await ledger.getLive(app, env))!;
    await ledger.setLive({ ...live, commit: commitIdOf("v0"), updatedAt: new Date(sandbox.clock.now()).toISOString() }, ghost!.fencingToken);
    await lease.release(app, env, ghost!.owner, ghost!.fencingToken);
    await monitor.atRest();
    report = await monitor.finish();
  }, 120_000);

  afterAll(() => watched?.sandbox.close());

  it("finds nothing wrong after a good first deployment", () => {
    expect(afterRelease.violations).toEqual([]);
  });

  it("reports a lease held while no execution runs (I4)", () => {
    expect(violationsOf(report.violations, "I4")).toEqual([
      expect.objectContaining({ detail: expect.stringMatching(/lease of shop-api\/sandbox is held by shop-api-sandbox-ghost .* while no execution runs/) }),
    ]);
  });

  it("reports the live commit going back to one pushed before it (I7)", () => {
    expect(violationsOf(report.violations, "I7")).toEqual([expect.objectContaining({ detail: expect.stringContaining("went back from v1 to v0") })]);
  });

  it("reports a serving fleet that does not run the ledger's live commit (I1)", () => {
    expect(violationsOf(report.violations, "I1")).toEqual([
      expect.objectContaining({ detail: "at rest, slot b's fleet runs v1 but the ledger's live commit is v0" }),
    ]);
  });
});
