// "Cut over to the new instances" (one group, immutable), after the final bake passed: the group takes the
// new launch template version and the temporary group's instances, its old instances leave (drained by the
// load balancer, then terminated), and the empty temporary group is deleted. The group never serves with
// fewer InService instances than it wants: the new ones join before an old one leaves.
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { guardDeployment } from "../task-support/deployment-guard.ts";
import { fleetFor } from "../task-support/fleet-of.ts";
import { deploymentContext, iso } from "../task-support/inputs.ts";
import * as z from "../core/zod-mini.ts";
import { CUT_OVER_DONE } from "../core/group-plan.ts";
import { immutableGroupsOf } from "../task-support/temporary-group.ts";

export const cutOverInput = z.object({ deployment: deploymentContext, ref: z.string().check(z.minLength(1)) });
export type CutOverInput = z.output<typeof cutOverInput>;

export function makeCutOver({ adapters, clock }: TaskDeps) {
  return async function cutOver({ deployment, ref }: CutOverInput): Promise<{ moved: number; terminated: number; reason: string }> {
    const { app, env, deploymentId, config } = deployment;
    await guardDeployment({ adapters, clock }, deployment);
    const groups = immutableGroupsOf(config, deploymentId);
    // A stop can land while this runs (StopExecution does not stop the Lambda), and its cleanup may already be
    // undoing the cut-over: asked again before the first old instance leaves, the one step no undo can take back.
    const beforeTerminating = async () => {
      await guardDeployment({ adapters, clock }, deployment);
    };
    const view = await fleetFor(adapters, config.fleet).cutOver({ ...groups, ref, beforeTerminating });
    const reason = `${CUT_OVER_DONE}${view.reason}`;
    const at = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index: -1, kind: "temporaryGroup", reason, startedAt: at, endedAt: at });
    return { moved: view.moved, terminated: view.terminated, reason };
  };
}

export const task = defineTask(makeCutOver, cutOverInput);
