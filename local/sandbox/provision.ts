// Creates, in the simulated account, what a platform team would have set up before using Glidepath: the
// hosted zone (or, for `traffic.kind: alb`, a load balancer with one target group per slot and a listener,
// plus a rule when the config names one), a launch template, one Auto Scaling group per slot (for
// `fleet.provider: codedeploy`, also a deployment group deploying to it), the alarms, and
// the config in SSM. Everything that has an API goes through the SDK clients, as it would on AWS; attaching a
// slot's group to its target group is the simulator's `attachGroup` (what AttachTrafficSources does).
import { CreateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { CreateLaunchTemplateCommand } from "@aws-sdk/client-ec2";
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { PutParameterCommand } from "@aws-sdk/client-ssm";
import type { AwsClients } from "../../functions/adapters/aws-clients.ts";
import { alarmNameFor, isPerFleet } from "../../functions/core/alarm-name.ts";
import type { Config, ConfigInput } from "../../functions/core/config.ts";
import { configParameterName } from "../../functions/core/naming.ts";
import type { Simulator } from "../sim/index.ts";
import { sampleAlarm } from "./sample-alarms.ts";
import { fitToSandbox, type SandboxResources } from "./sandbox-config.ts";
import { slotsOf } from "../../functions/core/fleet-shape.ts";
import type { SlotName } from "../../functions/core/slots.ts";

/** The target group behind a one-group fleet's endpoint (no listener is simulated for it: traffic reaches its groups' instances). */
const GROUP_TARGET_GROUP_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/glidepath-sandbox-group/0123456789abcdef";

export async function provision(
  sim: Simulator,
  clients: AwsClients,
  input: ConfigInput,
  endpoints: { a: string; b: string },
): Promise<Config> {
  const zone = sim.route53.createHostedZone((input.traffic?.kind === "alb" ? undefined : input.traffic?.recordName?.split(".").slice(1).join(".")) || "sandbox.internal");
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
    ...(input.traffic?.kind === "alb" ? { alb: await createLoadBalancer(clients, `${input.app}-${input.env}`, Boolean(input.traffic.ruleArn)) } : {}),
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
        // Its load balancer's target group: an immutable deployment puts its temporary group behind the same one.
        TrafficSources: [{ Identifier: GROUP_TARGET_GROUP_ARN, Type: "elbv2" }],
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
  // A codedeploy slot is a deployment group (named like its Auto Scaling group) deploying to that one group.
  if (config.fleet.provider === "codedeploy") {
    for (const slot of ["a", "b"] as const) {
      sim.codedeploy.createDeploymentGroup(config.fleet.application ?? "", slotsOf(config.fleet)[slot].group, { autoScalingGroups: [slotsOf(config.fleet)[slot].group] });
    }
  }
  if (config.traffic.kind === "alb") for (const slot of ["a", "b"] as const) sim.elbv2.attachGroup(config.traffic.targetGroups[slot], slotsOf(config.fleet)[slot].group);
  await createSlotAlarms(clients, config);
  // The stored document is the user's (durations as text); the sandbox's ids replace the placeholders.
  await clients.ssm.send(
    new PutParameterCommand({ Name: configParameterName(config.app, config.env), Type: "String", Value: JSON.stringify(documentOf(input, config)), Overwrite: true }),
  );
  return config;
}

/** The CloudWatch alarms the sandbox creates for a config (createSlotAlarms): each per-fleet alarm, for slot a and b (one group: once). */
export function sandboxAlarmNames(config: Config): string[] {
  return config.analysis.alarms.filter((alarm) => isPerFleet(alarm.name)).flatMap((alarm) => fleetSlots(config).map((slot) => alarmNameFor(alarm.name, slot, config.fleet)));
}

/** Per-fleet alarms (a `{slot}` or `{fleet}` in the name) become one alarm per slot on the sample service's metrics (sample-alarms.ts). */
async function createSlotAlarms(clients: AwsClients, config: Config): Promise<void> {
  for (const policy of config.analysis.alarms.filter((alarm) => isPerFleet(alarm.name))) {
    for (const slot of fleetSlots(config)) {
      await clients.cloudwatch.send(new PutMetricAlarmCommand(sampleAlarm(alarmNameFor(policy.name, slot, config.fleet), config, slot)));
    }
  }
}

/** One group's traffic counts as slot a in the sandbox (its metrics carry Slot=a); two slots have one alarm each. */
const fleetSlots = (config: Config): readonly SlotName[] => (config.fleet.group ? ["a"] : ["a", "b"]);

/** The user's document with the sandbox's resource ids in place of whatever it had. */
function documentOf(input: ConfigInput, config: Config): ConfigInput {
  return {
    ...input,
    image: input.image.kind === "createImage" ? { ...input.image, instanceId: config.image.kind === "createImage" ? config.image.instanceId : "" } : input.image,
    fleet: { ...input.fleet, launchTemplateId: config.fleet.launchTemplateId, ...(config.fleet.slots ? { slots: config.fleet.slots } : {}), ...(config.fleet.group ? { group: config.fleet.group } : {}) },
    traffic: config.traffic.kind === "alb" ? fittedAlb(config.traffic) : { ...(input.traffic as Extract<ConfigInput["traffic"], { hostedZoneId: string }>), hostedZoneId: config.traffic.hostedZoneId },
  };
}

/** The user's ALB section with the sandbox's listener (or rule) and target groups. */
function fittedAlb(traffic: Extract<Config["traffic"], { kind: "alb" }>): ConfigInput["traffic"] {
  const { ttl: _ttl, ...written } = traffic;
  return written;
}

/**
 * One Application Load Balancer for the app/env: a target group per slot and an HTTP listener (with a rule when
 * `withRule`) whose action answers 503 until Glidepath's first shift writes the weighted forward action.
 */
async function createLoadBalancer(clients: AwsClients, name: string, withRule: boolean): Promise<NonNullable<SandboxResources["alb"]>> {
  const notYet = [{ Type: "fixed-response" as const, FixedResponseConfig: { StatusCode: "503", ContentType: "text/plain", MessageBody: "no release yet" } }];
  const lb = await clients.elbv2.send(new CreateLoadBalancerCommand({ Name: name.slice(0, 32), Type: "application" }));
  const group = async (slot: "a" | "b") =>
    (await clients.elbv2.send(new CreateTargetGroupCommand({ Name: `${name}-${slot}`.slice(-32), Protocol: "HTTP", Port: 80, TargetType: "instance" }))).TargetGroups?.[0]?.TargetGroupArn ?? "";
  const targetGroups = { a: await group("a"), b: await group("b") };
  const listener = await clients.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancers?.[0]?.LoadBalancerArn, Protocol: "HTTP", Port: 80, DefaultActions: notYet }));
  const listenerArn = listener.Listeners?.[0]?.ListenerArn ?? "";
  if (!withRule) return { listenerArn, targetGroups };
  const rule = await clients.elbv2.send(
    new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 10, Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: ["/*"] } }], Actions: notYet }),
  );
  return { listenerArn, ruleArn: rule.Rules?.[0]?.RuleArn ?? "", targetGroups };
}
