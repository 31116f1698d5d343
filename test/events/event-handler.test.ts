import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../../functions/adapters/ports.ts";
import { envDeps, eventHandler, type EventLogger } from "../../functions/shell/event-handler.ts";

/** A logger that keeps its lines, as Powertools would write them: message plus attributes. */
function recorder() {
  const lines: Array<{ level: "info" | "error"; message: string } & Record<string, unknown>> = [];
  const contexts: Context[] = [];
  const logger: EventLogger = {
    info: (message: string, attributes: Record<string, unknown>) => void lines.push({ ...attributes, level: "info", message }),
    error: (message: string, attributes: Record<string, unknown>) => void lines.push({ ...attributes, level: "error", message }),
    addContext: (context: Context) => void contexts.push(context),
  } as EventLogger;
  return { logger, lines, contexts };
}

afterEach(() => vi.unstubAllEnvs());

describe("the event-handler shell", () => {
  it("builds its handler on the first invocation, not at import, and only once", async () => {
    const build = vi.fn(() => async (event: { n: number }) => ({ doubled: event.n * 2 }));
    const handler = eventHandler("double", build, { logger: recorder().logger });
    expect(build).not.toHaveBeenCalled();
    expect(await handler({ n: 1 })).toEqual({ doubled: 2 });
    expect(await handler({ n: 2 })).toEqual({ doubled: 4 });
    expect(build).toHaveBeenCalledTimes(1);
  });

  it("builds again after a first build that threw, so a fixed environment takes effect", async () => {
    let attempts = 0;
    const handler = eventHandler(
      "flaky",
      () => {
        if (++attempts === 1) throw new Error("environment variable GLIDEPATH_TABLE is not set");
        return async () => "built";
      },
      { logger: recorder().logger },
    );
    await expect(handler({})).rejects.toThrow("GLIDEPATH_TABLE");
    expect(await handler({})).toBe("built");
  });

  it("logs one decision line with the handler's name, the event's keys and the result", async () => {
    const { logger, lines } = recorder();
    const handler = eventHandler("cleanup", () => async () => ({ outcome: "converged", app: "shop-api", env: "prod" }), {
      logger,
      keys: (event: { execution: string }) => ({ execution: event.execution }),
    });
    await handler({ execution: "arn:x" });
    expect(lines).toEqual([{ level: "info", message: "cleanup decided", handler: "cleanup", execution: "arn:x", outcome: "converged", app: "shop-api", env: "prod" }]);
  });

  it("logs no decision line when the handler logs its own", async () => {
    const { logger, lines } = recorder();
    await eventHandler("start-deployment", () => async () => ({ status: "ignored" }), { logger, summary: false })({});
    expect(lines).toEqual([]);
  });

  it("logs a failure with the error's name and message under keys Powertools keeps, then rethrows it", async () => {
    const { logger, lines } = recorder();
    const failure = Object.assign(new Error("Rate exceeded"), { name: "ThrottledError" });
    const handler = eventHandler("circuitBreaker", () => async (): Promise<never> => Promise.reject(failure), {
      logger,
      keys: (event: { alarm: string }) => ({ alarm: event.alarm }),
    });
    await expect(handler({ alarm: "shop-api-prod-b-5xx" })).rejects.toBe(failure);
    expect(lines).toEqual([
      { level: "error", message: "circuitBreaker failed", handler: "circuitBreaker", alarm: "shop-api-prod-b-5xx", errorName: "ThrottledError", errorMessage: "Rate exceeded", error: failure },
    ]);
  });

  it("writes the error's message through the real Powertools Logger, which drops a `message` attribute", async () => {
    // Dev mode makes Powertools write through the global console, where the test can read it.
    vi.stubEnv("POWERTOOLS_DEV", "true");
    const written: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void written.push(line));
    try {
      const logger = new Logger({ serviceName: "glidepath" });
      const handler = eventHandler("reconciler", () => async () => Promise.reject(new Error("table glidepath is missing")), { logger });
      await expect(handler({})).rejects.toThrow();
    } finally {
      spy.mockRestore();
    }
    const line = JSON.parse(written.join("")) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "ERROR", message: "reconciler failed", handler: "reconciler", errorName: "Error", errorMessage: "table glidepath is missing" });
  });

  it("fails an invocation whose result says it must, after logging the decision", async () => {
    const { logger, lines } = recorder();
    const handler = eventHandler("reconciler", () => async () => ({ errors: ["shop-api/prod"] }), {
      logger,
      failure: ({ errors }) => (errors.length > 0 ? new Error(`could not reconcile ${errors.join(", ")}`) : null),
    });
    await expect(handler({})).rejects.toThrow("could not reconcile shop-api/prod");
    expect(lines.map((line) => [line.level, line["errorMessage"]])).toEqual([
      ["info", undefined],
      ["error", "could not reconcile shop-api/prod"],
    ]);
  });

  it("still runs the handler when the event is too malformed to read its keys", async () => {
    const { logger, lines } = recorder();
    const handler = eventHandler("cleanup", () => async () => "ignored", { logger, keys: (event: { detail: { executionArn: string } }) => ({ execution: event.detail.executionArn }) });
    expect(await handler({} as { detail: { executionArn: string } })).toBe("ignored");
    expect(lines[0]).toMatchObject({ handler: "cleanup" });
  });

  it("adds the Lambda context to its logger when invoked by Lambda", async () => {
    const { logger, contexts } = recorder();
    const context = { awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678", functionName: "glidepath-cleanup" } as Context;
    await eventHandler("cleanup", () => async () => "ok", { logger })({}, context);
    expect(contexts).toEqual([context]);
  });
});

describe("envDeps", () => {
  it("merges what each named source builds from the environment, with the system clock", () => {
    vi.stubEnv("GLIDEPATH_TABLE", "glidepath-test");
    const deps = envDeps(
      (env) => ({ table: env["GLIDEPATH_TABLE"] }),
      () => ({ traffic: "route53" }),
    );
    expect(deps).toEqual({ table: "glidepath-test", traffic: "route53", clock: systemClock });
  });
});
