// One slot as a CodeDeploy deployment group (EC2/On-premises compute platform) over one Auto Scaling group.
//
// Design: CodeDeploy does not change the AMI of an instance. An in-place deployment only copies a revision
// onto the instances a group already runs, so it alone would never put the baked image in service. Glidepath
// therefore puts the AMI there through Auto Scaling, exactly as the autoscaling provider does — a new
// launch template version carrying the image, the slot's group pointed at it and sized to `capacity` (the
// idle slot is at zero, so every instance is launched fresh from the new AMI; any left over are replaced by an
// instance refresh) — and then runs an in-place CodeDeploy deployment of the S3 revision named by
// `fleet.revision` (an appspec whose hooks are the team's install/validate scripts, or no-ops), which the
// agent on those instances runs; instances the group launches later get it from CodeDeploy's Auto Scaling
// lifecycle hook. The slot is ready when the deployment Succeeded AND `capacity` instances are InService on
// that launch template version.
//
// Why not CodeDeploy's EC2 blue/green (WITH_TRAFFIC_CONTROL, COPY_AUTO_SCALING_GROUP)? It makes a new
// Auto Scaling group under a new name and moves traffic itself between load balancer target groups, so it
// cannot fit the two-slot shape, where each slot keeps its group and Glidepath alone moves traffic (Route 53
// weights or ALB listener weights) with its own alarm-gated steps.
//
// CodeDeploy takes only S3 or GitHub revisions for this platform; a `String` revision (valid for AWS Lambda
// deployments only) is refused with InvalidRevisionException.
import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  StopDeploymentCommand,
  type CodeDeployClient,
} from "@aws-sdk/client-codedeploy";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { ConfigInvalidError, FleetNotHealthyError } from "../errors.ts";
import { makeGroupFleet } from "./autoscaling.ts";
import type { ScalingPolicies } from "./scaling-policies.ts";
import { callAws } from "./errors.ts";
import { groupLaunchImage } from "./launch-image.ts";
import { makeEc2LaunchTemplates, type LaunchTemplates } from "./launch-templates.ts";
import type { Fleet, FleetStatus } from "./ports.ts";

/** A CodeDeploy fleet can also stop a deployment in flight (CodeDeploy then rolls it back itself). */
export interface CodeDeployFleet extends Fleet {
  stop(ref: string): Promise<void>;
}

function oneGroupOnAutoScalingOnly(): never {
  throw new ConfigInvalidError(["fleet.provider: must be autoscaling with fleet.group (an instance refresh replaces the group's instances)"]);
}

/**
 * A CodeDeploy fleet's answer to the one-group instance refresh methods, which call nothing: validation
 * refuses fleet.group with CodeDeploy, so a config built by hand that gets here is named as such. A Lambda
 * that only refreshes or rolls back groups answers with these alone (adapters/env/fleets.ts).
 */
export const CODEDEPLOY_REFRESHES: Pick<Fleet, "startRefresh" | "refreshStatus" | "rollBackRefresh" | "restoreRefresh" | "launchTemporaryGroup" | "serveTemporaryGroup" | "cutOver" | "removeTemporaryGroup" | "resize"> = {
  // A canary fleet smaller than the live one: validation refuses canaryScale with CodeDeploy.
  resize: async () => {
    throw new ConfigInvalidError(["strategy.canaryScale: needs fleet.provider autoscaling: a CodeDeploy deployment group is brought up at fleet.capacity"]);
  },
  startRefresh: async () => oneGroupOnAutoScalingOnly(),
  refreshStatus: async () => oneGroupOnAutoScalingOnly(),
  rollBackRefresh: async () => oneGroupOnAutoScalingOnly(),
  restoreRefresh: async () => oneGroupOnAutoScalingOnly(),
  launchTemporaryGroup: async () => oneGroupOnAutoScalingOnly(),
  serveTemporaryGroup: async () => oneGroupOnAutoScalingOnly(),
  cutOver: async () => oneGroupOnAutoScalingOnly(),
  removeTemporaryGroup: async () => oneGroupOnAutoScalingOnly(),
};

/** CodeDeploy statuses → fleet readiness. Created/Queued/InProgress/Baking/Ready are still on their way. */
function codeDeployState(status: string | undefined): "pending" | "ready" | "failed" {
  if (status === "Succeeded") return "ready";
  if (status === "Failed" || status === "Stopped") return "failed";
  return "pending";
}

/**
 * A deploy's reference: the deployment, the launch template version and the Auto Scaling group it put in
 * service (`d-…:<version>:<group>`; the group goes last because its name may hold any character). A bare
 * deployment id (a reference made before the AMI went through Auto Scaling) reads the deployment alone.
 */
interface DeployRef {
  deploymentId: string;
  version?: string;
  autoScalingGroup?: string;
}

const formatRef = (ref: Required<DeployRef>) => `${ref.deploymentId}:${ref.version}:${ref.autoScalingGroup}`;

function parseRef(ref: string): DeployRef {
  const match = /^(d-[A-Z0-9]+):(\d+):(.+)$/.exec(ref);
  return match ? { deploymentId: match[1]!, version: match[2]!, autoScalingGroup: match[3]! } : { deploymentId: ref };
}

export function makeCodeDeployFleet(codedeploy: CodeDeployClient, autoscaling: AutoScalingClient, ec2: EC2Client): CodeDeployFleet {
  return makeDeploymentGroupFleet(codedeploy, autoscaling, makeEc2LaunchTemplates(ec2));
}

/** A CodeDeploy slot is sized by `capacity`, never from the live group, so its group never copies scaling policies. */
const NO_POLICY_COPIES: ScalingPolicies = {
  mirror: async () => {
    throw new Error("a CodeDeploy fleet does not copy scaling policies (it deploys with capacity, not sizeFrom)");
  },
};

/** The CodeDeploy fleet over any launch templates (see makeGroupFleet in autoscaling.ts for why). */
export function makeDeploymentGroupFleet(codedeploy: CodeDeployClient, autoscaling: AutoScalingClient, launchTemplates: LaunchTemplates): CodeDeployFleet {
  const groupFleet = makeGroupFleet(autoscaling, launchTemplates, NO_POLICY_COPIES);
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

  /** Reads the deployment alone: its status and instance counts. */
  async function deploymentStatus(deploymentId: string): Promise<FleetStatus> {
    const response = await callAws(`CodeDeploy GetDeployment ${deploymentId}`, () => codedeploy.send(new GetDeploymentCommand({ deploymentId })));
    const info = response.deploymentInfo;
    const overview = info?.deploymentOverview ?? {};
    const desired =
      (overview.Pending ?? 0) + (overview.InProgress ?? 0) + (overview.Succeeded ?? 0) + (overview.Failed ?? 0) + (overview.Skipped ?? 0) + (overview.Ready ?? 0);
    const inService = overview.Succeeded ?? 0;
    const state = codeDeployState(info?.status);
    const detail = info?.errorInformation?.message;
    const reason = `deployment ${deploymentId} is ${info?.status ?? "unknown"} (${inService}/${desired} instances succeeded)${detail ? `: ${detail}` : ""}`;
    return { ready: state === "ready", failed: state === "failed", desired, inService, reason };
  }

  return {
    async deploy({ group, imageId, capacity, reference, application, launchTemplateId, revision }) {
      if (!application) throw new FleetNotHealthyError(`cannot deploy ${group}: fleet.application is required for codedeploy`);
      if (!launchTemplateId) throw new FleetNotHealthyError(`cannot deploy ${group}: fleet.launchTemplateId is required for codedeploy (it carries the baked AMI)`);
      if (!revision) throw new FleetNotHealthyError(`cannot deploy ${group}: fleet.revision (the S3 appspec bundle) is required for codedeploy`);
      applications.set(group, application);
      const groups = await autoScalingGroupsOf(group, { application }, "deploy");
      if (groups.length !== 1) {
        throw new FleetNotHealthyError(
          `cannot deploy ${group}: CodeDeploy deployment group ${application}/${group} must deploy to exactly one Auto Scaling group (it names ${groups.length}), the slot whose instances launch from the baked AMI`,
        );
      }
      const autoScalingGroup = groups[0]!;
      // The AMI goes in service through Auto Scaling (see the file comment): CodeDeploy never changes an image.
      const { ref: version } = await groupFleet.deploy({ group: autoScalingGroup, imageId, capacity, reference, launchTemplateId });
      const response = await callAws(`CodeDeploy CreateDeployment ${application}/${group}`, () =>
        codedeploy.send(
          new CreateDeploymentCommand({
            applicationName: application,
            deploymentGroupName: group,
            description: `glidepath ${reference}: image ${imageId}`.slice(0, 100),
            revision: { revisionType: "S3", s3Location: { bucket: revision.bucket, key: revision.key, bundleType: revision.bundleType } },
          }),
        ),
      );
      if (!response.deploymentId) throw new Error(`CodeDeploy CreateDeployment ${application}/${group} returned no deployment id`);
      return { ref: formatRef({ deploymentId: response.deploymentId, version, autoScalingGroup }) };
    },

    /** Ready when the deployment Succeeded and the group has `capacity` instances InService on the new image. */
    async status({ ref }): Promise<FleetStatus> {
      const { deploymentId, version, autoScalingGroup } = parseRef(ref);
      const deployment = await deploymentStatus(deploymentId);
      if (!version || !autoScalingGroup) return deployment;
      const instances = await groupFleet.status({ group: autoScalingGroup, ref: version });
      return {
        ready: deployment.ready && instances.ready,
        failed: deployment.failed || instances.failed,
        desired: instances.desired,
        inService: instances.inService,
        reason: `${deployment.reason}; ${autoScalingGroup}: ${instances.reason}`,
      };
    },

    /**
     * CodeDeploy has no "scale to zero". We scale the Auto Scaling groups the deployment group deploys to
     * (minimum, maximum and desired 0, keeping each group), which is what keeps a retired slot from costing money.
     * A group of tagged instances has nothing to scale: this is then a no-op, and the instances stay up.
     */
    async scaleDown(group, context) {
      // As an Auto Scaling slot is retired: maximum 0 too, so no scaling policy of the group launches into it.
      for (const asg of await autoScalingGroupsOf(group, context, "scale down")) await groupFleet.scaleDown(asg);
    },

    /** A group of tagged instances launches nothing from an AMI: no image is needed for it. */
    async launchImages(group, context) {
      const images: string[] = [];
      for (const asg of await autoScalingGroupsOf(group, context, "read the images of")) {
        const imageId = await groupLaunchImage(autoscaling, launchTemplates, asg);
        if (imageId) images.push(imageId);
      }
      return images;
    },

    ...CODEDEPLOY_REFRESHES,

    async stop(ref) {
      const { deploymentId } = parseRef(ref);
      await callAws(`CodeDeploy StopDeployment ${deploymentId}`, () =>
        codedeploy.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true })),
      );
    },
  };
}
