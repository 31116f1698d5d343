// The EC2 launch template calls of both fleet providers, behind a narrow interface of their own. Why a file
// apart: the EC2 client's model is the largest a bundle carries (about 36 KB for these two commands), and a
// fleet function that only reads or scales groups never touches a launch template. The fleets take this
// interface, so such a function's Lambda is built with `launchTemplatesUnavailable` (adapters/env/fleets.ts)
// and its bundle carries no EC2 client at all.
import { CreateLaunchTemplateVersionCommand, DescribeLaunchTemplateVersionsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { callAws } from "./errors.ts";

/** A launch template by id or, where a group names it so, by name. */
interface LaunchTemplateRef {
  id?: string | undefined;
  name?: string | undefined;
}

/** What Glidepath reads of one launch template version. */
interface LaunchTemplateVersion {
  description?: string | undefined;
  imageId?: string | undefined;
}

export interface LaunchTemplates {
  /** The version (a number, `$Latest` or `$Default`), or undefined when EC2 lists none. */
  describeVersion(template: LaunchTemplateRef, version: string): Promise<LaunchTemplateVersion | undefined>;
  /** A new version from `$Latest` carrying `imageId`; returns its number. */
  createVersion(launchTemplateId: string, imageId: string, description: string): Promise<string>;
}

export function makeEc2LaunchTemplates(ec2: EC2Client): LaunchTemplates {
  return {
    async describeVersion(template, version) {
      const found = await callAws(`EC2 DescribeLaunchTemplateVersions ${template.id ?? template.name}`, () =>
        ec2.send(
          new DescribeLaunchTemplateVersionsCommand({
            ...(template.id ? { LaunchTemplateId: template.id } : { LaunchTemplateName: template.name }),
            Versions: [version],
          }),
        ),
      );
      const first = found.LaunchTemplateVersions?.[0];
      return first ? { description: first.VersionDescription, imageId: first.LaunchTemplateData?.ImageId } : undefined;
    },

    async createVersion(launchTemplateId, imageId, description) {
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
    },
  };
}
