// Simulated EC2: AMIs baked from an instance (pending → available | failed), their snapshots, tag filters,
// paged listing, CreateTags, deregistration, and launch templates (launch-templates.ts).
import type {
  CreateImageCommandInput,
  CreateTagsCommandInput,
  DeregisterImageCommandInput,
  DescribeImagesCommandInput,
  Filter,
  Image,
  Tag,
  TagSpecification,
} from "@aws-sdk/client-ec2";
import { EC2_IMAGE_EVENT } from "../../functions/core/image-events.ts";
import { ACCOUNT_ID, REGION, type Operation, type ServiceModel, type SimContext } from "./context.ts";
import { awsError } from "./errors.ts";
import type { EventBridgeModel } from "./eventbridge.ts";
import { LaunchTemplates } from "./launch-templates.ts";

interface StoredImage {
  id: string;
  name: string;
  state: "pending" | "available" | "failed";
  createdAt: number;
  tags: Tag[];
  snapshotIds: string[];
  stateReason?: { Code: string; Message: string };
}

export class Ec2Model implements ServiceModel {
  readonly launchTemplates: LaunchTemplates;
  private images = new Map<string, StoredImage>();
  private snapshots = new Map<string, { id: string; tags: Tag[] }>();
  private instances = new Set<string>();

  constructor(private readonly ctx: SimContext, private readonly eventbridge?: EventBridgeModel) {
    this.launchTemplates = new LaunchTemplates(ctx);
  }

  /** Setup helper: a running builder instance CreateImage can bake from. */
  addInstance(instanceId = `i-${this.ctx.rng.hex(17)}`): string {
    this.instances.add(instanceId);
    return instanceId;
  }

  /**
   * Registers an AMI the way a bake does: pending, then available (or failed when a fault marks its commit)
   * after `bakeMs`. Image Builder uses this for the AMIs its pipelines output.
   */
  registerImage(input: { name: string; tags: Tag[]; snapshotTags?: Tag[]; bakeMs: number; fails: boolean }): string {
    if ([...this.images.values()].some((i) => i.name === input.name)) {
      throw awsError("ec2", "InvalidAMIName.Duplicate", `AMI name ${input.name} is already in use by AMI ${[...this.images.values()].find((i) => i.name === input.name)?.id}`);
    }
    const snapshotId = `snap-${this.ctx.rng.hex(17)}`;
    this.snapshots.set(snapshotId, { id: snapshotId, tags: input.snapshotTags ?? [] });
    const image: StoredImage = { id: `ami-${this.ctx.rng.hex(17)}`, name: input.name, state: "pending", createdAt: this.ctx.clock.now(), tags: input.tags, snapshotIds: [snapshotId] };
    this.images.set(image.id, image);
    this.ctx.clock.schedule(input.bakeMs, () => {
      image.state = input.fails ? "failed" : "available";
      if (input.fails) image.stateReason = { Code: "Client.InternalError", Message: "Client.InternalError: Image build failed (simulated bad build)" };
      // As EC2 announces it (monitor-ami-events): the AMI's new state, best effort, on the default bus.
      this.eventbridge?.sendServiceEvent({
        source: EC2_IMAGE_EVENT.source,
        "detail-type": EC2_IMAGE_EVENT.detailType,
        resources: [`arn:aws:ec2:${REGION}::image/${image.id}`],
        detail: { RequestId: `sim-${image.id}`, ImageId: image.id, State: image.state, ErrorMessage: image.stateReason?.Message ?? "" },
      });
    });
    return image.id;
  }

  /** Tags of an image as a plain record (Auto Scaling passes them to the InstanceRuntime). */
  imageTags(imageId: string): Record<string, string> {
    return Object.fromEntries((this.images.get(imageId)?.tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  }

  /** What names an image's bake (its name and tag values): how a fault finds the commit it is for. */
  imageMentions(imageId: string): string[] {
    const image = this.images.get(imageId);
    return image ? [image.name, ...image.tags.map((t) => t.Value ?? "")] : [];
  }

  imageState(imageId: string): StoredImage["state"] | undefined {
    return this.images.get(imageId)?.state;
  }

  readonly operations: Record<string, Operation> = {
    CreateImage: (input: CreateImageCommandInput) => {
      if (!input.InstanceId || !this.instances.has(input.InstanceId)) {
        throw awsError("ec2", "InvalidInstanceID.NotFound", `The instance ID '${input.InstanceId}' does not exist`);
      }
      const tags = tagsFor(input.TagSpecifications, "image");
      const fails = this.ctx.faults.buildFails(tags.map((t) => t.Value ?? ""));
      const id = this.registerImage({ name: input.Name ?? "", tags, snapshotTags: tagsFor(input.TagSpecifications, "snapshot"), bakeMs: this.ctx.faults.buildMs(tags.map((t) => t.Value ?? ""), this.ctx.timings.imageBakeMs), fails });
      return { ImageId: id };
    },
    DescribeImages: (input: DescribeImagesCommandInput) => {
      for (const id of input.ImageIds ?? []) {
        if (!this.images.has(id)) throw awsError("ec2", "InvalidAMIID.NotFound", `The image id '[${id}]' does not exist`);
      }
      if (input.ImageIds?.length && input.MaxResults !== undefined) {
        throw awsError("ec2", "InvalidParameterCombination", "The parameter imageIdsSet cannot be used with the parameter maxResults");
      }
      const candidates = input.ImageIds?.length ? input.ImageIds.map((id) => this.images.get(id) as StoredImage) : [...this.images.values()];
      // Every simulated image is this account's own: `self` or the account id finds them, other owners none.
      const owned = !input.Owners?.length || input.Owners.some((owner) => owner === "self" || owner === ACCOUNT_ID);
      const matching = owned ? candidates.filter((i) => matchesFilters(i, input.Filters ?? [])) : [];
      return page(matching.map((i) => this.view(i)), input.MaxResults, input.NextToken);
    },
    CreateTags: (input: CreateTagsCommandInput) => {
      const tags = input.Tags ?? [];
      const reserved = tags.find((t) => t.Key?.toLowerCase().startsWith("aws:"));
      if (reserved) throw awsError("ec2", "InvalidParameterValue", `Tag keys starting with 'aws:' are reserved for internal use (${reserved.Key})`);
      // All ids are checked before any is tagged: a bad id fails the whole call.
      const targets = (input.Resources ?? []).map((id) => {
        const target = this.images.get(id) ?? this.snapshots.get(id);
        if (target) return target;
        if (id.startsWith("ami-")) throw awsError("ec2", "InvalidAMIID.NotFound", `The image id '[${id}]' does not exist`);
        if (id.startsWith("snap-")) throw awsError("ec2", "InvalidSnapshot.NotFound", `The snapshot '${id}' does not exist.`);
        throw awsError("ec2", "InvalidID", `The ID '${id}' is not valid`);
      });
      for (const target of targets) {
        for (const tag of tags) {
          // A key already there gets the new value, as on AWS.
          target.tags = [...target.tags.filter((t) => t.Key !== tag.Key), { Key: tag.Key ?? "", Value: tag.Value ?? "" }];
        }
      }
      return {};
    },
    DeregisterImage: (input: DeregisterImageCommandInput & { DeleteAssociatedSnapshots?: boolean }) => {
      const image = this.images.get(input.ImageId ?? "");
      if (!image) throw awsError("ec2", "InvalidAMIID.NotFound", `The image id '[${input.ImageId}]' does not exist`);
      this.images.delete(image.id);
      // Snapshots outlive the AMI unless asked, as on AWS.
      if (input.DeleteAssociatedSnapshots) for (const s of image.snapshotIds) this.snapshots.delete(s);
      return { Return: true };
    },
    DeleteSnapshot: (input: { SnapshotId?: string }) => {
      const id = input.SnapshotId ?? "";
      if (!this.snapshots.has(id)) throw awsError("ec2", "InvalidSnapshot.NotFound", `The snapshot '${id}' does not exist.`);
      const user = [...this.images.values()].find((i) => i.snapshotIds.includes(id));
      if (user) throw awsError("ec2", "InvalidSnapshot.InUse", `The snapshot ${id} is currently in use by ${user.id}`);
      this.snapshots.delete(id);
      return {};
    },
    DescribeSnapshots: (input: { SnapshotIds?: string[] }) => ({
      Snapshots: [...this.snapshots.values()]
        .filter((s) => !input.SnapshotIds?.length || input.SnapshotIds.includes(s.id))
        .map((s) => ({ SnapshotId: s.id, State: "completed", Tags: s.tags, OwnerId: ACCOUNT_ID })),
    }),
    CreateLaunchTemplate: (input) => this.launchTemplates.create(input),
    CreateLaunchTemplateVersion: (input) => this.launchTemplates.createVersion(input),
    DescribeLaunchTemplateVersions: (input) => this.launchTemplates.describeVersions(input),
    ModifyLaunchTemplate: (input) => this.launchTemplates.modify(input),
  };

  private view(i: StoredImage): Image {
    return {
      ImageId: i.id,
      Name: i.name,
      State: i.state,
      OwnerId: ACCOUNT_ID,
      CreationDate: new Date(i.createdAt).toISOString(),
      Tags: structuredClone(i.tags),
      BlockDeviceMappings: i.snapshotIds.map((s) => ({ DeviceName: "/dev/xvda", Ebs: { SnapshotId: s, VolumeSize: 8, DeleteOnTermination: true } })),
      ...(i.stateReason ? { StateReason: i.stateReason } : {}),
    };
  }
}

/** DescribeImages pages only when MaxResults is given (1–1000); the token is the offset of the next page. */
function page(images: Image[], maxResults: number | undefined, nextToken: string | undefined): { Images: Image[]; NextToken?: string } {
  if (maxResults === undefined) return { Images: images };
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
    throw awsError("ec2", "InvalidParameterValue", `Value (${maxResults}) for parameter maxResults is invalid. Expecting a value between 1 and 1000.`);
  }
  const offset = nextToken === undefined ? 0 : Number(nextToken);
  if (!Number.isInteger(offset) || offset < 0 || offset > images.length) throw awsError("ec2", "InvalidPaginationToken", `The pagination token ${nextToken} is not valid.`);
  const end = offset + maxResults;
  return { Images: images.slice(offset, end), ...(end < images.length ? { NextToken: String(end) } : {}) };
}

function tagsFor(specs: TagSpecification[] | undefined, type: string): Tag[] {
  return (specs ?? []).filter((s) => s.ResourceType === type).flatMap((s) => structuredClone(s.Tags ?? []));
}

/** EC2 filters: AND across filters, OR across a filter's values; `*` wildcards allowed. */
function matchesFilters(image: StoredImage, filters: Filter[]): boolean {
  return filters.every((f) => {
    const values = f.Values ?? [];
    const match = (actual: string | undefined) => actual !== undefined && values.some((v) => new RegExp(`^${v.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(actual));
    const name = f.Name ?? "";
    if (name.startsWith("tag:")) return image.tags.some((t) => t.Key === name.slice(4) && match(t.Value));
    if (name === "tag-key") return image.tags.some((t) => match(t.Key));
    if (name === "name") return match(image.name);
    if (name === "state") return match(image.state);
    if (name === "image-id") return match(image.id);
    throw awsError("ec2", "InvalidParameterValue", `The filter '${name}' is invalid (not simulated)`);
  });
}
