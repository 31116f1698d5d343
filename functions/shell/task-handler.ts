// Wraps a Task's factory as a Lambda handler: middy, zod input validation, structured logs, and deps built
// lazily on the first invocation (never at import time: there is no region at import in tests or bundling).
import middy from "@middy/core";
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type * as z from "../core/zod-mini.ts";
import { formatPath } from "../core/config-problems.ts";
import { InvalidTaskInputError } from "../errors.ts";
import type { TaskDeps, TaskFactory } from "../task-support/deps.ts";
import { renewHeldLease } from "../task-support/lease-renewal.ts";

const logger = new Logger({ serviceName: "glidepath" });

/** Parses a Task's input, listing every problem by path (a bug in the definition, never in user config). */
export function parseTaskInput<S extends z.ZodMiniType>(schema: S, input: unknown, task = "task"): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new InvalidTaskInputError(`${task} input is invalid: ${problems.join("; ")}`);
}

/**
 * The Lambda handler for one Task. `buildDeps` is called on the first invocation; tests pass fakes.
 * Example, as each Task's Lambda entry is generated from its catalog entry (stacks/task-entry.ts):
 * `export const handler = taskHandler(task.make, task.input, depsFromEnv(fromTraffic, fromDynamoDb))`.
 * There is deliberately no default: a default building every adapter would put every SDK client in every
 * bundle, so each entry names only the adapter sources its `uses` need (functions/adapters/env/).
 */
export function taskHandler<S extends z.ZodMiniType, O>(
  factory: TaskFactory<z.output<S>, O>,
  schema: S,
  buildDeps: () => Promise<TaskDeps>,
) {
  let task: ((input: z.output<S>) => Promise<O>) | undefined;
  let builtDeps: TaskDeps | undefined;
  const name = factory.name.replace(/^make/, "");
  const run = async (event: unknown): Promise<O> => {
    const input = parseTaskInput(schema, event, name);
    const deps = (builtDeps ??= await buildDeps());
    task ??= factory(deps);
    // Tasks between Acquire lease and the Rollout carry a `holder`: they keep the lease alive (issue 8 item 4).
    await renewHeldLease(deps, event);
    const output = await task(input);
    logger.info(`${name} done`, { reason: (output as { reason?: unknown })?.reason });
    return output;
  };
  return middy(run)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async (request) => {
        // The error's name is what the definition's Retry/Catch route on, so log it as-is and rethrow. It goes
        // under `error` (Powertools formats an Error there with name, message and stack); a key named
        // `message` would be dropped, since the log line's own message takes that key.
        logger.error(`${name} failed`, { error: request.error ?? undefined, ...deploymentKeys(request.event) });
      },
    });
}

/**
 * The deployment a Task's input is about, for log queries: the fields sit at the top (most Tasks), under
 * `deployment` (Rollout steps) or under `state` (the rollback Tasks).
 * Example: `{ deployment: { app: "shop", env: "prod", commit: "abc", deploymentId: "shop-prod-abc" } }` →
 * `{ app: "shop", env: "prod", commit: "abc", deploymentId: "shop-prod-abc" }`.
 */
function deploymentKeys(event: unknown): Record<string, string> {
  const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {});
  const top = record(event);
  const keys: Record<string, string> = {};
  for (const source of [record(top["state"]), record(top["deployment"]), top]) {
    for (const key of ["app", "env", "commit", "deploymentId"]) {
      const value = source[key];
      if (typeof value === "string") keys[key] = value;
    }
  }
  return keys;
}
