// EC2 Image Builder: start a pipeline build (idempotent by client token) and read its AMI once built.
import { GetImageCommand, StartImagePipelineExecutionCommand, type ImagebuilderClient } from "@aws-sdk/client-imagebuilder";
import { callAws } from "./errors.ts";
import type { ImageState, Images } from "./ports.ts";

export type PipelineImages = Pick<Images, "startPipeline" | "pipelineImage">;

/** Image Builder statuses: still building until AVAILABLE; FAILED, CANCELLED, DELETED and DISABLED are final failures. */
function imageBuilderState(status: string | undefined): ImageState {
  switch (status) {
    case "AVAILABLE":
    case "DEPRECATED":
      return "available";
    case "FAILED":
    case "CANCELLED":
    case "DELETED":
    case "DISABLED":
      return "failed";
    default:
      return "pending";
  }
}

export function makeImageBuilderImages(imagebuilder: ImagebuilderClient): PipelineImages {
  return {
    async startPipeline({ pipelineArn, clientToken }) {
      const response = await callAws(`Image Builder StartImagePipelineExecution ${pipelineArn}`, () =>
        imagebuilder.send(new StartImagePipelineExecutionCommand({ imagePipelineArn: pipelineArn, clientToken })),
      );
      if (!response.imageBuildVersionArn) throw new Error(`Image Builder StartImagePipelineExecution ${pipelineArn} returned no build ARN`);
      return { buildVersionArn: response.imageBuildVersionArn };
    },

    async pipelineImage(buildVersionArn) {
      const response = await callAws(`Image Builder GetImage ${buildVersionArn}`, () =>
        imagebuilder.send(new GetImageCommand({ imageBuildVersionArn: buildVersionArn })),
      );
      const status = response.image?.state?.status;
      const state = imageBuilderState(status);
      const imageId = response.image?.outputResources?.amis?.[0]?.image;
      const reason = response.image?.state?.reason ?? (state === "failed" ? `build ${buildVersionArn} is ${status}` : undefined);
      if (state === "available" && !imageId)
        return { state: "failed", reason: `build ${buildVersionArn} is ${status} but lists no AMI` };
      return { state, ...(imageId ? { imageId } : {}), ...(reason ? { reason } : {}) };
    },
  };
}
