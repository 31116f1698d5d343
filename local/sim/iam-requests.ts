// The IAM request each AWS call makes: its action, the resource ARN IAM authorizes it against, and the request's
// condition keys, derived from the call's input. The sandbox records these per Lambda (call-recording.ts) and
// test/infra checks them against the policies in stacks/permissions.ts. Resources follow each service's ARN
// formats (Service Authorization Reference); an action that supports no resource-level permissions gets `*`.
import { ACCOUNT_ID, REGION } from "./context.ts";

export interface IamRequest {
  action: string;
  resource: string;
  /** Condition keys the request carries (route53:ChangeResourceRecordSetsActions, …). */
  context?: Record<string, string[]>;
}

/** Which IAM prefix each SDK service uses (Step Functions is `states`). */
const PREFIX: Record<string, string> = {
  route53: "route53", cloudwatch: "cloudwatch", ssm: "ssm", ec2: "ec2", imagebuilder: "imagebuilder",
  autoscaling: "autoscaling", codedeploy: "codedeploy", dynamodb: "dynamodb", sfn: "states", eventbridge: "events", elbv2: "elasticloadbalancing",
};

type Input = Record<string, any>;
const arn = (service: string, rest: string, { region = REGION, account = ACCOUNT_ID } = {}) => `arn:aws:${service}:${region}:${account}:${rest}`;
const zone = (id: string | undefined) => `arn:aws:route53:::hostedzone/${String(id ?? "").replace(/^\/hostedzone\//, "")}`;
const alarm = (name: string) => arn("cloudwatch", `alarm:${name}`);
const parameter = (name: string) => arn("ssm", `parameter/${name.replace(/^\//, "").replace(/:[^/]*$/, "")}`);
const group = (name: string) => arn("autoscaling", `autoScalingGroup:*:autoScalingGroupName/${name}`);
const ec2Resource = (id: string) => {
  const type = id.startsWith("ami-") ? "image" : id.startsWith("snap-") ? "snapshot" : id.startsWith("lt-") ? "launch-template" : id.startsWith("i-") ? "instance" : "unknown";
  return type === "image" || type === "snapshot" ? arn("ec2", `${type}/${id}`, { account: "" }) : arn("ec2", `${type}/${id}`);
};
const table = (name: string) => arn("dynamodb", `table/${name}`);
const eventBus = (nameOrArn: string | undefined) => (nameOrArn?.startsWith("arn:") ? nameOrArn : arn("events", `event-bus/${nameOrArn || "default"}`));

/** Resources of one call, by operation; absent operations support no resource-level permissions (`*`). */
const RESOURCES: Record<string, (input: Input) => string[]> = {
  "route53:ChangeResourceRecordSets": (i) => [zone(i.HostedZoneId)],
  // ELBv2's Describe* calls support no resource-level permissions; writes authorize on the listener or rule.
  "elasticloadbalancing:ModifyListener": (i) => [i.ListenerArn],
  "elasticloadbalancing:ModifyRule": (i) => [i.RuleArn],
  "elasticloadbalancing:AddTags": (i) => i.ResourceArns ?? [],
  "route53:ListResourceRecordSets": (i) => [zone(i.HostedZoneId)],
  "route53:GetHostedZone": (i) => [zone(i.Id)],
  "route53:GetChange": (i) => [`arn:aws:route53:::change/${String(i.Id ?? "").replace(/^\/change\//, "")}`],
  "cloudwatch:DescribeAlarms": (i) => (i.AlarmNames?.length ? i.AlarmNames.map(alarm) : ["*"]),
  "cloudwatch:PutMetricAlarm": (i) => [alarm(i.AlarmName)],
  "cloudwatch:SetAlarmState": (i) => [alarm(i.AlarmName)],
  "cloudwatch:DeleteAlarms": (i) => (i.AlarmNames ?? []).map(alarm),
  "cloudwatch:DescribeAlarmHistory": (i) => (i.AlarmName ? [alarm(i.AlarmName)] : ["*"]),
  "ssm:GetParameter": (i) => [parameter(i.Name)],
  "ssm:GetParameters": (i) => (i.Names ?? []).map(parameter),
  "ssm:GetParametersByPath": (i) => [parameter(i.Path)],
  "ssm:PutParameter": (i) => [parameter(i.Name)],
  "ssm:DeleteParameter": (i) => [parameter(i.Name)],
  "ssm:GetParameterHistory": (i) => [parameter(i.Name)],
  "ssm:LabelParameterVersion": (i) => [parameter(i.Name)],
  "ec2:CreateImage": (i) => [ec2Resource(i.InstanceId), arn("ec2", "image/*", { account: "" }), arn("ec2", "snapshot/*", { account: "" })],
  "ec2:CreateTags": (i) => (i.Resources ?? []).map(ec2Resource),
  "ec2:DeregisterImage": (i) => [ec2Resource(i.ImageId)],
  "ec2:DeleteSnapshot": (i) => [ec2Resource(i.SnapshotId)],
  "ec2:CreateLaunchTemplateVersion": (i) => [i.LaunchTemplateId ? ec2Resource(i.LaunchTemplateId) : arn("ec2", "launch-template/*")],
  "ec2:ModifyLaunchTemplate": (i) => [i.LaunchTemplateId ? ec2Resource(i.LaunchTemplateId) : arn("ec2", "launch-template/*")],
  "imagebuilder:StartImagePipelineExecution": (i) => [i.imagePipelineArn],
  "imagebuilder:GetImage": (i) => [i.imageBuildVersionArn],
  "autoscaling:UpdateAutoScalingGroup": (i) => [group(i.AutoScalingGroupName)],
  "autoscaling:SetDesiredCapacity": (i) => [group(i.AutoScalingGroupName)],
  "autoscaling:StartInstanceRefresh": (i) => [group(i.AutoScalingGroupName)],
  "autoscaling:CancelInstanceRefresh": (i) => [group(i.AutoScalingGroupName)],
  // A policy is authorized against its group (the adapter names the group when deleting by name).
  "autoscaling:PutScalingPolicy": (i) => [group(i.AutoScalingGroupName)],
  "autoscaling:DeletePolicy": (i) => [i.AutoScalingGroupName ? group(i.AutoScalingGroupName) : "*"],
  "autoscaling:CreateAutoScalingGroup": (i) => [group(i.AutoScalingGroupName)],
  "autoscaling:DeleteAutoScalingGroup": (i) => [group(i.AutoScalingGroupName)],
  "autoscaling:CreateOrUpdateTags": (i) => [...new Set((i.Tags ?? []).map((t: Input) => group(t.ResourceId)))] as string[],
  "autoscaling:AttachTrafficSources": (i) => [group(i.AutoScalingGroupName)],
  "autoscaling:DetachTrafficSources": (i) => [group(i.AutoScalingGroupName)],
  "autoscaling:AttachInstances": (i) => [group(i.AutoScalingGroupName)],
  "autoscaling:DetachInstances": (i) => [group(i.AutoScalingGroupName)],
  // Names an instance only; the recorder adds the group that holds it (call-recording.ts), which IAM checks.
  "autoscaling:TerminateInstanceInAutoScalingGroup": (i) => (i.AutoScalingGroupName ? [group(i.AutoScalingGroupName)] : ["*"]),
  "codedeploy:CreateDeployment": (i) => [arn("codedeploy", `deploymentgroup:${i.applicationName}/${i.deploymentGroupName}`)],
  // GetDeployment names a deployment id; the recorder adds the group it belongs to (call-recording.ts).
  "codedeploy:GetDeployment": (i) => (i.deploymentGroupName ? [arn("codedeploy", `deploymentgroup:${i.applicationName}/${i.deploymentGroupName}`)] : ["*"]),
  "codedeploy:GetDeploymentGroup": (i) => [arn("codedeploy", `deploymentgroup:${i.applicationName}/${i.deploymentGroupName}`)],
  "dynamodb:GetItem": (i) => [table(i.TableName)],
  "dynamodb:PutItem": (i) => [table(i.TableName)],
  "dynamodb:UpdateItem": (i) => [table(i.TableName)],
  "dynamodb:DeleteItem": (i) => [table(i.TableName)],
  "dynamodb:Query": (i) => [table(i.TableName)],
  "dynamodb:ConditionCheckItem": (i) => [table(i.TableName)],
  "dynamodb:CreateTable": (i) => [table(i.TableName)],
  "dynamodb:DescribeTable": (i) => [table(i.TableName)],
  "states:StartExecution": (i) => [i.stateMachineArn],
  "states:StopExecution": (i) => [i.executionArn],
  // PutEvents authorizes against each entry's event bus (its ARN, or the default bus when none is named).
  "events:PutEvents": (i) => [...new Set((i.Entries ?? []).map((e: Input) => eventBus(e.EventBusName)))] as string[],
};

/** Condition keys Glidepath's policies test that the request itself carries. */
function contextOf(action: string, input: Input): Record<string, string[]> | undefined {
  if (action === "autoscaling:CreateAutoScalingGroup" && input.Tags?.length) return requestTags(input.Tags);
  // CreateTags carries the tags it writes (Check image tags an Image Builder AMI only with Glidepath's keys).
  if (action === "ec2:CreateTags" && input.Tags?.length) return requestTags(input.Tags);
  if (action !== "route53:ChangeResourceRecordSets") return undefined;
  const changes: Input[] = input.ChangeBatch?.Changes ?? [];
  return {
    "route53:ChangeResourceRecordSetsActions": [...new Set(changes.map((c) => String(c.Action)))],
    "route53:ChangeResourceRecordSetsRecordTypes": [...new Set(changes.map((c) => String(c.ResourceRecordSet?.Type)))],
    // As IAM documents it: lowercase, without the trailing dot.
    "route53:ChangeResourceRecordSetsNormalizedRecordNames": [...new Set(changes.map((c) => String(c.ResourceRecordSet?.Name).toLowerCase().replace(/\.$/, "")))],
  };
}

/** The aws:RequestTag/<key> and aws:TagKeys a request creating a tagged resource carries. */
function requestTags(tags: Input[]): Record<string, string[]> {
  return {
    ...Object.fromEntries(tags.map((tag) => [`aws:RequestTag/${String(tag.Key)}`, [String(tag.Value)]])),
    "aws:TagKeys": tags.map((tag) => String(tag.Key)),
  };
}

/** A DynamoDB transaction is authorized as each of its parts (TransactWriteItems has no IAM action of its own). */
function transactionParts(input: Input): Array<[string, Input]> {
  const parts: Array<[string, Input]> = [];
  for (const item of input.TransactItems ?? []) {
    if (item.Put) parts.push(["PutItem", item.Put]);
    if (item.Update) parts.push(["UpdateItem", item.Update]);
    if (item.Delete) parts.push(["DeleteItem", item.Delete]);
    if (item.ConditionCheck) parts.push(["ConditionCheckItem", item.ConditionCheck]);
    if (item.Get) parts.push(["GetItem", item.Get]);
  }
  return parts;
}

/**
 * The IAM requests one SDK call makes. Example: `("route53", "ChangeResourceRecordSets", {HostedZoneId: "Z1", …})`
 * → `[{ action: "route53:ChangeResourceRecordSets", resource: "arn:aws:route53:::hostedzone/Z1", context: {…} }]`.
 */
export function iamRequestsOf(service: string, operation: string, input: unknown): IamRequest[] {
  const fields = (input ?? {}) as Input;
  if (service === "dynamodb" && (operation === "TransactWriteItems" || operation === "TransactGetItems")) {
    return transactionParts(fields).flatMap(([part, item]) => iamRequestsOf("dynamodb", part, item));
  }
  const action = `${PREFIX[service] ?? service}:${operation}`;
  const resources = RESOURCES[action]?.(fields) ?? ["*"];
  const context = contextOf(action, fields);
  return resources.map((resource) => ({ action, resource, ...(context ? { context } : {}) }));
}
