// The IAM actions Glidepath grants on resource `*` (or every resource of a type), each with the reason AWS
// leaves no narrower choice. stacks/permissions.ts uses them; test/infra fails on any wildcard not listed here.

/**
 * Actions granted on resource `*` (or on every resource of a type, e.g. `change/*`), each because AWS offers
 * nothing narrower for it. A test fails if any other action gets such a resource without a tag condition.
 */
export const WILDCARD_EXCEPTIONS = [
  { action: "cloudwatch:DescribeAlarms", reason: "the alarm names come from configs in SSM at run time, so every metric alarm of this account and Region (alarm:*)" },
  { action: "cloudwatch:DescribeAlarmHistory", reason: "the judged alarms are named by configs in SSM, which change without a redeploy: every alarm of the account and region (alarm:*)" },
  { action: "states:SendTaskFailure", reason: "task-token actions support no resource-level permissions (resource * only); the token names the wait" },
  { action: "states:SendTaskSuccess", reason: "task-token actions support no resource-level permissions (resource * only); the token names the wait" },
  { action: "route53:GetChange", reason: "change ids are minted by each ChangeResourceRecordSets call; only change/* can name them" },
  { action: "ec2:DescribeImages", reason: "EC2 Describe* actions support no resource-level permissions" },
  { action: "ec2:DescribeLaunchTemplateVersions", reason: "EC2 Describe* actions support no resource-level permissions" },
  { action: "ec2:CreateImage", reason: "the new image and its snapshots have no id before the call (the instance side is tag-scoped)" },
  {
    action: "ec2:CreateTags",
    reason:
      "tags what CreateImage or RunInstances is creating (condition ec2:CreateAction; those ids do not exist yet), or an Image Builder AMI whose id is only known once built (Glidepath's tag keys only, with the managed tag)",
  },
  {
    action: "ec2:RunInstances",
    reason:
      "UpdateAutoScalingGroup/StartInstanceRefresh with a launch template check the caller may RunInstances: the instance, volume and network-interface ids do not exist before the launch, and the subnets, security groups and key pair are whatever the operator's template names (the launch template is tag-scoped, the image owner-scoped)",
  },
  { action: "imagebuilder:GetImage", reason: "the build version ARN is only known after StartImagePipelineExecution" },
  { action: "elasticloadbalancing:DescribeListeners", reason: "ELBv2 Describe* actions support no resource-level permissions" },
  { action: "elasticloadbalancing:DescribeRules", reason: "ELBv2 Describe* actions support no resource-level permissions" },
  { action: "elasticloadbalancing:DescribeTags", reason: "ELBv2 Describe* actions support no resource-level permissions" },
  { action: "autoscaling:DescribeAutoScalingGroups", reason: "Auto Scaling Describe* actions support no resource-level permissions" },
  { action: "autoscaling:DescribeScalingActivities", reason: "Auto Scaling Describe* actions support no resource-level permissions" },
  { action: "autoscaling:DescribeInstanceRefreshes", reason: "Auto Scaling Describe* actions support no resource-level permissions" },
  { action: "autoscaling:DescribeTrafficSources", reason: "Auto Scaling Describe* actions support no resource-level permissions" },
  { action: "autoscaling:DescribePolicies", reason: "Auto Scaling Describe* actions support no resource-level permissions (IAM lists no resource type for DescribePolicies)" },
  { action: "logs:CreateLogDelivery", reason: "CloudWatch Logs vended-log delivery for Step Functions requires resource * (AWS docs)" },
  { action: "logs:GetLogDelivery", reason: "CloudWatch Logs vended-log delivery for Step Functions requires resource * (AWS docs)" },
  { action: "logs:UpdateLogDelivery", reason: "CloudWatch Logs vended-log delivery for Step Functions requires resource * (AWS docs)" },
  { action: "logs:DeleteLogDelivery", reason: "CloudWatch Logs vended-log delivery for Step Functions requires resource * (AWS docs)" },
  { action: "logs:ListLogDeliveries", reason: "CloudWatch Logs vended-log delivery for Step Functions requires resource * (AWS docs)" },
  { action: "logs:PutResourcePolicy", reason: "CloudWatch Logs vended-log delivery for Step Functions requires resource * (AWS docs)" },
  { action: "logs:DescribeResourcePolicies", reason: "CloudWatch Logs vended-log delivery for Step Functions requires resource * (AWS docs)" },
  { action: "logs:DescribeLogGroups", reason: "CloudWatch Logs vended-log delivery for Step Functions requires resource * (AWS docs)" },
  { action: "xray:PutTraceSegments", reason: "X-Ray tracing actions support no resource-level permissions" },
  { action: "xray:PutTelemetryRecords", reason: "X-Ray tracing actions support no resource-level permissions" },
  { action: "xray:GetSamplingRules", reason: "X-Ray tracing actions support no resource-level permissions" },
  { action: "xray:GetSamplingTargets", reason: "X-Ray tracing actions support no resource-level permissions" },
] as const satisfies ReadonlyArray<{ action: string; reason: string }>;
