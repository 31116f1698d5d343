// One Images implementation composed of the EC2 (CreateImage) and Image Builder halves.
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { ImagebuilderClient } from "@aws-sdk/client-imagebuilder";
import { makeEc2Images } from "./ec2.ts";
import { makeImageBuilderImages } from "./imagebuilder.ts";
import type { Images } from "./ports.ts";

export function makeImages(ec2: EC2Client, imagebuilder: ImagebuilderClient): Images {
  return { ...makeEc2Images(ec2), ...makeImageBuilderImages(imagebuilder) };
}
