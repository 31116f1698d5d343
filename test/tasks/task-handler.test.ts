import { describe, expect, it, vi } from "vitest";
import type { Context } from "aws-lambda";
import { checkDnsSyncInput, makeCheckDnsSync } from "../../functions/tasks/check-dns-sync.ts";
import { ThrottledError } from "../../functions/errors.ts";
import { taskHandler } from "../../functions/shell/task-handler.ts";
import { TASK_FACTORIES } from "../../functions/task-support/registry.ts";
import { aFakeWorld } from "../fixtures/fake-adapters.ts";

const context = { functionName: "glidepath-checkDnsSync", awsRequestId: "req-1" } as Context;

describe("taskHandler", () => {
  it("rejects input that does not match the schema with InvalidTaskInputError listing each problem", async () => {
    const world = aFakeWorld();
    const handler = taskHandler(makeCheckDnsSync, checkDnsSyncInput, async () => world.deps);
    await expect(handler({ changeId: 42 }, context)).rejects.toMatchObject({ name: "InvalidTaskInputError", message: expect.stringContaining("changeId:") });
  });

  it("builds its deps on the first invocation only", async () => {
    const world = aFakeWorld();
    let builds = 0;
    const handler = taskHandler(makeCheckDnsSync, checkDnsSyncInput, async () => {
      builds += 1;
      return world.deps;
    });
    expect(builds).toBe(0);
    await handler({ changeId: null }, context);
    await handler({ changeId: null }, context);
    expect(builds).toBe(1);
  });

  it("keeps the error's name, which the definition routes on", async () => {
    const world = aFakeWorld();
    world.traffic.changeStatus = async () => {
      throw new ThrottledError("Rate exceeded");
    };
    const handler = taskHandler(makeCheckDnsSync, checkDnsSyncInput, async () => world.deps);
    await expect(handler({ changeId: "/change/C1" }, context)).rejects.toMatchObject({ name: "ThrottledError" });
  });
});

describe("TASK_FACTORIES", () => {
  it("validates input like the Lambda handler does", async () => {
    const world = aFakeWorld();
    await expect(TASK_FACTORIES.shiftTraffic(world.deps)({ step: { kind: "setWeight", percent: 5 } })).rejects.toMatchObject({ name: "InvalidTaskInputError" });
  });

  it("logs a failure with the error's message and the deployment's app, env, commit and execution", async () => {
    const world = aFakeWorld();
    world.traffic.changeStatus = async () => {
      throw new ThrottledError("Rate exceeded for zone Z1");
    };
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    };
    // The logger writes errors to stderr, everything else to stdout.
    const writes = [vi.spyOn(process.stdout, "write").mockImplementation(capture), vi.spyOn(process.stderr, "write").mockImplementation(capture)];
    try {
      const handler = taskHandler(makeCheckDnsSync, checkDnsSyncInput, async () => world.deps);
      const input = { changeId: "/change/C1", app: "shop-api", env: "prod", commit: "abc123", deploymentId: "shop-api-prod-abc123" };
      await expect(handler(input, context)).rejects.toMatchObject({ name: "ThrottledError" });
    } finally {
      for (const write of writes) write.mockRestore();
    }
    const failure = lines.flatMap((line) => line.split("\n")).filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry["level"] === "ERROR");
    expect(failure).toMatchObject({
      message: "CheckDnsSync failed",
      error: { name: "ThrottledError", message: "Rate exceeded for zone Z1" },
      app: "shop-api",
      env: "prod",
      commit: "abc123",
      deploymentId: "shop-api-prod-abc123",
    });
  });
});
