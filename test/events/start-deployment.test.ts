import type { Context } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import type { ConfigStore, Executions } from "../../functions/adapters/ports.ts";
import type { ConfigInput } from "../../functions/core/config.ts";
import { ConfigNotFoundError, ThrottledError } from "../../functions/errors.ts";
import { handler, makeStartDeployment, startFromPush, type StartDeploymentDeps } from "../../functions/events/start-deployment.ts";
import { aConfig } from "../fixtures/config.ts";
import { A_COMMIT, AN_OLD_COMMIT, aPushEvent } from "../fixtures/events.ts";
import { FakeLease } from "../fixtures/fake-lease.ts";
import { FakeLedger } from "../fixtures/fake-ledger.ts";
import { VirtualClock } from "../../local/clock.ts";

const NOW = Date.parse("2024-05-01T12:00:05Z");
const ARN = "arn:aws:states:eu-west-1:123456789012:execution:glidepath";

/** Configs keyed `app/env`; a value of `null` is listed but gone by the time it is loaded. */
function configStore(documents: Record<string, unknown>, failLoad?: Error): ConfigStore {
  return {
    async list() {
      return Object.keys(documents).map((key) => {
        const [app = "", env = ""] = key.split("/");
        return { app, env };
      });
    },
    async load(app, env) {
      if (failLoad) throw failLoad;
      const document = documents[`${app}/${env}`];
      if (document === null || document === undefined) throw new ConfigNotFoundError(`no config for ${app}/${env}`);
      return { document, version: 3 };
    },
    async label() {
      throw new Error("starting a deployment labels no config version: Load config does");
    },
  };
}

/** Step Functions as far as names go: a name once used is taken. */
function executions(): Executions & { started: Array<{ name: string; input: unknown }> } {
  const started: Array<{ name: string; input: unknown }> = [];
  return {
    started,
    async start({ name, input }) {
      const executionArn = `${ARN}:${name}`;
      if (started.some((execution) => execution.name === name)) return { status: "exists", executionArn };
      started.push({ name, input });
      return { status: "started", executionArn };
    },
    async sendTaskSuccess() {},
    async sendTaskFailure() {},
    async stop() {
      return { status: "stopped" };
    },
    async describe(name) {
      return started.some((execution) => execution.name === name) ? { status: "RUNNING" } : { status: "not_found" };
    },
  };
}

function world(documents: Record<string, unknown> = { "shop-api/prod": aConfig() }) {
  const lines: string[] = [];
  const sfn = executions();
  const ledger = aLedger();
  const deps: StartDeploymentDeps = { configs: configStore(documents), executions: sfn, ledger, clock: { now: () => NOW }, log: (line) => lines.push(line) };
  return { deps, sfn, lines, ledger, start: makeStartDeployment(deps) };
}

function aLedger(): FakeLedger {
  return new FakeLedger(new FakeLease(new VirtualClock(NOW)));
}

const staging = (overrides: Partial<ConfigInput> = {}) => aConfig({ env: "staging", source: { repository: "shop-api", branch: "develop" }, ...overrides });

describe("start-deployment", () => {
  it("starts an execution named <app>-<env>-<commit12> with the push as input", async () => {
    const { start, sfn } = world();
    const outcome = await start(aPushEvent());
    expect(outcome).toMatchObject({ status: "started", app: "shop-api", env: "prod", executionName: "shop-api-prod-0123456789ab", executionArn: `${ARN}:shop-api-prod-0123456789ab` });
    expect(sfn.started).toEqual([
      {
        name: "shop-api-prod-0123456789ab",
        input: { app: "shop-api", env: "prod", commit: A_COMMIT, repository: "shop-api", branch: "main", source: "codecommit", receivedAt: "2024-05-01T12:00:05.000Z", before: AN_OLD_COMMIT },
      },
    ]);
  });

  it("records the push in the branch head chain: commit, parent = the head before it, when it arrived", async () => {
    const { start, ledger } = world();
    await start(aPushEvent());
    expect(await ledger.getPush("shop-api", "prod", A_COMMIT)).toMatchObject({
      commit: A_COMMIT, parent: AN_OLD_COMMIT, before: AN_OLD_COMMIT, forced: false, receivedAt: "2024-05-01T12:00:05.000Z", attempts: 1, status: "received",
    });
    expect((await ledger.pushesOnTopOf("shop-api", "prod", AN_OLD_COMMIT)).map((push) => push.commit)).toEqual([A_COMMIT]);
  });

  it("starts a force push back to an already deployed commit as a new attempt, with a name of its own", async () => {
    const { start, sfn, ledger } = world();
    await start(aPushEvent());
    const rewind = await start(aPushEvent({ detail: { commitId: AN_OLD_COMMIT, oldCommitId: A_COMMIT } }));
    const again = await start(aPushEvent({ detail: { commitId: A_COMMIT, oldCommitId: AN_OLD_COMMIT } }));
    expect(again).toMatchObject({ status: "already started" });
    // The old commit had no record yet, so its push is an ordinary one; now push A again from it, forced.
    const back = await start(aPushEvent({ detail: { commitId: A_COMMIT, oldCommitId: "f".repeat(40) } }));
    expect(rewind).toMatchObject({ status: "started" });
    expect(back).toMatchObject({ status: "started", executionName: "shop-api-prod-0123456789ab-2" });
    expect(sfn.started.at(-1)?.input).toMatchObject({ attempt: 2, before: "f".repeat(40) });
    expect(await ledger.getPush("shop-api", "prod", A_COMMIT)).toMatchObject({ attempts: 2, before: "f".repeat(40) });
  });

  it("marks a rewind to a commit the branch had moved past as a force push, cutting its parent link", async () => {
    const { start, ledger } = world();
    await start(aPushEvent());
    await start(aPushEvent({ detail: { commitId: AN_OLD_COMMIT, oldCommitId: A_COMMIT } }));
    expect(await ledger.getPush("shop-api", "prod", AN_OLD_COMMIT)).toMatchObject({ forced: true, parent: null, before: A_COMMIT });
  });

  it("reports a duplicate event as already started, not as an error", async () => {
    const { start, sfn } = world();
    await start(aPushEvent());
    const again = await start(aPushEvent());
    expect(again).toMatchObject({ status: "already started", executionName: "shop-api-prod-0123456789ab" });
    expect(sfn.started).toHaveLength(1);
  });

  it.each<[string, ReturnType<typeof aPushEvent> | unknown, string]>([
    ["a tag push", aPushEvent({ detail: { referenceType: "tag", referenceName: "v1.0.0" } }), "tag v1.0.0 of shop-api was pushed; only branch pushes deploy"],
    ["a branch deletion", aPushEvent({ detail: { event: "referenceDeleted" } }), "branch main of shop-api was deleted; nothing to deploy"],
    ["an unknown repository", aPushEvent({ detail: { repositoryName: "billing" } }), "no app is configured for repository billing"],
    ["an untracked branch", aPushEvent({ detail: { referenceName: "feature/x" } }), "branch feature/x of shop-api is not tracked (tracked: main)"],
    ["an event that is not a CodeCommit push", { source: "aws.s3" }, "not a CodeCommit Repository State Change event"],
  ])("ignores %s with one log line giving the reason", async (_rule, event, reason) => {
    const { start, sfn, lines } = world();
    const outcome = await start(event);
    expect(outcome.status).toBe("ignored");
    expect(outcome.status === "ignored" && outcome.reason).toContain(reason);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ handler: "start-deployment", status: "ignored" });
    expect(lines[0]).toContain(reason);
    expect(sfn.started).toEqual([]);
  });

  it("starts the env whose config tracks the pushed branch", async () => {
    const { start, sfn } = world({ "shop-api/prod": aConfig(), "shop-api/staging": staging() });
    await start(aPushEvent({ detail: { referenceName: "develop" } }));
    expect(sfn.started.map((execution) => execution.name)).toEqual(["shop-api-staging-0123456789ab"]);
  });

  it("starts every env tracking the same branch", async () => {
    const { start, sfn } = world({ "shop-api/prod": aConfig(), "shop-api/staging": staging({ source: { repository: "shop-api", branch: "main" } }) });
    const outcome = await start(aPushEvent());
    expect(sfn.started.map((execution) => execution.name)).toEqual(["shop-api-prod-0123456789ab", "shop-api-staging-0123456789ab"]);
    expect(outcome.status !== "ignored" && outcome.executions.map((execution) => execution.status)).toEqual(["started", "started"]);
  });

  it("starts a tracked branch whose config is invalid, so LoadConfig reports every problem", async () => {
    const { start, sfn, lines } = world({ "shop-api/prod": aConfig({ finalBake: "soon" }) });
    await start(aPushEvent());
    expect(sfn.started.map((execution) => execution.name)).toEqual(["shop-api-prod-0123456789ab"]);
    expect(lines.some((line) => line.includes('finalBake: \\"soon\\" is not a duration'))).toBe(true);
  });

  it("skips a config that names no repository, logging its problems", async () => {
    const { start, sfn, lines } = world({ "shop-api/prod": { app: "shop-api" } });
    const outcome = await start(aPushEvent());
    expect(outcome).toEqual({ status: "ignored", reason: "no app is configured for repository shop-api" });
    expect(sfn.started).toEqual([]);
    expect(lines[0]).toContain("source: is required");
  });

  it("skips a config deleted between listing and loading", async () => {
    const { start, sfn } = world({ "shop-api/gone": null, "shop-api/prod": aConfig() });
    await start(aPushEvent());
    expect(sfn.started.map((execution) => execution.name)).toEqual(["shop-api-prod-0123456789ab"]);
  });

  it("fails the invocation when configs cannot be read, so EventBridge retries it", async () => {
    const sfn = executions();
    const start = makeStartDeployment({ configs: configStore({ "shop-api/prod": aConfig() }, new ThrottledError("SSM throttled")), executions: sfn, ledger: aLedger(), log: () => {} });
    await expect(start(aPushEvent())).rejects.toThrow("SSM throttled");
    expect(sfn.started).toEqual([]);
  });
});

describe("startFromPush (webhook pushes)", () => {
  it("records the push source in the execution input", async () => {
    const { deps, sfn } = world();
    const outcome = await startFromPush(deps, { repository: "shop-api", branch: "main", commit: "feedfacecafebeef", deleted: false, isTag: false }, "github");
    expect(outcome).toMatchObject({ status: "started", executionName: "shop-api-prod-feedfacecafe" });
    expect(sfn.started[0]?.input).toMatchObject({ source: "github", commit: "feedfacecafebeef" });
  });

  it("ignores a deleted branch from a webhook", async () => {
    const { deps, sfn } = world();
    const outcome = await startFromPush(deps, { repository: "shop-api", branch: "main", commit: "0".repeat(40), deleted: true, isTag: false }, "gitlab");
    expect(outcome).toEqual({ status: "ignored", reason: "branch main of shop-api was deleted; nothing to deploy" });
    expect(sfn.started).toEqual([]);
  });
});

describe("handler", () => {
  it("builds its real adapters on first invocation and names a missing setting", async () => {
    vi.stubEnv("GLIDEPATH_STATE_MACHINE_ARN", "");
    try {
      await expect(handler(aPushEvent(), {} as Context)).rejects.toThrow("environment variable GLIDEPATH_STATE_MACHINE_ARN is not set");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
