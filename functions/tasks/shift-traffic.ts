// "Shift traffic": sets both Route 53 weights in one batch so `percent` of traffic reaches the new version.
import type * as z from "../core/zod-mini.ts";
import type { WeightWriter } from "../core/fence.ts";
import type { Weights } from "../core/model.ts";
import { weightsFor } from "../core/weights.ts";
import { InvalidTaskInputError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { iso, stepInput } from "../task-support/inputs.ts";
import { describeWeights, slotEndpoints, trafficTarget } from "../task-support/traffic.ts";
import { confirmStillHeld, guardDeployment } from "../task-support/deployment-guard.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";

export const shiftTrafficInput = stepInput;
export type ShiftTrafficInput = z.output<typeof shiftTrafficInput>;
export interface ShiftTrafficOutput {
  /** null when the records already had these weights (a retry after a write that landed): nothing to wait for. */
  changeId: string | null;
  weights: Weights;
  percent: number;
  reason: string;
}

export function makeShiftTraffic({ adapters, clock }: TaskDeps) {
  return async function shiftTraffic({ deployment, step, index }: ShiftTrafficInput): Promise<ShiftTrafficOutput> {
    if (step.kind !== "setWeight") throw new InvalidTaskInputError(`Shift traffic got a ${step.kind} step`);
    const { app, env, deploymentId, config, idleSlot } = deployment;
    await guardDeployment({ adapters, clock }, deployment);
    const weights = weightsFor(step.percent, idleSlot);
    const target = trafficTarget(config);
    const writer: WeightWriter = { token: deployment.fencingToken, role: "holder", by: deploymentId };
    const current = await adapters.traffic.readWeights(target);
    const summary = `${step.percent}% to slot ${idleSlot} (${describeWeights(weights)})`;
    const alreadySet = current.weights.a === weights.a && current.weights.b === weights.b;
    const changeId = alreadySet ? null : (await adapters.traffic.setWeights(target, weights, slotEndpoints(config), writer)).changeId;
    // A stop (and its cleanup) may have landed while this Lambda ran: if so, put back what it just wrote.
    await confirmStillHeld({ adapters, clock }, deployment, async () => {
      const now = await adapters.traffic.readWeights(target);
      if (now.weights.a !== weights.a || now.weights.b !== weights.b) return `weights left as they are (${describeWeights({ a: now.weights.a ?? 0, b: now.weights.b ?? 0 })}): someone wrote after this shift`;
      const back = weightsFor(0, idleSlot);
      await adapters.traffic.setWeights(target, back, slotEndpoints(config), writer);
      return `took this shift back: all traffic on slot ${deployment.liveSlot} again (${describeWeights(back)})`;
    });
    const reason = alreadySet ? `Already at ${summary}` : `Shifted ${summary}`;
    const now = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index, kind: "setWeight", weights, reason, startedAt: now, endedAt: now });
    await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.stepCompleted, deployment, now, { index, kind: "setWeight", percent: step.percent, weights, reason }));
    return { changeId, weights, percent: step.percent, reason };
  };
}

export const task = defineTask(makeShiftTraffic, shiftTrafficInput);
