// Images from EC2 (CreateImage bakes) and Image Builder (pipeline bakes) clients.
import { EC2Client } from "@aws-sdk/client-ec2";
import { ImagebuilderClient } from "@aws-sdk/client-imagebuilder";
import { makeImages } from "../images.ts";
import type { Images } from "../ports.ts";

export function fromImages(_env: NodeJS.ProcessEnv = process.env): { images: Images } {
  return { images: makeImages(new EC2Client({}), new ImagebuilderClient({})) };
}
