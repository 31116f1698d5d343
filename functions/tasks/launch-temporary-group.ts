// "Launch the temporary group" (one group, immutable): a second Auto Scaling group beside the group, at its
// full size, on a new launch template version carrying the image, tagged with the deployment; in no load
// balancer yet, so nobody reaches the new version before its instances are all InService. Its progress is
// polled by "Check the temporary group" (the Check fleet Task) like an idle slot's.
import { imageTags } from "../core/naming.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { guardDeployment } from "../task-support/deployment-guard.ts";
import { fleetFor } from "../task-support/fleet-of.ts";
import { deploymentContext, iso, type DeploymentContext } from "../task-support/inputs.ts";
import { immutableGroupsOf } from "../task-support/temporary-group.ts";
import type { FleetProgress } from "./prepare-fleet.ts";

export const launchTemporaryGroupInput = deploymentContext;

export function makeLaunchTemporaryGroup({ adapters, clock }: TaskDeps) {
  return async function launchTemporaryGroup(deployment: DeploymentContext): Promise<FleetProgress> {
    const { app, env, deploymentId, commit, config, imageId } = deployment;
    await guardDeployment({ adapters, clock }, deployment);
    const { group, temporaryGroup, launchTemplateId } = immutableGroupsOf(config, deploymentId);
    const { ref, size } = await fleetFor(adapters, config.fleet).launchTemporaryGroup({
      group,
      temporaryGroup,
      launchTemplateId,
      imageId,
      reference: deploymentId,
      tags: imageTags({ app, env, commit, deploymentId }),
    });
    const reason = `Launching temporary group ${temporaryGroup} beside ${group} on ${imageId} (launch template version ${ref}): ${size.desired} instances, as many as ${group} runs, in no load balancer until all are InService`;
    const at = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index: -1, kind: "temporaryGroup", reason, startedAt: at, endedAt: at });
    // Slot "a": a one-group fleet's only slot, the live one, which Finish rollback never scales down.
    return { provider: config.fleet.provider, slot: "a", group: temporaryGroup, ref, ready: false, startedAt: clock.now(), reason };
  };
}

export const task = defineTask(makeLaunchTemporaryGroup, launchTemporaryGroupInput);
