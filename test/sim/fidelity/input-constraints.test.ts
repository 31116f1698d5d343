// Sampled documented input constraints (from the service models in local/sim/input-constraints.json), sent through
// real SDK clients: each breaks one constraint and must come back with AWS's error name and validation message.
// CloudWatch's answer carries the query code ValidationError, which the SDK reads as its modeled ValidationException.
import { DescribeAlarmsCommand, PutMetricAlarmCommand, SetAlarmStateCommand, type PutMetricAlarmCommandInput } from "@aws-sdk/client-cloudwatch";
import { ChangeResourceRecordSetsCommand, type Change } from "@aws-sdk/client-route-53";
import { DescribeInstanceRefreshesCommand, SetDesiredCapacityCommand, StartInstanceRefreshCommand } from "@aws-sdk/client-auto-scaling";
import { CreateDeploymentCommand } from "@aws-sdk/client-codedeploy";
import { CreateImageCommand } from "@aws-sdk/client-ec2";
import { DescribeRulesCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetParametersByPathCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import constraintFile from "../../../local/sim/input-constraints.json" with { type: "json" };
import type { SimulatedService } from "../../../local/sim/errors.ts";
import { inputViolations, type ConstraintFile } from "../../../local/sim/input-constraints.ts";
import { aSandbox, rejectionOf } from "./harness.ts";

type Clients = ReturnType<typeof aSandbox>["clients"];

const record = (overrides: Record<string, unknown>): Change => ({
  Action: "UPSERT",
  ResourceRecordSet: { Name: "api.shop.example.com", Type: "CNAME", SetIdentifier: "a", Weight: 1, TTL: 60, ResourceRecords: [{ Value: "a.lb" }], ...overrides },
});
const alarm = (overrides: Partial<PutMetricAlarmCommandInput>) =>
  new PutMetricAlarmCommand({
    AlarmName: "shop-prod-errors",
    Namespace: "Glidepath/Sample",
    MetricName: "Errors",
    Statistic: "Sum",
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: "GreaterThanThreshold",
    ...overrides,
  });

const samples: Array<[string, (c: Clients, zone: string) => Promise<unknown>, string, string]> = [
  [
    "Route 53 TTL ≥ 0",
    (c, zone) => c.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [record({ TTL: -1 })] } })),
    "InvalidInput",
    "Value '-1' at 'changeBatch.changes.1.member.resourceRecordSet.tTL' failed to satisfy constraint: Member must have value greater than or equal to 0",
  ],
  [
    "Route 53 Comment ≤ 256 characters",
    (c, zone) => c.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Comment: "c".repeat(257), Changes: [record({})] } })),
    "InvalidInput",
    "at 'changeBatch.comment' failed to satisfy constraint: Member must have length less than or equal to 256",
  ],
  [
    "Route 53 SetIdentifier 1–128 characters",
    (c, zone) => c.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [record({ SetIdentifier: "s".repeat(129) })] } })),
    "InvalidInput",
    "at 'changeBatch.changes.1.member.resourceRecordSet.setIdentifier' failed to satisfy constraint: Member must have length less than or equal to 128",
  ],
  [
    "CloudWatch AlarmName ≤ 255 characters",
    (c) => c.cloudwatch.send(alarm({ AlarmName: "a".repeat(256) })),
    "ValidationException",
    "at 'alarmName' failed to satisfy constraint: Member must have length less than or equal to 255",
  ],
  [
    "CloudWatch AlarmDescription ≤ 1024 characters",
    (c) => c.cloudwatch.send(alarm({ AlarmDescription: "d".repeat(1025) })),
    "ValidationException",
    "at 'alarmDescription' failed to satisfy constraint: Member must have length less than or equal to 1024",
  ],
  [
    "CloudWatch ComparisonOperator from its enum",
    (c) => c.cloudwatch.send(alarm({ ComparisonOperator: "Above" as never })),
    "ValidationException",
    "Value 'Above' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [GreaterThanOrEqualToThreshold,",
  ],
  [
    "CloudWatch AlarmName required",
    (c) => c.cloudwatch.send(alarm({ AlarmName: undefined })),
    "MissingRequiredParameterException",
    "Value null at 'alarmName' failed to satisfy constraint: Member must not be null",
  ],
  [
    "CloudWatch DescribeAlarms MaxRecords 1–100",
    (c) => c.cloudwatch.send(new DescribeAlarmsCommand({ MaxRecords: 101 })),
    "ValidationException",
    "Value '101' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100",
  ],
  [
    "CloudWatch StateReason ≤ 1023 characters",
    (c) => c.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: "x", StateValue: "ALARM", StateReason: "r".repeat(1024) })),
    "ValidationException",
    "at 'stateReason' failed to satisfy constraint: Member must have length less than or equal to 1023",
  ],
  [
    "SSM GetParametersByPath MaxResults 1–10",
    (c) => c.ssm.send(new GetParametersByPathCommand({ Path: "/glidepath/", MaxResults: 11 })),
    "ValidationException",
    "Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
  ],
  [
    "SSM PutParameter Name ≤ 2048 characters",
    (c) => c.ssm.send(new PutParameterCommand({ Name: `/${"n".repeat(2048)}`, Value: "v", Type: "String" })),
    "ValidationException",
    "at 'name' failed to satisfy constraint: Member must have length less than or equal to 2048",
  ],
  [
    "EC2 CreateImage Name 3–128 characters",
    (c) => c.ec2.send(new CreateImageCommand({ InstanceId: "i-0123456789abcdef0", Name: "ab" })),
    "InvalidParameterValue",
    "Value 'ab' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 3",
  ],
  [
    "Auto Scaling group name 1–255 characters",
    (c) => c.autoscaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: "g".repeat(256), DesiredCapacity: 1 })),
    "ValidationError",
    "at 'autoScalingGroupName' failed to satisfy constraint: Member must have length less than or equal to 255",
  ],
  [
    "Auto Scaling instance refresh MinHealthyPercentage 0–100",
    (c) => c.autoscaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: "shop-prod", Preferences: { MinHealthyPercentage: 101 } })),
    "ValidationError",
    "Value '101' at 'preferences.minHealthyPercentage' failed to satisfy constraint: Member must have value less than or equal to 100",
  ],
  [
    "Auto Scaling DescribeInstanceRefreshes ids 1–255 characters",
    (c) => c.autoscaling.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: "shop-prod", InstanceRefreshIds: [""] })),
    "ValidationError",
    "Value '' at 'instanceRefreshIds.1.member' failed to satisfy constraint: Member must have length greater than or equal to 1",
  ],
  [
    "ELBv2 DescribeRules PageSize 1–400",
    (c) => c.elbv2.send(new DescribeRulesCommand({ ListenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/1/2", PageSize: 401 })),
    "ValidationError",
    "Value '401' at 'pageSize' failed to satisfy constraint: Member must have value less than or equal to 400",
  ],
  [
    "CodeDeploy applicationName 1–100 characters",
    (c) => c.codedeploy.send(new CreateDeploymentCommand({ applicationName: "x".repeat(101), deploymentGroupName: "g" })),
    "ValidationException",
    "at 'applicationName' failed to satisfy constraint: Member must have length less than or equal to 100",
  ],
];

describe("documented input constraints", () => {
  it.each(samples)("enforces %s with AWS's error and message", async (_constraint, call, name, message) => {
    const { clients, sim } = aSandbox({ timings: { route53RequestsPerSecond: 0 } });
    const zone = sim.route53.createHostedZone("shop.example.com");
    const error = await rejectionOf(call(clients, zone.id));
    expect(error.name).toBe(name);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toContain(message);
    expect(error.message).toMatch(/^\d+ validation errors? detected: /);
  });

  it("lists every broken constraint of a request, as AWS does", () => {
    const { problems } = inputViolations("cloudwatch", "PutMetricAlarm", { AlarmName: "", EvaluationPeriods: 0, Dimensions: [{ Name: "Slot" }] });
    expect(problems.sort()).toEqual([
      "Value '' at 'alarmName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      "Value '0' at 'evaluationPeriods' failed to satisfy constraint: Member must have value greater than or equal to 1",
      "Value null at 'dimensions.1.member.value' failed to satisfy constraint: Member must not be null",
    ]);
  });

  it("lists the problems rule by rule, each rule's in the order of the input, through nested lists", () => {
    const metric = (name: string, dimensions: Array<Record<string, string>>) => ({ MetricName: name, Dimensions: dimensions, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } });
    const input = { Namespace: "Glidepath/Sample", MetricData: [metric("", [{ Name: "Slot" }, { Name: "", Value: "a" }]), metric("Errors", [{ Value: "" }]), { Dimensions: [{ Name: "Slot", Value: "b" }] }] };
    expect(inputViolations("cloudwatch", "PutMetricData", input)).toEqual({
      missing: true,
      problems: [
        "Value null at 'metricData.3.member.metricName' failed to satisfy constraint: Member must not be null",
        "Value '' at 'metricData.1.member.metricName' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value null at 'metricData.2.member.dimensions.1.member.name' failed to satisfy constraint: Member must not be null",
        "Value null at 'metricData.1.member.dimensions.1.member.value' failed to satisfy constraint: Member must not be null",
        "Value '' at 'metricData.1.member.dimensions.2.member.name' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value '' at 'metricData.2.member.dimensions.1.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ],
    });
  });

  // An operation missing from the file is let through unchecked, so a newly simulated one must come with a regeneration.
  it("has the model's constraints for every operation the simulator answers (else: npm run constraints)", () => {
    const { sim } = aSandbox();
    // A Record so that typecheck fails until a newly simulated service is listed here.
    const everyService: Record<SimulatedService, true> = { route53: true, cloudwatch: true, ssm: true, ec2: true, imagebuilder: true, autoscaling: true, codedeploy: true, eventbridge: true, elbv2: true };
    const services = (constraintFile as ConstraintFile).services;
    const unconstrained = (Object.keys(everyService) as SimulatedService[]).flatMap((service) => Object.keys(sim[service].operations).filter((operation) => !services[service]?.operations[operation]).map((operation) => `${service}:${operation}`));
    expect(unconstrained).toEqual([]);
  });

  it("lets a request that keeps every constraint through", () => {
    expect(inputViolations("route53", "ChangeResourceRecordSets", { HostedZoneId: "Z1", ChangeBatch: { Changes: [record({})] } }).problems).toEqual([]);
  });
});
