// Image retention in the sandbox: releases promoted one after another leave exactly the images that are
// still needed or among the newest `image.keep`; the rest are deregistered with their snapshots.
import { DescribeImagesCommand, DescribeSnapshotsCommand, type Image } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { IMAGE_TAG } from "../../../functions/core/naming.ts";
import { deployRelease } from "../../../local/sandbox/deploy-release.ts";
import { startSandbox, type Sandbox } from "../../../local/sandbox/sandbox.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";

const label = new Map<string, string>();
const commitOf = (image: Image) => label.get(image.Tags?.find((t) => t.Key === IMAGE_TAG.commit)?.Value ?? "") ?? "untagged";

async function release(sandbox: Sandbox, releases: Array<{ commit: string; errorRate?: number }>) {
  const outcomes: string[] = [];
  let previous: string | undefined;
  for (const { commit, errorRate = 0 } of releases) {
    const commitId = commitIdOf(commit);
    label.set(commitId, commit);
    sandbox.catalog.set(commitId, { version: commit, behaviour: { errorRate } });
    const [outcome] = await deployRelease(sandbox, { label: commit, commitId, ...(previous ? { previousCommitId: previous } : {}), deliverTwice: false });
    outcomes.push(`${commit} ${outcome?.outcome}`);
    previous = commitId;
    // Preflight refuses to start while an alarm is in ALARM: after a rollback, wait for the alarm to clear
    // (its bad slot gets no traffic, so its datapoints go missing and count as not breaching).
    if (outcome?.outcome === "rolled_back") sandbox.clock.advance(10 * 60_000);
  }
  return outcomes;
}

describe("image retention in the sandbox", () => {
  it("after seven promotions and a rolled-back build, with keep 5, the five newest images remain and the rest are gone with their snapshots", async () => {
    const sandbox = await startSandbox({ traffic: "synthetic" });
    try {
      const releases = [{ commit: "v1" }, { commit: "v2" }, { commit: "v3-bad", errorRate: 0.2 }, ...["v4", "v5", "v6", "v7", "v8"].map((commit) => ({ commit }))];
      expect(await release(sandbox, releases)).toEqual(releases.map(({ commit }) => `${commit} ${commit.endsWith("bad") ? "rolled_back" : "promoted"}`));

      const { Images = [] } = await sandbox.clients.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: `tag:${IMAGE_TAG.app}`, Values: ["shop-api"] }] }));
      // v3-bad's image went onto slot a's launch template, then v4's replaced it there: nothing needs it.
      expect(Images.map(commitOf).sort()).toEqual(["v4", "v5", "v6", "v7", "v8"]);
      // What still serves or launches is among them: the live image and both slots' launch templates.
      const live = await sandbox.adapters.ledger.getLive("shop-api", "sandbox");
      const fleet = sandbox.adapters.fleets.autoscaling;
      const needed = [live?.imageId, ...(await fleet.launchImages("shop-api-sandbox-a")), ...(await fleet.launchImages("shop-api-sandbox-b"))];
      expect(Images.map((i) => i.ImageId)).toEqual(expect.arrayContaining(needed));
      // Only the remaining images' snapshots are left.
      const { Snapshots = [] } = await sandbox.clients.ec2.send(new DescribeSnapshotsCommand({}));
      expect(Snapshots.map((s) => s.SnapshotId).sort()).toEqual(Images.flatMap((i) => i.BlockDeviceMappings?.map((m) => m.Ebs?.SnapshotId) ?? []).sort());
      // Every deployment record names its image, the rolled-back one too.
      const records = await sandbox.adapters.ledger.listDeployments("shop-api", "sandbox", 20);
      expect(records.map((r) => [label.get(r.commit), r.imageId?.startsWith("ami-")])).toEqual([...releases].reverse().map(({ commit }) => [commit, true]));
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
