import { GetImageCommand, IdempotentParameterMismatchException, StartImagePipelineExecutionCommand } from "@aws-sdk/client-imagebuilder";
import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { aSandbox, rejectionOf } from "./harness.ts";

function imagebuilder() {
  const box = aSandbox({ timings: { pipelineBuildMs: 600_000 } });
  const pipeline = box.sim.imagebuilder.createPipeline("shop-prod", { app: "shop", env: "prod", commit: "abc1234" });
  const start = (clientToken: string, imagePipelineArn = pipeline) =>
    box.clients.imagebuilder.send(new StartImagePipelineExecutionCommand({ imagePipelineArn, clientToken }));
  const image = async (arn: string) => (await box.clients.imagebuilder.send(new GetImageCommand({ imageBuildVersionArn: arn }))).image;
  return { ...box, pipeline, start, image };
}

describe("Image Builder", () => {
  it("returns the same build for the same client token", async () => {
    const { start } = imagebuilder();
    const first = await start("shop-prod-abc1234");
    const again = await start("shop-prod-abc1234");
    const other = await start("shop-prod-def5678");
    expect(again.imageBuildVersionArn).toBe(first.imageBuildVersionArn);
    expect(other.imageBuildVersionArn).not.toBe(first.imageBuildVersionArn);
  });

  it("refuses a client token reused for another pipeline", async () => {
    const { start, sim } = imagebuilder();
    const other = sim.imagebuilder.createPipeline("other");
    await start("token-1");
    expect(await rejectionOf(start("token-1", other))).toBeInstanceOf(IdempotentParameterMismatchException);
  });

  it.each([
    ["a good build", false, "AVAILABLE", 1],
    ["a build for a bad commit", true, "FAILED", 0],
  ])("moves %s from BUILDING to %s", async (_rule, bad, final, amis) => {
    const { start, image, clock, sim, clients } = imagebuilder();
    if (bad) sim.failBuildsFor("abc1234");
    const { imageBuildVersionArn = "" } = await start("t");
    expect((await image(imageBuildVersionArn))?.state?.status).toBe("BUILDING");
    clock.advance(600_000);
    const built = await image(imageBuildVersionArn);
    expect(built?.state?.status).toBe(final);
    expect(built?.outputResources?.amis ?? []).toHaveLength(amis);
    const amiId = built?.outputResources?.amis?.[0]?.image;
    if (amiId) {
      const ami = (await clients.ec2.send(new DescribeImagesCommand({ ImageIds: [amiId] }))).Images?.[0];
      expect(ami).toMatchObject({ State: "available" });
      expect(ami?.Tags).toContainEqual({ Key: "commit", Value: "abc1234" });
    }
  });
});
