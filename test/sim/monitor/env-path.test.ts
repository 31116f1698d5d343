// The monitor watches every env of a sandbox running an env path, not only the first: an empty fleet still
// getting prod's traffic (I2) and a prod fleet left up with nothing to serve (I6) are reported, named by env.
import { UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { describe, expect, it } from "vitest";
import { envConfig } from "../scenarios/env-path-builders.ts";
import { startWatched, violationsOf } from "./watched-sandbox.ts";

describe("the invariant monitor on an env path", () => {
  it("reports prod's live fleet scaled to zero under its traffic, and prod's idle fleet left up, naming prod", async () => {
    const { sandbox, monitor, push } = await startWatched({ config: envConfig("dev"), envs: [envConfig("prod", { promotedFrom: "dev", soak: "0s" })] });
    try {
      await push("v1");
      await sandbox.idle(30 * 60);
      await sandbox.executions.settled();
      const live = await sandbox.adapters.ledger.getLive("shop-api", "prod");
      expect(live?.liveSlot).toBe("b");
      const scale = (group: string, desired: number) => sandbox.clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group, MinSize: desired, MaxSize: 2, DesiredCapacity: desired }));
      // Someone scales prod's idle slot up and leaves it, and its live slot down under its traffic.
      await scale("shop-api-prod-a", 2);
      await scale("shop-api-prod-b", 0);
      sandbox.clock.advance(60_000);
      const { violations } = await monitor.finish();
      expect(violationsOf(violations, "I2")[0]?.detail).toMatch(/^shop-api\/prod: slot b: .* but auto scaling group shop-api-prod-b has 0 InService/);
      expect(violationsOf(violations, "I6")[0]?.detail).toMatch(/^shop-api\/prod: slot a: auto scaling group shop-api-prod-a still has desired capacity 2 with no deployment running/);
    } finally {
      await sandbox.close();
    }
  }, 240_000);
});
