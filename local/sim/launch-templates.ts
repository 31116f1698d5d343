// EC2 launch templates and their numbered versions; Auto Scaling resolves `$Latest`/`$Default`/`N` here.
import type {
  CreateLaunchTemplateCommandInput,
  CreateLaunchTemplateVersionCommandInput,
  DescribeLaunchTemplateVersionsCommandInput,
  LaunchTemplateVersion,
  RequestLaunchTemplateData,
} from "@aws-sdk/client-ec2";
import type { SimContext } from "./context.ts";
import { awsError } from "./errors.ts";

interface Template {
  id: string;
  name: string;
  defaultVersion: number;
  versions: Array<{ number: number; data: RequestLaunchTemplateData; description?: string; createdAt: number }>;
}

export interface LaunchTemplateRef {
  LaunchTemplateId?: string;
  LaunchTemplateName?: string;
  Version?: string;
}

export class LaunchTemplates {
  private templates = new Map<string, Template>();

  constructor(private readonly ctx: SimContext) {}

  create(input: CreateLaunchTemplateCommandInput) {
    const name = input.LaunchTemplateName ?? "";
    if ([...this.templates.values()].some((t) => t.name === name)) {
      throw awsError("ec2", "InvalidLaunchTemplateName.AlreadyExistsException", `Launch template name already in use.`);
    }
    const template: Template = {
      id: `lt-${this.ctx.rng.hex(17)}`,
      name,
      defaultVersion: 1,
      versions: [{ number: 1, data: structuredClone(input.LaunchTemplateData ?? {}), ...(input.VersionDescription ? { description: input.VersionDescription } : {}), createdAt: this.ctx.clock.now() }],
    };
    this.templates.set(template.id, template);
    return { LaunchTemplate: this.summary(template) };
  }

  createVersion(input: CreateLaunchTemplateVersionCommandInput) {
    const template = this.find(input);
    const source = input.SourceVersion ? this.version(template, input.SourceVersion).data : {};
    const number = template.versions.length + 1;
    const data = { ...structuredClone(source), ...structuredClone(input.LaunchTemplateData ?? {}) };
    template.versions.push({ number, data, ...(input.VersionDescription ? { description: input.VersionDescription } : {}), createdAt: this.ctx.clock.now() });
    return { LaunchTemplateVersion: this.view(template, number) };
  }

  describeVersions(input: DescribeLaunchTemplateVersionsCommandInput) {
    const template = this.find(input);
    const numbers = input.Versions?.length
      ? input.Versions.map((v) => this.version(template, v).number)
      : template.versions.map((v) => v.number).reverse();
    return { LaunchTemplateVersions: numbers.map((n) => this.view(template, n)) };
  }

  modify(input: LaunchTemplateRef & { DefaultVersion?: string }) {
    const template = this.find(input);
    if (input.DefaultVersion) template.defaultVersion = this.version(template, input.DefaultVersion).number;
    return { LaunchTemplate: this.summary(template) };
  }

  /** What Auto Scaling launches for a reference: the concrete version number and its data. */
  resolve(ref: LaunchTemplateRef): { id: string; name: string; version: number; data: RequestLaunchTemplateData } {
    const template = this.find(ref);
    const version = this.version(template, ref.Version ?? "$Default");
    return { id: template.id, name: template.name, version: version.number, data: version.data };
  }

  private find(ref: LaunchTemplateRef): Template {
    const template = ref.LaunchTemplateId
      ? this.templates.get(ref.LaunchTemplateId)
      : [...this.templates.values()].find((t) => t.name === ref.LaunchTemplateName);
    if (template) return template;
    if (ref.LaunchTemplateId) throw awsError("ec2", "InvalidLaunchTemplateId.NotFound", `The specified launch template, with template ID ${ref.LaunchTemplateId}, does not exist.`);
    throw awsError("ec2", "InvalidLaunchTemplateName.NotFoundException", `The specified launch template, with template name ${ref.LaunchTemplateName}, does not exist.`);
  }

  private version(template: Template, spec: string) {
    const number = spec === "$Latest" ? template.versions.length : spec === "$Default" ? template.defaultVersion : Number(spec);
    const version = template.versions.find((v) => v.number === number);
    if (!version) throw awsError("ec2", "InvalidLaunchTemplateId.VersionNotFound", `Could not find launch template version ${spec} for template ${template.id}.`);
    return version;
  }

  private summary(t: Template) {
    return {
      LaunchTemplateId: t.id,
      LaunchTemplateName: t.name,
      DefaultVersionNumber: t.defaultVersion,
      LatestVersionNumber: t.versions.length,
      CreateTime: new Date(t.versions[0]?.createdAt ?? 0),
    };
  }

  private view(t: Template, number: number): LaunchTemplateVersion {
    const v = this.version(t, String(number));
    return {
      LaunchTemplateId: t.id,
      LaunchTemplateName: t.name,
      VersionNumber: v.number,
      DefaultVersion: v.number === t.defaultVersion,
      LaunchTemplateData: structuredClone(v.data) as LaunchTemplateVersion["LaunchTemplateData"],
      CreateTime: new Date(v.createdAt),
      ...(v.description ? { VersionDescription: v.description } : {}),
    };
  }
}
