// The Lambda shell of every out-of-band handler (EventBridge rules, the webhook's function URL): deps built
// on the first invocation from the env sources the handler names, one log line per decision, one per failure.
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { systemClock, type Clock } from "../adapters/ports.ts";
import { lazily } from "./lazy.ts";

/** One of functions/adapters/env/: some adapters from the environment, each source importing one SDK client. */
export type EnvSource = (env: NodeJS.ProcessEnv) => object;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (all: infer I) => void ? I : never;

/** What `envDeps(...sources)` builds: every adapter the named sources make, and the system clock. */
export type EnvDeps<S extends EnvSource[]> = Intersection<ReturnType<S[number]>> & { clock: Clock };

/**
 * A handler's real deps, from only the sources it names: esbuild then bundles only those SDK clients, where
 * a map of every source would put every client in every bundle.
 * Example: `envDeps(fromSsm, fromTraffic)` → `{ configStore, traffic, clock: systemClock }`.
 */
export function envDeps<S extends EnvSource[]>(...sources: S): EnvDeps<S> {
  const env = process.env;
  return Object.assign({ clock: systemClock }, ...sources.map((source) => source(env))) as EnvDeps<S>;
}

/** What the shell logs with: Powertools' Logger in Lambda, a recorder in tests. */
export type EventLogger = Pick<Logger, "info" | "error" | "addContext">;

export interface EventHandlerOptions<E, R> {
  /** Keys the event alone tells (app, env, execution, alarm): on the failure line too, where no result exists. */
  keys?: (event: E) => Record<string, unknown>;
  /** The decision line's fields; default the whole result. `false` when the handler logs its own decisions. */
  summary?: ((result: R) => Record<string, unknown>) | false;
  /** A result that must still fail the invocation, so Lambda's Errors metric (and an alarm on it) sees it. */
  failure?: (result: R) => Error | null;
  logger?: EventLogger;
}

const eventLogger: EventLogger = new Logger({ serviceName: "glidepath" });

/**
 * Powertools drops attributes named like its own keys (`message`, `level`, …), so the error goes under
 * `errorName` and `errorMessage` (flat, for Logs Insights filters) and `error` (formatted with stack and cause).
 */
function failureFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message, error };
  return { errorName: typeof error, errorMessage: String(error) };
}

/**
 * Wraps an out-of-band handler's factory as its Lambda handler. `build` runs on the first invocation (never
 * at import time: tests, the sandbox and bundling have no AWS configuration), and again after one that threw.
 * Example: `eventHandler("cleanup", () => makeCleanup(envDeps(fromSsm, fromTraffic, fromDynamoDb)))`.
 */
export function eventHandler<E, R>(name: string, build: () => (event: E) => Promise<R>, options: EventHandlerOptions<E, R> = {}) {
  const handle = lazily(build);
  const logger = options.logger ?? eventLogger;
  const keysOf = (event: E): Record<string, unknown> => {
    try {
      return options.keys?.(event) ?? {};
    } catch {
      // A malformed event must still reach the handler, which says what is wrong with it.
      return {};
    }
  };
  return async (event: E, context?: Context): Promise<R> => {
    if (context?.awsRequestId) logger.addContext(context);
    const keys = { handler: name, ...keysOf(event) };
    let result: R;
    try {
      result = await handle()(event);
    } catch (error) {
      logger.error(`${name} failed`, { ...keys, ...failureFields(error) });
      throw error;
    }
    if (options.summary !== false) logger.info(`${name} decided`, { ...keys, ...(options.summary ? options.summary(result) : { ...result }) });
    const failure = options.failure?.(result);
    if (failure) {
      logger.error(`${name} failed`, { ...keys, ...failureFields(failure) });
      throw failure;
    }
    return result;
  };
}
