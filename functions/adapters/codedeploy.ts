// One slot as a CodeDeploy deployment group: a deployment names the image; CodeDeploy reports readiness.
import { UpdateAutoScalingGroupCommand, type AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  StopDeploymentCommand,
  type CodeDeployClient,
} from "@aws-sdk/client-codedeploy";
import { FleetNotHealthyError } from "../errors.ts";
import { callAws } from "./errors.ts";
import type { Fleet, FleetStatus } from "./ports.ts";

/** A CodeDeploy fleet can also stop a deployment in flight (CodeDeploy then rolls it back itself). */
export interface CodeDeployFleet extends Fleet {
  stop(ref: string): Promise<void>;
}

/** CodeDeploy statuses → fleet readiness. Created/Queued/InProgress/Baking/Ready are still on their way. */
export function codeDeployState(status: string | undefined): "pending" | "ready" | "failed" {
  if (status === "Succeeded") return "ready";
  if (status === "Failed" || status === "Stopped") return "failed";
  return "pending";
}

export function makeCodeDeployFleet(codedeploy: CodeDeployClient, autoscaling: AutoScalingClient): CodeDeployFleet {
  // The deployment group's application, remembered from deploy() so scaleDown(group) can find the group.
  const applications = new Map<string, string>();

  return {
    async deploy({ group, imageId, reference, application }) {
      if (!application) throw new FleetNotHealthyError(`cannot deploy ${group}: fleet.application is required for codedeploy`);
      applications.set(group, application);
      // Capacity is the deployment group's own business (its Auto Scaling groups or tagged instances).
      // The revision is a small document naming the image and the release, so the console shows what went out.
      const content = JSON.stringify({ imageId, reference });
      const response = await callAws(`CodeDeploy CreateDeployment ${application}/${group}`, () =>
        codedeploy.send(
          new CreateDeploymentCommand({
            applicationName: application,
            deploymentGroupName: group,
            description: `glidepath ${reference}: image ${imageId}`.slice(0, 100),
            revision: { revisionType: "String", string: { content } },
          }),
        ),
      );
      if (!response.deploymentId) throw new Error(`CodeDeploy CreateDeployment ${application}/${group} returned no deployment id`);
      return { ref: response.deploymentId };
    },

    async status({ ref }): Promise<FleetStatus> {
      const response = await callAws(`CodeDeploy GetDeployment ${ref}`, () => codedeploy.send(new GetDeploymentCommand({ deploymentId: ref })));
      const info = response.deploymentInfo;
      const overview = info?.deploymentOverview ?? {};
      const desired =
        (overview.Pending ?? 0) + (overview.InProgress ?? 0) + (overview.Succeeded ?? 0) + (overview.Failed ?? 0) + (overview.Skipped ?? 0) + (overview.Ready ?? 0);
      const inService = overview.Succeeded ?? 0;
      const state = codeDeployState(info?.status);
      const detail = info?.errorInformation?.message;
      const reason = `deployment ${ref} is ${info?.status ?? "unknown"} (${inService}/${desired} instances succeeded)${detail ? `: ${detail}` : ""}`;
      return { ready: state === "ready", failed: state === "failed", desired, inService, reason };
    },

    /**
     * CodeDeploy has no "scale to zero". We scale the Auto Scaling groups the deployment group deploys to
     * (min and desired 0, keeping each group), which is what keeps a retired slot from costing money.
     * A group of tagged instances has nothing to scale: this is then a no-op, and the instances stay up.
     */
    async scaleDown(group, context) {
      const application = context?.application ?? applications.get(group);
      if (!application) throw new Error(`cannot scale down ${group}: the CodeDeploy application is required (pass fleet.application)`);
      const response = await callAws(`CodeDeploy GetDeploymentGroup ${application}/${group}`, () =>
        codedeploy.send(new GetDeploymentGroupCommand({ applicationName: application, deploymentGroupName: group })),
      );
      for (const asg of response.deploymentGroupInfo?.autoScalingGroups ?? []) {
        if (!asg.name) continue;
        await callAws(`Auto Scaling UpdateAutoScalingGroup ${asg.name}`, () =>
          autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: asg.name, MinSize: 0, DesiredCapacity: 0 })),
        );
      }
    },

    async stop(ref) {
      await callAws(`CodeDeploy StopDeployment ${ref}`, () =>
        codedeploy.send(new StopDeploymentCommand({ deploymentId: ref, autoRollbackEnabled: true })),
      );
    },
  };
}
