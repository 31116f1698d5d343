// "Promote the new version": the slot that received the new version becomes live in the ledger, guarded by
// the lease's fencing token so an execution that lost its lease cannot flip the live slot.
import * as z from "../core/zod-mini.ts";
import { shareOf, weightsFor } from "../core/weights.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { deploymentRef, iso, slotName, validatedConfig } from "../task-support/inputs.ts";
import { describeWeights, slotEndpoints, trafficTarget } from "../task-support/traffic.ts";
import { guardDeployment } from "../task-support/deployment-guard.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";
import { groupOfFleet } from "../core/fleet-shape.ts";

export const promoteInput = z.extend(deploymentRef, {
  commit: z.string().check(z.minLength(1)),
  config: validatedConfig,
  newSlot: slotName,
  imageId: z.string().check(z.minLength(1)),
  fencingToken: z.number().check(z.int()),
  renewForSeconds: z.optional(z.number().check(z.int(), z.gt(0))),
});
export type PromoteInput = z.output<typeof promoteInput>;
export interface PromoteOutput {
  liveSlot: "a" | "b";
  reason: string;
}

export function makePromote({ adapters, clock }: TaskDeps) {
  return async function promote({ app, env, deploymentId, commit, config, newSlot, imageId, fencingToken, renewForSeconds }: PromoteInput): Promise<PromoteOutput> {
    await guardDeployment({ adapters, clock }, { app, env, deploymentId, fencingToken, ...(renewForSeconds ? { renewForSeconds } : {}) });
    // A plan that ends below 100% (an A/B test held for a duration) still promotes: move the rest first.
    // One group has no weighted records: its instances are all on the new version once the Rollout ends.
    let moved = config.fleet.group ? ` (every instance of ${config.fleet.group.name} runs it)` : "";
    if (!config.fleet.group) {
      const target = trafficTarget(config);
      const { weights } = await adapters.traffic.readWeights(target);
      const share = shareOf({ a: weights.a ?? 0, b: weights.b ?? 0 }, newSlot);
      if (share < 100 || weights[newSlot] === 0) {
        const full = weightsFor(100, newSlot);
        await adapters.traffic.setWeights(target, full, slotEndpoints(config), { token: fencingToken, role: "holder", by: deploymentId });
        moved = ` after moving the remaining traffic (${describeWeights(full)})`;
      }
    }
    const now = iso(clock.now());
    await adapters.ledger.setLive({ app, env, liveSlot: newSlot, ...groupOfFleet(config.fleet), commit, imageId, updatedAt: now }, fencingToken);
    const reason = config.fleet.group ? `Promoted ${commit.slice(0, 12)} (${imageId}): group ${config.fleet.group.name} is live${moved}` : `Promoted ${commit.slice(0, 12)} (${imageId}): slot ${newSlot} is live${moved}`;
    await adapters.ledger.finishDeployment(app, env, deploymentId, "promoted", reason, now);
    await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.promoted, { app, env, deploymentId, commit }, now, { liveSlot: newSlot, ...groupOfFleet(config.fleet), imageId, reason }));
    return { liveSlot: newSlot, reason };
  };
}

export const task = defineTask(makePromote, promoteInput);
