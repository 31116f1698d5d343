// Publishes one lifecycle event (core/lifecycle-events.ts) for a Task or an out-of-band handler, and never
// lets it get in the deployment's way. A lifecycle event tells people and other systems what happened; the
// ledger, not the event, is the record, and traffic safety never depends on anyone hearing it. So a failed
// or refused publish is logged and the caller goes on: failing the Task would roll back a healthy release
// (or retry a step that already moved traffic) because a notification did not go out. The EventBridge
// client itself gives up within seconds (adapters/env/eventbridge.ts), so it cannot slow a Task either.
import { Logger } from "@aws-lambda-powertools/logger";
import type { LifecycleEvents } from "../adapters/ports.ts";
import type { DetailOf, DetailType, LifecycleEvent } from "../core/lifecycle-events.ts";

/** The deployment an event is about, as every detail names it. */
interface DeploymentKeys {
  app: string;
  env: string;
  deploymentId: string;
  commit: string;
}

/** Where a failed publish is reported; Powertools' Logger on Lambda, a recorder in tests. */
type AnnounceLog = (message: string, fields: Record<string, unknown>) => void;

const logger = new Logger({ serviceName: "glidepath" });
const warn: AnnounceLog = (message, fields) => logger.warn(message, fields);

/**
 * Builds an event from the deployment's keys, the ISO time it happened and the fields its detail type adds.
 * Example: `lifecycleEventOf("Deployment Aborted", keys, "2026-01-01T10:00:00.000Z", { by: "alice", reason: "wrong build" })`.
 */
export function lifecycleEventOf<T extends DetailType>(detailType: T, deployment: DeploymentKeys, at: string, fields: Omit<DetailOf<T>, keyof DeploymentKeys | "at">): LifecycleEvent {
  const { app, env, deploymentId, commit } = deployment;
  return { detailType, detail: { app, env, deploymentId, commit, at, ...fields } } as unknown as LifecycleEvent;
}

/** Publishes `event`; a failure is logged with the event's keys and swallowed (see the top of this file for why). */
export async function announce(events: LifecycleEvents, event: LifecycleEvent, log: AnnounceLog = warn): Promise<void> {
  try {
    await events.publish([event]);
  } catch (error) {
    const { app, env, deploymentId } = event.detail;
    log("lifecycle event not published; the deployment goes on", {
      detailType: event.detailType,
      app,
      env,
      deploymentId,
      errorName: error instanceof Error ? error.name : typeof error,
      errorMessage: error instanceof Error ? error.message : String(error),
    });
  }
}
