// LifecycleEvents from an EventBridge client, publishing to GLIDEPATH_EVENT_BUS (default: the account's
// default bus). The client gives up fast: a lifecycle event is a notification, and a deployment must never
// wait on it (task-support/announce.ts logs a failure and goes on), so two attempts with short timeouts
// bound what a slow EventBridge can cost a Task to a few seconds, well inside every Lambda's timeout.
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { DEFAULT_EVENT_BUS, makeEventBridgeEvents } from "../eventbridge.ts";
import type { LifecycleEvents } from "../ports.ts";

/** GLIDEPATH_EVENT_BUS: the event bus lifecycle events go to (name or ARN; default `default`). */
const eventBusFrom = (env: NodeJS.ProcessEnv): string => env["GLIDEPATH_EVENT_BUS"]?.trim() || DEFAULT_EVENT_BUS;

export function fromEventBridge(env: NodeJS.ProcessEnv = process.env): { events: LifecycleEvents } {
  const client = new EventBridgeClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 } });
  return { events: makeEventBridgeEvents(client, eventBusFrom(env)) };
}
