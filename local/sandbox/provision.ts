// Creates, in the simulated account, what a platform team would have set up before using Glidepath: the
// hosted zone, a launch template, one Auto Scaling group per slot, the alarms, and the config in SSM.
// Everything that has an API goes through the SDK clients, as it would on AWS.
import { CreateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { CreateLaunchTemplateCommand } from "@aws-sdk/client-ec2";
import { PutParameterCommand } from "@aws-sdk/client-ssm";
import type { AwsClients } from "../../functions/adapters/aws-clients.ts";
import { alarmNameFor, isPerSlot } from "../../functions/core/alarm-name.ts";
import type { Config, ConfigInput } from "../../functions/core/config.ts";
import { configParameterName } from "../../functions/core/naming.ts";
import type { Simulator } from "../sim/index.ts";
import { sampleAlarm } from "./sample-alarms.ts";
import { fitToSandbox, type SandboxResources } from "./sandbox-config.ts";
import { slotsOf } from "../../functions/core/fleet-shape.ts";

export async function provision(
  sim: Simulator,
  clients: AwsClients,
  input: ConfigInput,
  endpoints: { a: string; b: string },
): Promise<Config> {
  const zone = sim.route53.createHostedZone(input.traffic?.recordName?.split(".").slice(1).join(".") || "sandbox.internal");
  // One group already serves before Glidepath's first release: it runs a base image (no commit: a healthy build).
  const baseImage = input.fleet?.group ? sim.ec2.registerImage({ name: `${input.app}-${input.env}-base`, tags: [], bakeMs: 0, fails: false }) : undefined;
  const template = await clients.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: `${input.app}-${input.env}`,
      LaunchTemplateData: { InstanceType: "t3.micro", ...(baseImage ? { ImageId: baseImage } : {}) },
    }),
  );
  const resources: SandboxResources = {
    hostedZoneId: zone.id,
    launchTemplateId: template.LaunchTemplate?.LaunchTemplateId ?? "",
    builderInstanceId: sim.ec2.addInstance(),
    endpoints,
  };
  if (input.image?.kind === "imageBuilder") sim.imagebuilder.createPipeline(input.image.pipelineArn.split("/").pop() ?? "pipeline", { app: input.app, env: input.env });
  const config = fitToSandbox(input, resources);

  if (config.fleet.group) {
    // Room above desired for an extra batch; Glidepath keeps the group's own sizes.
    sim.clock.advance(0);
    await clients.autoscaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: config.fleet.group.name,
        LaunchTemplate: { LaunchTemplateId: resources.launchTemplateId, Version: "1" },
        MinSize: config.fleet.capacity,
        MaxSize: 2 * config.fleet.capacity,
        DesiredCapacity: config.fleet.capacity,
      }),
    );
  }
  for (const slot of config.fleet.slots ? (["a", "b"] as const) : []) {
    await clients.autoscaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: slotsOf(config.fleet)[slot].group,
        LaunchTemplate: { LaunchTemplateId: resources.launchTemplateId, Version: "$Latest" },
        MinSize: 0,
        MaxSize: config.fleet.capacity,
        DesiredCapacity: 0,
      }),
    );
  }
  await createSlotAlarms(clients, config);
  // The stored document is the user's (durations as text); the sandbox's ids replace the placeholders.
  await clients.ssm.send(
    new PutParameterCommand({ Name: configParameterName(config.app, config.env), Type: "String", Value: JSON.stringify(documentOf(input, config)), Overwrite: true }),
  );
  return config;
}

/** The CloudWatch alarms the sandbox creates for a config (createSlotAlarms): each per-slot alarm, for slot a and b. */
export function sandboxAlarmNames(config: Config): string[] {
  return config.analysis.alarms.filter((alarm) => isPerSlot(alarm.name)).flatMap((alarm) => (["a", "b"] as const).map((slot) => alarmNameFor(alarm.name, slot)));
}

/** Per-slot alarms (a `{slot}` in the name) become one alarm per slot on the sample service's metrics (sample-alarms.ts). */
async function createSlotAlarms(clients: AwsClients, config: Config): Promise<void> {
  for (const policy of config.analysis.alarms.filter((alarm) => isPerSlot(alarm.name))) {
    for (const slot of ["a", "b"] as const) {
      await clients.cloudwatch.send(new PutMetricAlarmCommand(sampleAlarm(alarmNameFor(policy.name, slot), config, slot)));
    }
  }
}

/** The user's document with the sandbox's resource ids in place of whatever it had. */
function documentOf(input: ConfigInput, config: Config): ConfigInput {
  return {
    ...input,
    image: input.image.kind === "createImage" ? { ...input.image, instanceId: config.image.kind === "createImage" ? config.image.instanceId : "" } : input.image,
    fleet: { ...input.fleet, launchTemplateId: config.fleet.launchTemplateId, ...(config.fleet.slots ? { slots: config.fleet.slots } : {}), ...(config.fleet.group ? { group: config.fleet.group } : {}) },
    traffic: { ...input.traffic, hostedZoneId: config.traffic.hostedZoneId },
  };
}
