// The launch template version a deployment makes for its image, and finding it again by its description (a
// retried invocation reuses the version it made rather than make another).
import { CreateLaunchTemplateVersionCommand, DescribeLaunchTemplateVersionsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { callAws } from "./errors.ts";

/** A new version of the template, from its latest, launching `imageId`; its number as a string. */
export async function createLaunchTemplateVersion(ec2: EC2Client, launchTemplateId: string, imageId: string, description: string): Promise<string> {
  const created = await callAws(`EC2 CreateLaunchTemplateVersion ${launchTemplateId}`, () =>
    ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: launchTemplateId,
        SourceVersion: "$Latest",
        VersionDescription: description,
        LaunchTemplateData: { ImageId: imageId },
      }),
    ),
  );
  const version = created.LaunchTemplateVersion?.VersionNumber;
  if (version === undefined) throw new Error(`EC2 CreateLaunchTemplateVersion ${launchTemplateId} returned no version number`);
  return String(version);
}

/** Whether `version` of the template carries `description` (is the one this deployment made). */
export async function versionDescribedAs(ec2: EC2Client, launchTemplateId: string, version: string, description: string): Promise<boolean> {
  const found = await callAws(`EC2 DescribeLaunchTemplateVersions ${launchTemplateId}`, () =>
    ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: launchTemplateId, Versions: [version] })),
  );
  return found.LaunchTemplateVersions?.[0]?.VersionDescription === description;
}
