// Deploy ≠ release: a build ships a feature dark behind a flag, its deployment is promoted, then the flag is
// released step by step by the flag release state machine under the env's alarms. A harmless feature reaches
// 100%; a bad one is caught by the live slot's error-rate alarm at 25% and its flag put back, while the
// deployment stays live. The invariant monitor watches throughout.
import { describe, expect, it } from "vitest";
import { behaviourOf } from "../../../local/app/behaviour.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { violationsAtRest } from "../../fixtures/operator-sandbox.ts";
import { sandboxBackend } from "../../fixtures/sandbox-backend.ts";
import { glidepath } from "../../cli/run-cli.ts";
import { startWatched } from "../monitor/watched-sandbox.ts";

const APP = ["--app", "shop-api", "--env", "sandbox"];
const ALARM = "shop-api-sandbox-a-error-rate";

/** v1 live, then v2 (shipping `new-checkout` dark, failing `darkErrorRate` of the requests it is on for) promoted on slot a. */
async function aSandboxWithDarkFeature(darkErrorRate: number) {
  const watched = await startWatched();
  const { sandbox } = watched;
  sandbox.catalog.set(commitIdOf("v2"), { version: "v2", behaviour: behaviourOf({ darkFeature: { flag: "new-checkout", errorRate: darkErrorRate } }) });
  const backend = sandboxBackend(sandbox);
  const cli = (...args: string[]) => glidepath(...args, ...APP, { backend, env: { GLIDEPATH_OPERATOR: "alice" } });
  await watched.push("v1");
  await sandbox.executions.settled();
  expect((await cli("flag", "set", "new-checkout", "--off", "--description", "checkout v2")).code).toBe(0);
  await watched.push("v2", "v1");
  await sandbox.executions.settled();
  return { ...watched, cli };
}

const historyOf = async (cli: (...args: string[]) => Promise<{ stdout: string }>) => JSON.parse((await cli("history", "--json")).stdout).deployments;

describe("a flag release", () => {
  it("is promoted step by step to 100% when the env's alarms stay quiet, on top of the live release", async () => {
    const { sandbox, monitor, cli } = await aSandboxWithDarkFeature(0);
    try {
      const started = await cli("flag", "rollout", "new-checkout", "--to", "100", "--steps", "5,25,50,100", "--bake", "10m", "--json");
      expect(started.code).toBe(0);
      expect(JSON.parse(started.stdout)).toMatchObject({ flag: "new-checkout", steps: [5, 25, 50, 100], bakeSeconds: 600, revertTo: 1 });
      await sandbox.executions.settled();

      const [release, deployment] = await historyOf(cli);
      expect(release).toMatchObject({ outcome: "promoted", strategy: "flagRelease new-checkout", commit: commitIdOf("v2") });
      expect(release.reason).toMatch(/^Flag new-checkout released: 100% of userId in shop-api\/sandbox \(flags version 5\)/);
      expect(deployment).toMatchObject({ outcome: "promoted", commit: commitIdOf("v2") });
      expect(JSON.parse((await cli("flag", "get", "new-checkout", "--json")).stdout)).toMatchObject({ version: 5, flag: { state: "percentage", percent: 100 } });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it("is reverted at 25% by the live slot's error-rate alarm, naming it, while the deployment stays live", async () => {
    const { sandbox, monitor, cli } = await aSandboxWithDarkFeature(0.5);
    try {
      expect((await cli("flag", "rollout", "new-checkout", "--steps", "5,25,50,100", "--bake", "10m")).code).toBe(0);
      await sandbox.executions.settled();

      const [release, deployment] = await historyOf(cli);
      expect(release.outcome).toBe("rolled_back");
      expect(release.reason).toContain(`Flag new-checkout reverted to flags version 1 (25% of userId → off`);
      expect(release.reason).toContain(`AlarmTriggeredError`);
      expect(release.reason).toContain(ALARM);
      expect(release.control).toMatchObject({ kind: "circuitBreaker" });
      // The release reached 25% and no further: 5% passed its bake, 25% was caught.
      const record = await sandbox.adapters.ledger.getDeployment("shop-api", "sandbox", release.executionArn.split(":").at(-1));
      expect(record?.steps.filter((step) => step.kind === "setFlag").map((step) => step.reason.match(/→ (\d+)%/)?.[1])).toEqual(["5", "25"]);
      expect(record?.steps.filter((step) => step.kind === "bake" && step.verdict === "healthy")).toHaveLength(1);

      expect(JSON.parse((await cli("flag", "get", "new-checkout", "--json")).stdout)).toMatchObject({ version: 4, flag: { state: "off" } });
      expect(deployment).toMatchObject({ outcome: "promoted", commit: commitIdOf("v2") });
      const status = JSON.parse((await cli("status", "--json")).stdout);
      expect(status.live).toMatchObject({ commit: commitIdOf("v2"), slot: "a" });
      expect(await sandbox.weights()).toEqual({ a: 100, b: 0 });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
