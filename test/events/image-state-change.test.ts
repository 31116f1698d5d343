// The image's own state-change event ends the image wait of the deployment baking it, and nothing else.
import { describe, expect, it } from "vitest";
import type { ImageWait } from "../../functions/adapters/ports.ts";
import { makeImageStateChange } from "../../functions/events/image-state-change.ts";

const BUILD = "arn:aws:imagebuilder:us-east-1:123456789012:image/shop-api/1.0.0/7";
const wait = (image: string): ImageWait => ({ image, app: "shop-api", env: "prod", deploymentId: "shop-api-prod-0123456789ab", taskToken: `token-for-${image}`, recordedAt: "2024-05-01T12:00:00.000Z" });

function setup(waits: ImageWait[], closed: string[] = [], failWith?: string) {
  const sent: Array<{ taskToken: string; output: unknown }> = [];
  const handler = makeImageStateChange({
    ledger: { getImageWait: async (image) => waits.find((w) => w.image === image) ?? null },
    executions: {
      async sendTaskSuccess(taskToken, output) {
        if (failWith) throw Object.assign(new Error(failWith), { name: failWith });
        if (closed.includes(taskToken)) throw Object.assign(new Error("Task Timed Out"), { name: "TaskTimedOut" });
        sent.push({ taskToken, output });
      },
    },
  });
  return { handler, sent };
}

// Shapes as AWS documents them (monitor-ami-events; events-ref-imagebuilder).
const ec2Event = (imageId: string, state: string) => ({
  source: "aws.ec2",
  "detail-type": "EC2 AMI State Change",
  resources: [`arn:aws:ec2:us-east-1::image/${imageId}`],
  detail: { RequestId: "example-9dcc-40a6-aa77-7ce457d5442b", ImageId: imageId, State: state, ErrorMessage: "" },
});
const builderEvent = (arn: string, status: string) => ({
  source: "aws.imagebuilder",
  "detail-type": "EC2 Image Builder Image State Change",
  resources: [arn],
  detail: { "previous-state": { status: "BUILDING" }, state: { status } },
});

describe("the image state change handler", () => {
  it.each([
    ["an AMI that became available", ec2Event("ami-0abc", "available"), "ami-0abc"],
    ["an AMI that failed", ec2Event("ami-0abc", "failed"), "ami-0abc"],
    ["a pipeline build that became available", builderEvent(BUILD, "AVAILABLE"), BUILD],
    ["a pipeline build that failed", builderEvent(BUILD, "FAILED"), BUILD],
    ["a pipeline build that was cancelled", builderEvent(BUILD, "CANCELLED"), BUILD],
  ])("ends the wait of the deployment baking %s, leaving the verdict to Check image", async (_name, event, key) => {
    const { handler, sent } = setup([wait(key)]);
    const result = await handler(event);
    expect(result).toMatchObject({ outcome: "resumed", app: "shop-api", env: "prod", deploymentId: "shop-api-prod-0123456789ab" });
    expect(sent).toEqual([{ taskToken: `token-for-${key}`, output: { reason: expect.stringContaining(`${key} is`) } }]);
  });

  it.each([
    ["a build still testing", builderEvent(BUILD, "TESTING")],
    ["an AMI being deregistered", ec2Event("ami-0abc", "deregistered")],
    ["another service's event", { source: "aws.ec2", "detail-type": "EC2 Instance State-change Notification", detail: { "instance-id": "i-1", state: "running" } }],
  ])("ignores %s: nobody needs waking", async (_name, event) => {
    const { handler, sent } = setup([wait("ami-0abc"), wait(BUILD)]);
    expect(await handler(event)).toMatchObject({ outcome: "ignored" });
    expect(sent).toEqual([]);
  });

  it("ignores an image no deployment waits on (another team's AMI, a pipeline's output AMI)", async () => {
    const { handler, sent } = setup([wait("ami-0abc")]);
    expect(await handler(ec2Event("ami-0other", "available"))).toEqual({ outcome: "ignored", reason: "no deployment waits on ami-0other" });
    expect(sent).toEqual([]);
  });

  it("takes a wait that already ended (a duplicate event, or the wait found the image itself) as done", async () => {
    const { handler } = setup([wait("ami-0abc")], ["token-for-ami-0abc"]);
    expect(await handler(ec2Event("ami-0abc", "available"))).toMatchObject({ outcome: "ignored", reason: expect.stringContaining("had already ended (TaskTimedOut)") });
  });

  it("fails on any other error, so Lambda retries the event", async () => {
    const { handler } = setup([wait("ami-0abc")], [], "ThrottlingException");
    await expect(handler(ec2Event("ami-0abc", "available"))).rejects.toThrow("ThrottlingException");
  });
});
