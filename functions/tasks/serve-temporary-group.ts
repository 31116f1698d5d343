// "Put the temporary group in service" (one group, immutable): once every new instance is InService, the
// temporary group takes the group's scaling policies and joins its target groups; old and new instances now share the group's traffic,
// and the final bake judges the new version on real requests while the old instances still serve beside it.
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { guardDeployment } from "../task-support/deployment-guard.ts";
import { fleetFor } from "../task-support/fleet-of.ts";
import { deploymentContext, iso, type DeploymentContext } from "../task-support/inputs.ts";
import { describeMirror } from "../task-support/policy-mirror.ts";
import { immutableGroupsOf } from "../task-support/temporary-group.ts";

export const serveTemporaryGroupInput = deploymentContext;

export function makeServeTemporaryGroup({ adapters, clock }: TaskDeps) {
  return async function serveTemporaryGroup(deployment: DeploymentContext): Promise<{ sources: string[]; reason: string }> {
    const { app, env, deploymentId, config } = deployment;
    await guardDeployment({ adapters, clock }, deployment);
    const { group, temporaryGroup } = immutableGroupsOf(config, deploymentId);
    const { sources, scalingPolicies } = await fleetFor(adapters, config.fleet).serveTemporaryGroup({ group, temporaryGroup });
    const policies = scalingPolicies ? describeMirror(scalingPolicies) : "";
    const reason = `Temporary group ${temporaryGroup} in service beside ${group} (target group${sources.length === 1 ? "" : "s"} ${sources.join(", ")}): old and new instances share the traffic${policies ? `; ${policies}` : ""}`;
    const at = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index: -1, kind: "temporaryGroup", reason, startedAt: at, endedAt: at });
    return { sources, reason };
  };
}

export const task = defineTask(makeServeTemporaryGroup, serveTemporaryGroupInput);
