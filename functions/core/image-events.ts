// The image bake's state-change events, as AWS documents them, and which bake each one is about. Pure.
//
// EC2 (AWSEC2 UserGuide, monitor-ami-events): source "aws.ec2", detail-type "EC2 AMI State Change", detail
//   { RequestId, ImageId, State, ErrorMessage }; sent when an AMI enters available, failed, deregistered or
//   disabled (CreateImage: available or failed), to the default bus, "on a best effort basis".
// Image Builder (EventBridge events reference, events-ref-imagebuilder; ImageState in its API reference):
//   source "aws.imagebuilder", detail-type "EC2 Image Builder Image State Change", resources [the image build
//   version ARN], detail { "previous-state": { status, reason }, state: { status, reason } }, statuses PENDING
//   … AVAILABLE | CANCELLED | FAILED …; delivery type "best effort".
// Best effort is why "Wait for the image" has a fallback timeout (poll-intervals.ts): the event only wakes the
// execution early; "Check image" still reads the image and decides.

export const EC2_IMAGE_EVENT = { source: "aws.ec2", detailType: "EC2 AMI State Change" } as const;
export const IMAGE_BUILDER_EVENT = { source: "aws.imagebuilder", detailType: "EC2 Image Builder Image State Change" } as const;

/** The AMI states after which CreateImage's image changes no more: what the rule passes on. */
export const EC2_FINAL_STATES = ["available", "failed"] as const;
/** The build statuses a pipeline build ends in (ImageState: "ends in the AVAILABLE, FAILED, or CANCELLED state"). */
export const IMAGE_BUILDER_FINAL_STATUSES = ["AVAILABLE", "FAILED", "CANCELLED"] as const;

/** What a bake is known by in its events: the AMI id (CreateImage) or the build version ARN (a pipeline). */
export function bakeKey(image: { imageId: string | null; buildVersionArn: string | null }): string | null {
  return image.buildVersionArn ?? image.imageId;
}

/** An EventBridge event as a rule hands it to a Lambda (the fields read here). */
export interface ImageEvent {
  source?: string;
  "detail-type"?: string;
  resources?: string[];
  detail?: Record<string, unknown>;
}

/**
 * The bake an image event is about and the state it reports; null for any other event, or an intermediate
 * state nobody needs to wake for.
 * Example: `{ source: "aws.ec2", "detail-type": "EC2 AMI State Change", detail: { ImageId: "ami-1", State: "available" } }`
 *   → `{ key: "ami-1", state: "available" }`.
 */
export function imageEventOf(event: ImageEvent): { key: string; state: string } | null {
  const detail = event.detail ?? {};
  if (event.source === EC2_IMAGE_EVENT.source && event["detail-type"] === EC2_IMAGE_EVENT.detailType) {
    const { ImageId: key, State: state } = detail;
    if (typeof key !== "string" || typeof state !== "string" || !(EC2_FINAL_STATES as readonly string[]).includes(state)) return null;
    return { key, state };
  }
  if (event.source === IMAGE_BUILDER_EVENT.source && event["detail-type"] === IMAGE_BUILDER_EVENT.detailType) {
    const key = event.resources?.[0];
    const status = (detail["state"] as { status?: unknown } | undefined)?.status;
    if (typeof key !== "string" || typeof status !== "string" || !(IMAGE_BUILDER_FINAL_STATUSES as readonly string[]).includes(status)) return null;
    return { key, state: status };
  }
  return null;
}
