// One slot as a CodeDeploy deployment group: a deployment names the image; CodeDeploy reports readiness.
import { UpdateAutoScalingGroupCommand, type AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  StopDeploymentCommand,
  type CodeDeployClient,
} from "@aws-sdk/client-codedeploy";
import { ConfigInvalidError, FleetNotHealthyError } from "../errors.ts";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { callAws } from "./errors.ts";
import { groupLaunchImage } from "./launch-image.ts";
import type { Fleet, FleetStatus } from "./ports.ts";

/** A CodeDeploy fleet can also stop a deployment in flight (CodeDeploy then rolls it back itself). */
export interface CodeDeployFleet extends Fleet {
  stop(ref: string): Promise<void>;
}

function oneGroupOnAutoScalingOnly(): never {
  throw new ConfigInvalidError(["fleet.provider: must be autoscaling with fleet.group (an instance refresh replaces the group's instances)"]);
}

/** CodeDeploy statuses → fleet readiness. Created/Queued/InProgress/Baking/Ready are still on their way. */
function codeDeployState(status: string | undefined): "pending" | "ready" | "failed" {
  if (status === "Succeeded") return "ready";
  if (status === "Failed" || status === "Stopped") return "failed";
  return "pending";
}

export function makeCodeDeployFleet(codedeploy: CodeDeployClient, autoscaling: AutoScalingClient, ec2: EC2Client): CodeDeployFleet {
  // The deployment group's application, remembered from deploy() so scaleDown(group) can find the group.
  const applications = new Map<string, string>();

  /** The Auto Scaling groups a deployment group deploys to. */
  async function autoScalingGroupsOf(group: string, context: { application?: string } | undefined, doing: string): Promise<string[]> {
    const application = context?.application ?? applications.get(group);
    if (!application) throw new Error(`cannot ${doing} ${group}: the CodeDeploy application is required (pass fleet.application)`);
    const response = await callAws(`CodeDeploy GetDeploymentGroup ${application}/${group}`, () =>
      codedeploy.send(new GetDeploymentGroupCommand({ applicationName: application, deploymentGroupName: group })),
    );
    return (response.deploymentGroupInfo?.autoScalingGroups ?? []).flatMap((asg) => (asg.name ? [asg.name] : []));
  }

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
      for (const asg of await autoScalingGroupsOf(group, context, "scale down")) {
        await callAws(`Auto Scaling UpdateAutoScalingGroup ${asg}`, () =>
          autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: asg, MinSize: 0, DesiredCapacity: 0 })),
        );
      }
    },

    /** A group of tagged instances launches nothing from an AMI: no image is needed for it. */
    async launchImages(group, context) {
      const images: string[] = [];
      for (const asg of await autoScalingGroupsOf(group, context, "read the images of")) {
        const imageId = await groupLaunchImage(autoscaling, ec2, asg);
        if (imageId) images.push(imageId);
      }
      return images;
    },

    // Validation refuses fleet.group with CodeDeploy: a config built by hand that gets here is named as such.
    startRefresh: async () => oneGroupOnAutoScalingOnly(),
    refreshStatus: async () => oneGroupOnAutoScalingOnly(),
    rollBackRefresh: async () => oneGroupOnAutoScalingOnly(),

    async stop(ref) {
      await callAws(`CodeDeploy StopDeployment ${ref}`, () =>
        codedeploy.send(new StopDeploymentCommand({ deploymentId: ref, autoRollbackEnabled: true })),
      );
    },
  };
}
