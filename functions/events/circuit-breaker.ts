// Circuit breaker: a watched alarm entered ALARM while a rollout of its app/env is in flight. Revert the
// weights at once, mark the deployment (its record's `control`) and append a ledger step saying so, then fail
// the task-token wait the execution is in (a bake, the final bake, an approval) with an error naming the
// alarm: its Catch rolls back within seconds. Outside a wait, the next Task sees the mark and fails the same way. Only the new slot's expansion of a `{slot}` alarm counts: the old
// version's alarm firing is not the new version's fault, and reverting to it would not help.
// After promotion, while the execution still waits out scaleDownDelay with the old fleet warm, the same alarm
// rolls back after promotion (late-rollback.ts): the old release is made live again and gets all traffic.
import type { EventBridgeEvent } from "aws-lambda";
import { fromDynamoDb } from "../adapters/env/dynamodb.ts";
import { fromTraffic } from "../adapters/env/traffic.ts";
import { fromSsm } from "../adapters/env/ssm.ts";
import { awsErrorName } from "../adapters/errors.ts";
import { fromSfn } from "../adapters/env/sfn.ts";
import { fromEventBridge } from "../adapters/env/eventbridge.ts";
import type { Clock, ConfigStore, Traffic, Executions, Lease, LeaseGrant, Ledger, LifecycleEvents } from "../adapters/ports.ts";
import { alarmNameFor } from "../core/alarm-name.ts";
import type { Config } from "../core/config.ts";
import { describeControl } from "../core/control.ts";
import type { DeploymentRecord } from "../core/model.ts";
import { pendingWait, TOKEN_NO_LONGER_WAITING } from "../core/pending-wait.ts";
import { envDeps, eventHandler } from "../shell/event-handler.ts";
import { CIRCUIT_BREAKER_TIMEOUT_SECONDS } from "./timeouts.ts";
import { AFTER_PROMOTION, canRollBackAfterPromotion, rollBackAfterPromotion, rolledBackAfterPromotionEvent } from "./late-rollback.ts";
import { announce } from "../task-support/announce.ts";
import { backoffFor, loadValidConfig, restoreLiveSlot, waitBudgetMs, type BackoffDeps } from "./safe-state.ts";

/** The `by` of the breaker's control signal. */
const BREAKER = "circuit breaker";

export interface CircuitBreakerDeps extends BackoffDeps {
  configStore: ConfigStore;
  traffic: Traffic;
  ledger: Ledger;
  lease: Lease;
  executions: Pick<Executions, "sendTaskFailure">;
  events: LifecycleEvents;
  clock: Clock;
}

export interface AlarmStateChangeDetail {
  alarmName: string;
  state: { value: string; reason?: string; timestamp?: string };
  previousState?: { value: string };
}

export interface Tripped {
  app: string;
  env: string;
  deploymentId: string;
  trafficChanged: boolean;
  reason: string;
}

export type CircuitBreakerResult = { outcome: "ignored"; reason: string } | { outcome: "tripped"; tripped: Tripped[] };

/** The alarm names a deployment watches, `{slot}` read as the slot receiving the new version and `{fleet}` as its fleet. */
export const watchedAlarms = (config: Config, deployment: Pick<DeploymentRecord, "toSlot">): string[] =>
  config.analysis.alarms.map((alarm) => alarmNameFor(alarm.name, deployment.toSlot, config.fleet));

export function makeCircuitBreaker(deps: CircuitBreakerDeps) {
  /** The deployment holding the lease: rolling out, or promoted and waiting out scaleDownDelay. */
  async function inFlight(app: string, env: string): Promise<{ deployment: DeploymentRecord; grant: LeaseGrant; afterPromotion: boolean } | null> {
    const grant = await deps.lease.current(app, env);
    if (!grant || grant.expiresAt <= deps.clock.now()) return null;
    const deployment = await deps.ledger.getDeployment(app, env, grant.owner);
    if (deployment?.outcome === "in_progress") return { deployment, grant, afterPromotion: false };
    if (deployment && canRollBackAfterPromotion(deployment, await deps.ledger.getLive(app, env), grant)) return { deployment, grant, afterPromotion: true };
    return null;
  }

  /**
   * Fails the wait the execution is in, so it rolls back now instead of at the wait's end. A token no longer
   * waiting (between waits, or already resolved) is no failure: the next Task sees the control mark.
   */
  async function failPendingWait(deployment: DeploymentRecord, cause: string): Promise<string> {
    const wait = pendingWait(deployment);
    if (!wait) return "no wait to end: the next Task sees the trip";
    try {
      await deps.executions.sendTaskFailure(wait.taskToken, "AlarmTriggeredError", cause);
      return `ended the ${wait.kind === "approval" ? "approval" : wait.kind === "finalBake" ? "final bake" : "bake"} wait (SendTaskFailure): the execution rolls back now`;
    } catch (error) {
      const name = awsErrorName(error);
      if (name && TOKEN_NO_LONGER_WAITING.has(name)) return `the last wait had already ended (${name}): the next Task sees the trip`;
      throw error;
    }
  }

  return async (event: Pick<EventBridgeEvent<string, AlarmStateChangeDetail>, "detail">): Promise<CircuitBreakerResult> => {
    const { alarmName, state } = event.detail;
    if (state.value !== "ALARM") return { outcome: "ignored", reason: `${alarmName} entered ${state.value}, not ALARM` };

    const tripped: Tripped[] = [];
    for (const { app, env } of await deps.configStore.list()) {
      const config = await loadValidConfig(deps.configStore, app, env);
      // Cheap filter first: most app/envs do not watch this alarm at all.
      if (!watchedAlarms(config, { toSlot: "a" }).concat(watchedAlarms(config, { toSlot: "b" })).includes(alarmName)) continue;
      const flight = await inFlight(app, env);
      if (!flight || !watchedAlarms(config, flight.deployment).includes(alarmName)) continue;
      const { deployment, grant, afterPromotion } = flight;

      // Record the trip before touching Route 53: a Shift traffic running now checks for it, so it cannot
      // re-expose the new version after the revert below.
      const now = () => new Date(deps.clock.now()).toISOString();
      const cause = `${afterPromotion ? `${AFTER_PROMOTION}: ` : ""}alarm ${alarmName} entered ALARM${state.reason ? ` (${state.reason})` : ""}`;
      const standing = await deps.ledger.recordControl(app, env, deployment.deploymentId, { kind: "circuitBreaker", by: BREAKER, at: now(), reason: cause });
      // After promotion, a signal recorded first wins the race: the execution began retiring the old fleet
      // (it scales down now: a weight flip would send users there), or an operator already rolled back.
      if (afterPromotion && standing.kind !== "circuitBreaker") continue;
      const alarmed = describeControl({ kind: "circuitBreaker", by: BREAKER, reason: cause });
      const step = (index: number, reason: string, weights?: { a: number; b: number }, changeId?: string) => {
        const at = now();
        return deps.ledger.appendStep(app, env, deployment.deploymentId, {
          index, kind: "rollback", verdict: "unhealthy", ...(weights ? { weights } : {}), ...(changeId ? { changeId } : {}), reason, startedAt: at, endedAt: at,
        });
      };
      const backoff = backoffFor(deps, waitBudgetMs(CIRCUIT_BREAKER_TIMEOUT_SECONDS));
      // One group: Auto Scaling rolls its instance refresh back itself on this alarm (AlarmSpecification with
      // AutoRollback); ending the wait sends the execution to Roll back, which follows that rollback to its end.
      if (config.fleet.group) {
        if (afterPromotion) continue;
        // Immutable: no refresh to roll back; Roll back drains and deletes the temporary group.
        const undo = config.strategy.kind === "immutable" ? `Roll back takes the temporary group beside ${config.fleet.group.name} out of service and deletes it` : `Auto Scaling rolls the instance refresh of ${config.fleet.group.name} back`;
        await step(deployment.steps.length, `${alarmed}; ${undo}`);
        const ended = await failPendingWait(deployment, cause);
        tripped.push({ app, env, deploymentId: deployment.deploymentId, trafficChanged: false, reason: `${alarmed}; ${ended}` });
        continue;
      }
      if (afterPromotion) {
        await step(deployment.steps.length, `${alarmed}; making slot ${deployment.fromSlot} (the warm old fleet) live again and putting all traffic back on it`);
        const restored = await rollBackAfterPromotion(deps, config, deployment, grant, now, backoff);
        const reason = `${alarmed}; ${restored.reason}`;
        await step(deployment.steps.length + 1, reason, restored.weights, restored.changeId);
        const previous = deployment.previousLive?.commit?.slice(0, 12) ?? "the previous release";
        const outcome = `Rolled back after promotion: ${cause}; slot ${deployment.fromSlot} (${previous}) is live again`;
        await deps.ledger.finishDeployment(app, env, deployment.deploymentId, "rolled_back", outcome, now());
        await announce(deps.events, rolledBackAfterPromotionEvent(deployment, outcome, now()));
        tripped.push({ app, env, deploymentId: deployment.deploymentId, trafficChanged: restored.changed, reason });
        continue;
      }
      await step(deployment.steps.length, `${alarmed}; putting all traffic back on the live slot`);
      const restored = await restoreLiveSlot(deps, config, backoff, { token: grant.fencingToken, role: "holder", by: `${BREAKER} for ${deployment.deploymentId}` });
      const reason = `${alarmed}; ${restored.reason}`;
      // The change id lets the execution's rollback drain the new fleet (INSYNC, then one TTL) before shrinking it.
      await step(deployment.steps.length + 1, reason, restored.weights, restored.changeId);
      const ended = await failPendingWait(deployment, cause);
      tripped.push({ app, env, deploymentId: deployment.deploymentId, trafficChanged: restored.changed, reason: `${reason}; ${ended}` });
    }
    if (tripped.length === 0) return { outcome: "ignored", reason: `no rollout in flight watches ${alarmName}` };
    return { outcome: "tripped", tripped };
  };
}

export const handler = eventHandler("circuitBreaker", () => makeCircuitBreaker(envDeps(fromSsm, fromTraffic, fromDynamoDb, fromSfn, fromEventBridge)), {
  keys: ({ detail }) => ({ alarm: detail.alarmName, state: detail.state.value }),
});
