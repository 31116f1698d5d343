// Both fleet providers: the config picks one per app/env at run time, so a fleet Task needs both (Auto
// Scaling + EC2 launch templates, CodeDeploy + Auto Scaling), sharing one Auto Scaling and one EC2 client.
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { EC2Client } from "@aws-sdk/client-ec2";
import { makeAutoScalingFleet } from "../autoscaling.ts";
import { makeCodeDeployFleet } from "../codedeploy.ts";
import type { Fleet } from "../ports.ts";

export function fromFleets(_env: NodeJS.ProcessEnv = process.env): { fleets: { autoscaling: Fleet; codedeploy: Fleet } } {
  const autoscaling = new AutoScalingClient({});
  const ec2 = new EC2Client({});
  return {
    fleets: {
      autoscaling: makeAutoScalingFleet(autoscaling, ec2),
      codedeploy: makeCodeDeployFleet(new CodeDeployClient({}), autoscaling, ec2),
    },
  };
}
