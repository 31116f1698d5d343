// The AMI an Auto Scaling group launches new instances from, read from its launch template version. Both
// fleet providers end in Auto Scaling groups, so both answer "which images does this slot still need" here.
import { DescribeAutoScalingGroupsCommand, type AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { callAws } from "./errors.ts";
import type { LaunchTemplates } from "./launch-templates.ts";

/**
 * The group's launch image, or null when the group does not exist (it launches nothing). Throws when the
 * group names no launch template (a launch configuration or a mixed instances policy) or the version's image
 * is not a plain AMI id (`resolve:ssm:…`): a caller deciding what may be deleted must not guess.
 */
export async function groupLaunchImage(autoscaling: AutoScalingClient, launchTemplates: LaunchTemplates, group: string): Promise<string | null> {
  const response = await callAws(`Auto Scaling DescribeAutoScalingGroups ${group}`, () =>
    autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] })),
  );
  const found = response.AutoScalingGroups?.[0];
  if (!found) return null;
  const template = found.LaunchTemplate;
  if (!template?.LaunchTemplateId && !template?.LaunchTemplateName) {
    throw new Error(`cannot tell which image Auto Scaling group ${group} launches: it names no launch template`);
  }
  const version = template.Version ?? "$Default";
  const imageId = (await launchTemplates.describeVersion({ id: template.LaunchTemplateId, name: template.LaunchTemplateName }, version))?.imageId;
  if (!imageId || !imageId.startsWith("ami-")) {
    throw new Error(`cannot tell which image Auto Scaling group ${group} launches: launch template version ${version} has image ${imageId ?? "none"}`);
  }
  return imageId;
}
