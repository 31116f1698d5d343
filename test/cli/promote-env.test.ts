// The env path with the operator's commands, in one sandbox with dev → staging → prod: a rollback in prod leaves
// staging alone and is not undone by the next promotion round; a failed promotion blocks the next automatic one
// of that image and says so in status and history; promote-env sends it again by hand; approve starts a soaked one.
import { describe, expect, it } from "vitest";
import { STATE } from "../../stacks/definition.ts";
import { commitIdOf } from "../../local/scenario/run-scenario.ts";
import type { SandboxOptions } from "../../local/sandbox/sandbox.ts";
import { sandboxBackend } from "../fixtures/sandbox-backend.ts";
import { startWatched } from "../sim/monitor/watched-sandbox.ts";
import { envConfig, THREE_ENVS } from "../sim/scenarios/env-path-builders.ts";
import { glidepath } from "./run-cli.ts";

const HOURS = 3600;
const PROD = ["--app", "shop-api", "--env", "prod"];
const STAGING = ["--app", "shop-api", "--env", "staging"];

/** dev → staging → prod with v1 everywhere; `cli` runs glidepath against it as operator alice. */
async function aPathWithV1(options: SandboxOptions = {}, envs = [THREE_ENVS.staging, THREE_ENVS.prod]) {
  const watched = await startWatched({ config: THREE_ENVS.dev, envs, ...options });
  const backend = sandboxBackend(watched.sandbox);
  const cli = (...args: string[]) => glidepath(...args, { backend, env: { GLIDEPATH_OPERATOR: "alice" } });
  const liveIn = async (env: string) => (await watched.sandbox.adapters.ledger.getLive("shop-api", env))?.commit;
  await watched.push("v1");
  await watched.sandbox.idle(4 * HOURS);
  await watched.sandbox.executions.settled();
  return { ...watched, cli, liveIn };
}

describe("the env path with the operator's commands", () => {
  it("a prod rollback leaves staging on the newer release, and the next rounds do not promote it again", async () => {
    const { sandbox, monitor, push, cli, liveIn } = await aPathWithV1();
    try {
      await push("v2", "v1");
      await sandbox.idle(4 * HOURS);
      await sandbox.executions.settled();
      expect([await liveIn("dev"), await liveIn("staging"), await liveIn("prod")]).toEqual([commitIdOf("v2"), commitIdOf("v2"), commitIdOf("v2")]);
      // prod went through its own canary, as staging did.
      const [prodV2] = JSON.parse((await cli("history", ...PROD, "--json")).stdout).deployments;
      expect(prodV2).toMatchObject({ outcome: "promoted", strategy: "canary", requestedBy: { kind: "promotion", by: "glidepath (soak passed)" }, promotedFrom: { env: "staging" } });

      const rollback = await cli("rollback", ...PROD, "--reason", "checkout broke in prod");
      expect(rollback.code).toBe(0);
      await sandbox.executions.settled();
      expect([await liveIn("dev"), await liveIn("staging"), await liveIn("prod")]).toEqual([commitIdOf("v2"), commitIdOf("v2"), commitIdOf("v1")]);

      await sandbox.idle(3 * HOURS);
      await sandbox.executions.settled();
      expect(await liveIn("prod")).toBe(commitIdOf("v1"));
      const status = JSON.parse((await cli("status", ...PROD, "--json")).stdout);
      expect(status.promotion).toMatchObject({ from: "staging", state: "blocked", commit: commitIdOf("v2"), reason: expect.stringContaining("has moved off it since: it is not promoted again by itself") });
      expect((await cli("status", ...STAGING, "--json")).stdout).toContain(commitIdOf("v2"));
      expect((await monitor.finish()).violations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 240_000);

  it("a failed promotion into prod blocks the next automatic one of that image, says so, and promote-env sends it again", async () => {
    // v2's prod deployment is stopped at its first bake (an execution stopped from the console).
    const stopProdV2 = (execution: string) => (execution.startsWith(`shop-api-prod-${commitIdOf("v2").slice(0, 12)}`) && !execution.endsWith("-2") ? STATE.bake : undefined);
    const { sandbox, monitor, push, cli, liveIn } = await aPathWithV1({ stopAt: stopProdV2 });
    try {
      await push("v2", "v1");
      await sandbox.idle(5 * HOURS);
      await sandbox.executions.settled();
      expect([await liveIn("staging"), await liveIn("prod")]).toEqual([commitIdOf("v2"), commitIdOf("v1")]);
      const [failed] = JSON.parse((await cli("history", ...PROD, "--json")).stdout).deployments;
      expect(failed).toMatchObject({ commit: commitIdOf("v2"), outcome: "failed" });

      const status = await cli("status", ...PROD);
      expect(status.stdout).toContain(`promotion:  from staging, blocked: ${failed.executionArn.split(":").pop()}, a deployment of ${commitIdOf("v2").slice(0, 12)}`);
      expect(status.stdout).toContain("automatic promotion of that image is blocked; glidepath promote-env sends it again");

      const unknown = await cli("promote-env", "--app", "shop-api", "--from", "staging", "--to", "prod", "--commit", "0000000000");
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("commit 0000000000 was not promoted in shop-api/staging: it was never deployed there");
      const wrongFrom = await cli("promote-env", "--app", "shop-api", "--from", "dev", "--to", "prod");
      expect(wrongFrom.code).toBe(2);
      expect(wrongFrom.stderr).toContain("shop-api/prod is promoted from staging, not from dev");

      const again = await cli("promote-env", "--app", "shop-api", "--from", "staging", "--to", "prod", "--reason", "the stop was a mistake", "--json");
      expect(again.code).toBe(0);
      const started = JSON.parse(again.stdout);
      expect(started).toMatchObject({ commit: commitIdOf("v2"), requestedBy: { kind: "promotion", by: "alice" }, promotedFrom: { env: "staging" }, reason: expect.stringContaining("(by hand, over: ") });
      await sandbox.executions.settled();
      expect(await liveIn("prod")).toBe(commitIdOf("v2"));
      const [record] = await sandbox.adapters.ledger.listDeployments("shop-api", "prod", 1);
      const [stagingV2] = await sandbox.adapters.ledger.listDeployments("shop-api", "staging", 1);
      expect(record).toMatchObject({ outcome: "promoted", imageId: stagingV2!.imageId, promotedFrom: { deploymentId: stagingV2!.deploymentId, imageId: stagingV2!.imageId } });
      expect((await monitor.finish()).violations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 240_000);

  it("with approval on, a soaked release waits for glidepath approve, which starts it", async () => {
    const prod = envConfig("prod", { promotedFrom: "dev", soak: "30m", approval: true });
    const { sandbox, monitor, cli, liveIn } = await aPathWithV1({}, [prod]);
    try {
      expect(await liveIn("prod")).toBeUndefined();
      const waiting = JSON.parse((await cli("status", ...PROD, "--json")).stdout);
      expect(waiting.promotion).toMatchObject({ state: "awaitingApproval", commit: commitIdOf("v1"), reason: expect.stringContaining("waits for approval: glidepath approve --app shop-api --env prod") });
      const rejected = await cli("approve", ...PROD, "--reject");
      expect(rejected.code).toBe(1);
      expect(rejected.stderr).toContain("only starts once approved, so a rejection changes nothing");

      const approved = await cli("approve", ...PROD, "--reason", "release notes checked");
      expect(approved.code).toBe(0);
      expect(approved.stdout).toContain("promotion of");
      await sandbox.executions.settled();
      expect(await liveIn("prod")).toBe(commitIdOf("v1"));
      expect((await monitor.finish()).violations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 240_000);
});
