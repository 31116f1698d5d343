// Images from EC2 (CreateImage bakes) and Image Builder (pipeline bakes) clients. A function that only lists
// and retires images never starts or reads a pipeline: it takes fromEc2Images, and its bundle carries no
// Image Builder client (about 14 KB; stacks/task-entry.ts picks the source from the methods a Task may call).
import { EC2Client } from "@aws-sdk/client-ec2";
import { ImagebuilderClient } from "@aws-sdk/client-imagebuilder";
import { makeEc2Images } from "../ec2.ts";
import type { PipelineImages } from "../imagebuilder.ts";
import { makeImages } from "../images.ts";
import type { Images } from "../ports.ts";
import { refusing } from "./not-available.ts";

/** The Images methods Image Builder answers; EC2 answers the others. */
const PIPELINE_METHODS = ["startPipeline", "pipelineImage"] as const satisfies ReadonlyArray<keyof PipelineImages>;

export function fromImages(_env: NodeJS.ProcessEnv = process.env): { images: Images } {
  return { images: makeImages(new EC2Client({}), new ImagebuilderClient({})) };
}

/** EC2 alone: the pipeline methods refuse, naming why. */
export function fromEc2Images(_env: NodeJS.ProcessEnv = process.env): { images: Images } {
  const pipelines = refusing<PipelineImages>(PIPELINE_METHODS, "Image Builder is not in this function: no images method its catalog `uses` grants needs it (functions/adapters/env/images.ts)");
  return { images: { ...makeEc2Images(new EC2Client({})), ...pipelines } };
}

/** The narrowest source for these Images methods. Example: `["listImages", "retireImage"]` → fromEc2Images. */
export function imageSourceFor(methods: ReadonlyArray<keyof Images>): "fromImages" | "fromEc2Images" {
  return methods.some((method) => (PIPELINE_METHODS as ReadonlyArray<string>).includes(method)) ? "fromImages" : "fromEc2Images";
}
