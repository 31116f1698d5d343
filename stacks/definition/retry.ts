// Retry and Catch policies shared by every Task, and the Task state builder that applies them.
import { TASK_FUNCTIONS, type FunctionSpec, type TaskId } from "../../functions/catalog.ts";
import { TRANSIENT_ERROR_NAMES, TRANSIENT_RETRY_ATTEMPTS } from "../../functions/errors.ts";
import type { AslState, Catcher, Retrier } from "./asl.ts";
import { STATE } from "./names.ts";
import { at } from "./paths.ts";

/** AWS's recommended Lambda retrier (aws-facts.md). Always first, so service hiccups never reach a Catch. */
export const LAMBDA_RETRIER: Retrier = {
  ErrorEquals: ["Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
};

/**
 * Our own transient errors (throttling and 5xx from any AWS service after the SDK's attempts, a zone still
 * applying a change) and Lambda throttling: jittered, 1 s doubling to 30 s, about 2 minutes in all.
 */
const TRANSIENT_RETRIER: Retrier = {
  ErrorEquals: [...TRANSIENT_ERROR_NAMES, "Lambda.TooManyRequestsException"],
  IntervalSeconds: 1,
  MaxAttempts: TRANSIENT_RETRY_ATTEMPTS,
  BackoffRate: 2,
  MaxDelaySeconds: 30,
  JitterStrategy: "FULL",
};

/**
 * Preflight refuses while an alarm the deployment would be judged by is in ALARM. Right after a bad release
 * was rolled back, its slot's alarm still fires on the old build's datapoints for a few evaluation periods:
 * a fix pushed at once waits for it to clear (every minute, up to 15 minutes) instead of failing, and a
 * canary is never judged on the previous build's errors.
 */
const ALARM_CLEAR_RETRIER: Retrier = { ErrorEquals: ["AlarmAlreadyFiringError"], IntervalSeconds: 60, MaxAttempts: 15, BackoffRate: 1 };

/**
 * Prepare the idle fleet refuses while the slot may still get cached traffic (DrainPendingError): at most
 * Route 53's propagation bound plus the longest TTL the config allows (120 s + 3600 s), tried every 30 s.
 */
const DRAIN_PENDING_RETRIER: Retrier = { ErrorEquals: ["DrainPendingError"], IntervalSeconds: 30, MaxAttempts: 125, BackoffRate: 1 };

/** The retriers a catalog entry's `retry` class adds. */
const RETRY_CLASS: Record<NonNullable<FunctionSpec["retry"]> | "standard", Retrier[]> = { standard: [], alarmClear: [ALARM_CLEAR_RETRIER], drainPending: [DRAIN_PENDING_RETRIER] };

/** The rollback path keeps trying on any error before giving up to the Cleanup function. */
export const ROLLBACK_PERSISTENCE_RETRIER: Retrier = { ErrorEquals: ["States.ALL"], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2 };

/** Seconds above the Lambda's own timeout, so a Lambda timeout surfaces as Lambda's error, not States.Timeout. */
const TIMEOUT_MARGIN_SECONDS = 15;

export const CATCH_TO_ROLLBACK: Catcher[] = [{ ErrorEquals: ["States.ALL"], Next: STATE.rollBack, ResultPath: at("error") }];
export const CATCH_TO_ROLLBACK_FAILED: Catcher[] = [{ ErrorEquals: ["States.ALL"], Next: STATE.rollbackFailed, ResultPath: at("rollbackError") }];

export interface TaskOptions {
  next?: string;
  parameters?: Record<string, unknown>;
  inputPath?: string;
  resultPath: string | null;
  /** Retriers after the Lambda and transient ones (the rollback path's persistence). */
  extraRetry?: Retrier[];
  /** Omitted inside the Map: a Task there cannot Catch to a state outside it, so the Map's Catch does. */
  catchers?: Catcher[];
  comment?: string;
}

/** A Task invoking the function directly by ARN (its result is the function's output, as locally). */
export function lambdaTask(task: TaskId, arn: string, options: TaskOptions): AslState {
  const spec: FunctionSpec = TASK_FUNCTIONS[task];
  return {
    Type: "Task",
    Comment: options.comment ?? spec.description,
    Resource: arn,
    ...(options.inputPath ? { InputPath: options.inputPath } : {}),
    ...(options.parameters ? { Parameters: options.parameters } : {}),
    ResultPath: options.resultPath,
    TimeoutSeconds: spec.timeoutSeconds + TIMEOUT_MARGIN_SECONDS,
    Retry: [LAMBDA_RETRIER, TRANSIENT_RETRIER, ...RETRY_CLASS[spec.retry ?? "standard"], ...(options.extraRetry ?? [])],
    ...(options.catchers ? { Catch: options.catchers } : {}),
    ...(options.next ? { Next: options.next } : { End: true }),
  };
}
