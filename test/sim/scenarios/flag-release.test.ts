// Deploy ≠ release: a build ships a feature dark behind a flag, its deployment is promoted, then the flag is
// released step by step by the flag release state machine under the env's alarms. A harmless feature reaches
// 100%; a bad one is caught by the live slot's error-rate alarm at 25% and its flag put back, while the
// deployment stays live. The invariant monitor watches throughout.
import { describe, expect, it } from "vitest";
import { parseLifecycleEvent } from "../../../functions/core/lifecycle-events.ts";
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
      // Its lifecycle events, read back with the published schema: started, the 5% step and its bake, the 25% step, rolled back.
      const announced = sandbox.sim.eventbridge.events
        .filter(({ detail }) => detail["deploymentId"] === release.executionArn.split(":").at(-1))
        .map(({ detailType, detail }) => parseLifecycleEvent({ "detail-type": detailType, detail }));
      expect(announced.map((event) => [event.detailType, (event.detail as { kind?: string }).kind ?? null])).toEqual([
        ["Deployment Started", null],
        ["Step Completed", "setFlag"],
        ["Step Completed", "bake"],
        ["Step Completed", "setFlag"],
        ["Deployment Rolled Back", null],
      ]);
      expect(announced.at(-1)).toMatchObject({ detail: { outcome: "rolled_back", reason: expect.stringContaining(ALARM) } });
      expect(deployment).toMatchObject({ outcome: "promoted", commit: commitIdOf("v2") });
      const status = JSON.parse((await cli("status", "--json")).stdout);
      expect(status.live).toMatchObject({ commit: commitIdOf("v2"), slot: "a" });
      expect(await sandbox.weights()).toEqual({ a: 100, b: 0 });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it("is put back by cleanup when its own revert ran out of retries (SSM refusing the write), and the record says so", async () => {
    const { sandbox, monitor, cli } = await aSandboxWithDarkFeature(0.5);
    try {
      expect((await cli("flag", "rollout", "new-checkout", "--steps", "5,25,50,100", "--bake", "10m")).code).toBe(0);
      // 5% bakes 10 minutes, then 25% is set and its bake fails on the alarm: every try of "Revert the flag"
      // (one invocation and the rollback path's 3 retries) is refused, then SSM accepts writes again.
      await sandbox.idle(11 * 60);
      sandbox.sim.faults.inject({ service: "ssm", operation: "PutParameter", error: "AccessDeniedException", times: 4 });
      await sandbox.executions.settled();
      // Left at 25% by a release that ended failed, the flag would be I1 at rest.
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);

      const [release] = await historyOf(cli);
      expect(release.outcome).toBe("failed");
      expect(release.reason).toContain("Flag new-checkout reverted to flags version 1 (25% of userId → off");
      expect(release.reason).toContain("cleanup after execution FAILED");
      expect(JSON.parse((await cli("flag", "get", "new-checkout", "--json")).stdout)).toMatchObject({ flag: { state: "off" } });
      expect(sandbox.sim.faults.fired.filter((fault) => fault.operation === "PutParameter")).toHaveLength(4);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it("is stopped by a kill of its flag mid-way, and the kill stands: nothing sets the flag again or reverts it", async () => {
    const { sandbox, monitor, cli } = await aSandboxWithDarkFeature(0);
    try {
      expect((await cli("flag", "rollout", "new-checkout", "--steps", "5,25,100", "--bake", "10m")).code).toBe(0);
      // 5% bakes 10 minutes, then 25% is set and bakes: kill it then.
      await sandbox.idle(15 * 60);
      // Out of band, as an operator acts: virtual time waits for these commands.
      const status = await sandbox.outOfBand(() => cli("status"));
      expect(status.stdout).toContain(`  releasing:  flag new-checkout on the live release (${commitIdOf("v2").slice(0, 12)}, slot a), in progress since`);
      expect(status.stdout).toContain("  step:       4 of 6 (bake): Bake under alarm watch: 10m at 25%\n");
      expect(JSON.parse((await sandbox.outOfBand(() => cli("status", "--json"))).stdout).deployment).toMatchObject({ strategy: "flagRelease new-checkout", step: { index: 4, count: 6, kind: "bake" } });
      const killed = await sandbox.outOfBand(() => cli("flag", "kill", "new-checkout", "--reason", "support tickets"));
      expect(killed.code).toBe(0);
      expect(killed.stdout).toMatch(/^shop-api\/sandbox: new-checkout: 25% of userId → off \(flags version 4, was 3\); stopped its release shop-api-sandbox-flag-new-checkout-\w+ \(stopped\)\n$/);
      await sandbox.executions.settled();
      await sandbox.idle(30 * 60);

      const [release] = await historyOf(cli);
      expect(release.outcome).toBe("failed");
      expect(release.reason).toContain("aborted by operator alice: flag new-checkout killed: support tickets");
      expect(JSON.parse((await cli("flag", "get", "new-checkout", "--json")).stdout)).toMatchObject({ version: 4, flag: { state: "off" } });
      expect(await sandbox.adapters.lease.current("shop-api", "sandbox")).toBeNull();
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it("holds the app/env's lease: a push during it waits in the queue and deploys once it ends; it is refused while a deployment runs", async () => {
    const { sandbox, monitor, push, cli } = await aSandboxWithDarkFeature(0);
    try {
      const started = JSON.parse((await cli("flag", "rollout", "new-checkout", "--steps", "5,100", "--bake", "10m", "--json")).stdout);
      await sandbox.idle(120);
      await push("v3", "v2");
      await sandbox.executions.settled();
      const [v3, release] = await historyOf(cli);
      expect(release).toMatchObject({ strategy: "flagRelease new-checkout", outcome: "promoted" });
      expect(v3).toMatchObject({ commit: commitIdOf("v3"), outcome: "promoted" });
      expect(Date.parse(v3.startedAt)).toBeGreaterThanOrEqual(Date.parse(release.endedAt));
      expect(started.execution).toMatch(/^shop-api-sandbox-flag-new-checkout-/);

      await push("v4", "v3");
      await sandbox.idle(60);
      const refused = JSON.parse((await sandbox.outOfBand(() => cli("flag", "rollout", "new-checkout", "--json"))).stdout);
      // The flag is at 100% already: a rollout to 100% is refused as bad input before anything starts.
      expect(refused.error.problems).toEqual(["steps[0]: must be above the flag's 100% now (percentage)"]);
      await sandbox.outOfBand(() => cli("flag", "set", "new-checkout", "--off"));
      const busy = await sandbox.outOfBand(() => cli("flag", "rollout", "new-checkout", "--json"));
      expect(busy.code).toBe(1);
      expect(JSON.parse(busy.stdout).error).toMatchObject({ name: "FlagReleaseRefusedError", message: expect.stringMatching(/^shop-api\/sandbox is busy: shop-api-sandbox-\w+ holds its lease/) });
      // Started anyway (a second operator raced the first), the release's first Task refuses the same way, changing nothing.
      const raced = "shop-api-sandbox-flag-new-checkout-raced";
      await sandbox.executions.start({ name: raced, input: { app: "shop-api", env: "sandbox", flagRelease: { flag: "new-checkout", steps: [5, 100], bakeSeconds: 600, by: "carol", reason: "" } } });
      const { result } = await sandbox.executions.runs.get(raced)!.done;
      expect(result).toMatchObject({ status: "FAILED", error: "FlagReleaseRefusedError", cause: expect.stringMatching(/^shop-api\/sandbox is busy: shop-api-sandbox-\w+ holds its lease/) });
      await sandbox.executions.settled();
      expect((await historyOf(cli))[0]).toMatchObject({ commit: commitIdOf("v4"), outcome: "promoted" });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 180_000);

  it("is stopped by glidepath abort on the flag release state machine, where it runs, leaving the flag where it was", async () => {
    const { sandbox, monitor, cli } = await aSandboxWithDarkFeature(0);
    try {
      const started = JSON.parse((await cli("flag", "rollout", "new-checkout", "--steps", "5,100", "--bake", "10m", "--json")).stdout);
      await sandbox.idle(5 * 60);
      const stops: string[] = [];
      const base = sandboxBackend(sandbox);
      const recording = (machine: string) => ({ stop: (name: string, cause: string) => (stops.push(`${machine} ${name}`), sandbox.executions.stop(name, cause)) });
      const backend = { ...base, flagReleases: { ...base.flagReleases, ...recording("flags") }, adapters: { ...base.adapters, executions: { ...base.adapters.executions, ...recording("deployments") } } };
      const aborted = await sandbox.outOfBand(() => glidepath("abort", ...APP, "--reason", "wrong day", { backend, env: { GLIDEPATH_OPERATOR: "bob" } }));
      expect(aborted.code).toBe(0);
      expect(stops).toEqual([`flags ${started.execution}`]);
      await sandbox.executions.settled();
      const [release] = await historyOf(cli);
      expect(release).toMatchObject({ outcome: "failed", control: { kind: "operatorAbort", by: "bob" } });
      expect(JSON.parse((await cli("flag", "get", "new-checkout", "--json")).stdout)).toMatchObject({ flag: { state: "percentage", percent: 5 } });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
