// Every IAM permission Glidepath's functions and state machine get, as data. The stacks turn these into
// role policies; tests read them to prove least privilege (no `*` actions, no wildcard resources beyond the
// exceptions listed below). Pure: no SST, no Pulumi.
import { fenceRecordName } from "../functions/core/fence.ts";
import type { Capability } from "../functions/capabilities.ts";
import { IMAGE_TAG } from "../functions/core/naming.ts";
import { EVENT_FUNCTIONS, TASK_FUNCTIONS, type EventFunctionId, type FunctionSpec, type TaskId } from "../functions/catalog.ts";
import {
  configPrefix,
  eventBusName,
  executionArnPrefix,
  functionName,
  logGroupName,
  MANAGED_TAG_KEY,
  MANAGED_TAG_VALUE,
  stateMachineArn,
  tableName,
  webhookSecretParameterName,
  type AwsScope,
} from "./names.ts";
export { WILDCARD_EXCEPTIONS } from "./wildcard-exceptions.ts";

export type FunctionId = TaskId | EventFunctionId;

/** IAM condition block, as IAM writes it: `{ StringEquals: { "aws:ResourceTag/k": ["v"] } }`. */
export type Conditions = Record<string, Record<string, string[]>>;

export interface Statement {
  sid: string;
  actions: string[];
  resources: string[];
  conditions?: Conditions;
}

/** What the permissions depend on: where we run, and what the committed app configs use. */
export interface PermissionScope extends AwsScope {
  stage: string;
  hostedZoneIds: string[];
  /** The weighted records' names the configs use (Route 53 writes are limited to them and their fences). */
  recordNames: string[];
  /** The ALB listeners and listener rules whose forward action configs with `traffic.kind: alb` write. */
  albActionArns?: string[];
  imagePipelineArns: string[];
  imageKinds: Array<"createImage" | "imageBuilder">;
  fleetProviders: Array<"autoscaling" | "codedeploy">;
  /**
   * IAM role names the slots' launch templates may pass to instances (through their instance profile);
   * default INSTANCE_ROLE_NAME_PATTERN. Pointing a launch template at any other role fails the deploy.
   */
  instanceRoleNamePattern?: string;
}

/** Operators name the instance role of their slots' launch templates to match this (IAM wildcard syntax). */
export const INSTANCE_ROLE_NAME_PATTERN = "glidepath-instance-*";

/** Resources of our own groups, templates and deployment groups are matched by the managed tag. */
const managedBy = (conditionKey: string): Conditions => ({
  StringEquals: { [`${conditionKey}/${MANAGED_TAG_KEY}`]: [MANAGED_TAG_VALUE] },
});

/** Building blocks: one capability each, named for what the handler does with it. */
function capabilities(scope: PermissionScope) {
  const { partition: p, region: r, account: a, stage } = scope;
  const prefix = configPrefix(stage);
  const zones = scope.hostedZoneIds.map((id) => `arn:${p}:route53:::hostedzone/${id}`);
  const uses = {
    createImage: scope.imageKinds.includes("createImage"),
    imageBuilder: scope.imageKinds.includes("imageBuilder") && scope.imagePipelineArns.length > 0,
    autoscaling: scope.fleetProviders.includes("autoscaling"),
    codedeploy: scope.fleetProviders.includes("codedeploy"),
  };
  const when = (condition: boolean, statements: Statement[]): Statement[] => (condition ? statements : []);
  const albListeners = (scope.albActionArns ?? []).filter((arn) => arn.includes(":listener/"));
  const albRules = (scope.albActionArns ?? []).filter((arn) => arn.includes(":listener-rule/"));
  const asgArn = `arn:${p}:autoscaling:${r}:${a}:autoScalingGroup:*:autoScalingGroupName/*`;
  const deploymentGroupArn = `arn:${p}:codedeploy:${r}:${a}:deploymentgroup:*`;
  const describeGroups: Statement = {
    sid: "DescribeGroups",
    actions: ["autoscaling:DescribeAutoScalingGroups"],
    resources: ["*"],
  };
  // Only polling a fleet (fleets.status) reads scaling activities, for a failed launch's message.
  const describeActivities: Statement = { sid: "DescribeScalingActivities", actions: ["autoscaling:DescribeScalingActivities"], resources: ["*"] };
  // A CodeDeploy slot's Auto Scaling groups are read from its deployment group (to scale them down, to read
  // the image they launch).
  const readDeploymentGroups: Statement = {
    sid: "ReadDeploymentGroups",
    actions: ["codedeploy:GetDeploymentGroup"],
    resources: [deploymentGroupArn],
    conditions: managedBy("aws:ResourceTag"),
  };
  // DescribeTrafficSources has no resource-level permissions.
  const describeTrafficSources: Statement = { sid: "DescribeTrafficSources", actions: ["autoscaling:DescribeTrafficSources"], resources: ["*"] };
  const readLaunchTemplates: Statement = { sid: "ReadLaunchTemplates", actions: ["ec2:DescribeLaunchTemplateVersions"], resources: ["*"] };
  // Scaling a slot down goes through its Auto Scaling group for both providers (a CodeDeploy group's
  // instances are an Auto Scaling group too); deploying to an Auto Scaling slot updates its group as well.
  const changeManagedGroups: Statement = {
    sid: "ChangeManagedGroups",
    actions: ["autoscaling:UpdateAutoScalingGroup"],
    resources: [asgArn],
    conditions: managedBy("autoscaling:ResourceTag"),
  };

  // Starting an instance refresh to a new launch template version: the refresh itself, the version, and the
  // launch checks Auto Scaling makes against the caller (RunInstances on what the template launches, PassRole).
  const startRefresh: Statement[] = [
    {
      sid: "RefreshManagedGroups",
      actions: ["autoscaling:StartInstanceRefresh"],
      resources: [asgArn],
      conditions: managedBy("autoscaling:ResourceTag"),
    },
    {
      sid: "NewLaunchTemplateVersion",
      actions: ["ec2:CreateLaunchTemplateVersion"],
      resources: [`arn:${p}:ec2:${r}:${a}:launch-template/*`],
      conditions: managedBy("aws:ResourceTag"),
    },
    readLaunchTemplates,
    {
      sid: "LaunchManagedTemplates",
      actions: ["ec2:RunInstances"],
      resources: [`arn:${p}:ec2:${r}:${a}:launch-template/*`],
      conditions: managedBy("aws:ResourceTag"),
    },
    {
      // Our baked images (CreateImage or Image Builder) are owned by this account; never a stranger's AMI.
      sid: "LaunchOwnImages",
      actions: ["ec2:RunInstances"],
      resources: [`arn:${p}:ec2:${r}::image/*`],
      conditions: { StringEquals: { "ec2:Owner": [a] } },
    },
    {
      // Ids that do not exist before the launch, and the template's own network and key choices; all in
      // this account and region (WILDCARD_EXCEPTIONS).
      sid: "LaunchInstanceResources",
      actions: ["ec2:RunInstances"],
      resources: ["instance", "volume", "network-interface", "subnet", "security-group", "key-pair"].map((type) => `arn:${p}:ec2:${r}:${a}:${type}/*`),
    },
    {
      sid: "TagLaunchedResources",
      actions: ["ec2:CreateTags"],
      resources: ["instance", "volume", "network-interface"].map((type) => `arn:${p}:ec2:${r}:${a}:${type}/*`),
      conditions: { StringEquals: { "ec2:CreateAction": ["RunInstances"] } },
    },
    {
      sid: "PassInstanceRole",
      actions: ["iam:PassRole"],
      resources: [`arn:${p}:iam::${a}:role/${scope.instanceRoleNamePattern ?? INSTANCE_ROLE_NAME_PATTERN}`],
      conditions: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com"] } },
    },
  ];

  return {
    // Ledger records and the lease share the table; conditional writes carry the fencing token.
    table: [{
      sid: "LedgerAndLease",
      actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"],
      resources: [`arn:${p}:dynamodb:${r}:${a}:table/${tableName(stage)}`],
    }],
    // For functions that only read the ledger or the lease (getLive, getDeployment, listDeployments, current).
    tableRead: [{
      sid: "ReadLedger",
      actions: ["dynamodb:GetItem", "dynamodb:Query"],
      resources: [`arn:${p}:dynamodb:${r}:${a}:table/${tableName(stage)}`],
    }],
    // `name:version` reads authorize against the parameter's ARN; the key is the AWS-managed aws/ssm key,
    // whose key policy already lets SSM decrypt for this account, so no kms:Decrypt grant is needed.
    configRead: [{ sid: "ReadAppConfig", actions: ["ssm:GetParameter"], resources: [`arn:${p}:ssm:${r}:${a}:parameter${prefix}/*`] }],
    configList: [{
      sid: "ListAppConfigs",
      actions: ["ssm:GetParametersByPath"],
      resources: [`arn:${p}:ssm:${r}:${a}:parameter${prefix}`, `arn:${p}:ssm:${r}:${a}:parameter${prefix}/*`],
    }],
    // Load config labels the version a deployment loaded (`deployed-<commit>`), so `glidepath config history` shows it.
    configLabel: [{ sid: "LabelAppConfig", actions: ["ssm:LabelParameterVersion"], resources: [`arn:${p}:ssm:${r}:${a}:parameter${prefix}/*`] }],
    // A flag release reads and writes only the flag documents (`<prefix>/<app>/<env>/flags`), never a config.
    flagsRead: [{ sid: "ReadFlags", actions: ["ssm:GetParameter"], resources: [`arn:${p}:ssm:${r}:${a}:parameter${prefix}/*/*/flags`] }],
    flagsWrite: [{ sid: "WriteFlags", actions: ["ssm:PutParameter"], resources: [`arn:${p}:ssm:${r}:${a}:parameter${prefix}/*/*/flags`] }],
    webhookSecret: [{ sid: "ReadWebhookSecret", actions: ["ssm:GetParameter"], resources: [`arn:${p}:ssm:${r}:${a}:parameter${webhookSecretParameterName(stage)}`] }],
    trafficRead: [
      ...when(zones.length > 0, [{ sid: "ReadWeights", actions: ["route53:ListResourceRecordSets"], resources: zones }]),
      // An ALB's weights are its forward action's: Describe* support no resource-level permissions (resource *).
      ...when(albListeners.length > 0, [{ sid: "ReadListenerActions", actions: ["elasticloadbalancing:DescribeListeners"], resources: ["*"] }]),
      ...when(albRules.length > 0, [{ sid: "ReadRuleActions", actions: ["elasticloadbalancing:DescribeRules"], resources: ["*"] }]),
    ],
    trafficWrite: [
      ...when(zones.length > 0, [{
      sid: "WriteWeights",
      actions: ["route53:ChangeResourceRecordSets"],
      resources: zones,
      // Only the configs' weighted records and their fence TXT records (core/fence.ts), whose conditional
      // write is a DELETE of the fence read and a CREATE of the writer's own: never someone else's record.
      conditions: {
        "ForAllValues:StringEquals": {
          "route53:ChangeResourceRecordSetsActions": ["UPSERT", "CREATE", "DELETE"],
          "route53:ChangeResourceRecordSetsRecordTypes": ["A", "AAAA", "CNAME", "TXT"],
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": scope.recordNames.flatMap((name) => {
            const normalized = name.toLowerCase().replace(/\.$/, "");
            return [normalized, fenceRecordName({ recordName: normalized })];
          }),
        },
      },
    }]),
      // The fence (functions/adapters/alb.ts) is a tag on the listener or rule, read before and after each write;
      // a write re-reads the action it replaces (other actions and stickiness stay).
      ...when(albListeners.length + albRules.length > 0, [
        { sid: "ReadAlbFence", actions: ["elasticloadbalancing:DescribeTags"], resources: ["*"] },
        { sid: "WriteAlbFence", actions: ["elasticloadbalancing:AddTags"], resources: [...albListeners, ...albRules] },
      ]),
      ...when(albListeners.length > 0, [{ sid: "WriteListenerWeights", actions: ["elasticloadbalancing:ModifyListener"], resources: albListeners }]),
      ...when(albRules.length > 0, [{ sid: "WriteRuleWeights", actions: ["elasticloadbalancing:ModifyRule"], resources: albRules }]),
    ],
    trafficSync: [{ sid: "PollChange", actions: ["route53:GetChange"], resources: [`arn:${p}:route53:::change/*`] }],
    // DescribeAlarms is authorized per alarm named in AlarmNames (the adapter always names them): metric alarms
    // of this account and Region, not `*` (which only composite alarms would need).
    alarmsRead: [{ sid: "ReadAlarms", actions: ["cloudwatch:DescribeAlarms"], resources: [`arn:${p}:cloudwatch:${r}:${a}:alarm:*`] }],
    alarmsHistory: [{ sid: "ReadAlarmHistory", actions: ["cloudwatch:DescribeAlarmHistory"], resources: [`arn:${p}:cloudwatch:${r}:${a}:alarm:*`] }],
    imagesBake: [
      ...when(uses.createImage, [
        { sid: "ImageFromManagedInstance", actions: ["ec2:CreateImage"], resources: [`arn:${p}:ec2:${r}:${a}:instance/*`], conditions: managedBy("aws:ResourceTag") },
        { sid: "CreateImageOutputs", actions: ["ec2:CreateImage"], resources: [`arn:${p}:ec2:${r}::image/*`, `arn:${p}:ec2:${r}::snapshot/*`] },
        {
          sid: "TagImageAtCreation",
          actions: ["ec2:CreateTags"],
          resources: [`arn:${p}:ec2:${r}::image/*`, `arn:${p}:ec2:${r}::snapshot/*`],
          conditions: { StringEquals: { "ec2:CreateAction": ["CreateImage"] } },
        },
      ]),
      ...when(uses.imageBuilder, [{ sid: "StartPipeline", actions: ["imagebuilder:StartImagePipelineExecution"], resources: scope.imagePipelineArns }]),
    ],
    imagesCheck: [
      { sid: "DescribeImages", actions: ["ec2:DescribeImages"], resources: ["*"] },
      ...when(uses.imageBuilder, [{ sid: "ReadPipelineImage", actions: ["imagebuilder:GetImage"], resources: [`arn:${p}:imagebuilder:${r}:${a}:image/*`] }]),
    ],
    // An Image Builder AMI carries the pipeline's tags; Check image adds Glidepath's to it and its snapshots.
    // Only Glidepath's own keys, and only with the managed tag, so this cannot relabel anything else.
    imagesTag: when(uses.imageBuilder, [{
      sid: "TagPipelineImages",
      actions: ["ec2:CreateTags"],
      resources: [`arn:${p}:ec2:${r}::image/*`, `arn:${p}:ec2:${r}::snapshot/*`],
      conditions: {
        StringEquals: { [`aws:RequestTag/${MANAGED_TAG_KEY}`]: [MANAGED_TAG_VALUE] },
        "ForAllValues:StringEquals": { "aws:TagKeys": Object.values(IMAGE_TAG) },
      },
    }]),
    // UpdateAutoScalingGroup (and StartInstanceRefresh) naming a launch template make Auto Scaling check that
    // the caller could launch that template itself: ec2:RunInstances on every resource the launch touches,
    // ec2:CreateTags if the template tags what it launches, iam:PassRole for its instance profile's role.
    fleetLaunch: [
      // A CodeDeploy slot finds its Auto Scaling group through the deployment group, puts the AMI in service
      // there like an Auto Scaling slot (CodeDeploy never changes an image), then runs CreateDeployment.
      ...when(uses.codedeploy, [
        readDeploymentGroups,
        {
          sid: "DeployToManagedGroups",
          actions: ["codedeploy:CreateDeployment"],
          resources: [deploymentGroupArn],
          conditions: managedBy("aws:ResourceTag"),
        },
      ]),
      // Only deploying reads the group, updates it, starts a refresh or writes a launch template version.
      ...when(uses.autoscaling || uses.codedeploy, [
        describeGroups,
        changeManagedGroups,
        ...startRefresh,
      ]),
      // An Auto Scaling slot takes the live group's scaling policies (adapters/scaling-policies.ts).
      // DescribePolicies has no resource type in IAM (resource *); writing and deleting are tag-scoped.
      ...when(uses.autoscaling, [
        { sid: "DescribeScalingPolicies", actions: ["autoscaling:DescribePolicies"], resources: ["*"] },
        { sid: "CopyScalingPolicies", actions: ["autoscaling:PutScalingPolicy", "autoscaling:DeletePolicy"], resources: [asgArn], conditions: managedBy("autoscaling:ResourceTag") },
      ]),
    ],
    // Retention lists the app/env's images by tag and deletes only what carries the managed tag.
    imagesRetire: [
      { sid: "DescribeImages", actions: ["ec2:DescribeImages"], resources: ["*"] },
      // Each action on its own resource type: DeregisterImage authorizes against images only, DeleteSnapshot snapshots.
      { sid: "DeregisterManagedImages", actions: ["ec2:DeregisterImage"], resources: [`arn:${p}:ec2:${r}::image/*`], conditions: managedBy("aws:ResourceTag") },
      { sid: "DeleteManagedSnapshots", actions: ["ec2:DeleteSnapshot"], resources: [`arn:${p}:ec2:${r}::snapshot/*`], conditions: managedBy("aws:ResourceTag") },
    ],
    // Which image each slot launches from: its Auto Scaling groups' launch template versions (both providers).
    fleetImages: [
      ...when(uses.autoscaling || uses.codedeploy, [describeGroups, readLaunchTemplates]),
      ...when(uses.codedeploy, [readDeploymentGroups]),
    ],
    // Polling a deployment: an Auto Scaling group's instances and activities, or a CodeDeploy deployment.
    fleetDescribe: [
      // A CodeDeploy slot is ready only when its Auto Scaling group's instances run the new version too.
      ...when(uses.autoscaling || uses.codedeploy, [describeGroups, describeActivities]),
      ...when(uses.codedeploy, [{
        sid: "ReadDeployments",
        actions: ["codedeploy:GetDeployment"],
        resources: [deploymentGroupArn],
        conditions: managedBy("aws:ResourceTag"),
      }]),
    ],
    // DescribeInstanceRefreshes has no resource-level permissions (the Service Authorization Reference lists none).
    fleetRefresh: when(uses.autoscaling, startRefresh),
    fleetRefreshRead: when(uses.autoscaling, [{ sid: "ReadInstanceRefreshes", actions: ["autoscaling:DescribeInstanceRefreshes"], resources: ["*"] }]),
    fleetRefreshRollback: when(uses.autoscaling, [{
      sid: "RollBackManagedRefreshes",
      actions: ["autoscaling:RollbackInstanceRefresh"],
      resources: [asgArn],
      conditions: managedBy("autoscaling:ResourceTag"),
    }]),
    // Putting the live release's launch template version back (a refresh that finished for a stopped release):
    // the refresh and Auto Scaling's launch checks, no version made or read.
    fleetRefreshRestore: when(uses.autoscaling, startRefresh.filter((statement) => !["NewLaunchTemplateVersion", "ReadLaunchTemplates"].includes(statement.sid))),
    // Immutable: the temporary group is created only carrying the managed tag (so every later call on it is
    // tag-scoped like the group's own), on a launch template version made as a refresh makes one.
    temporaryGroupLaunch: when(uses.autoscaling, [
      describeGroups,
      describeTrafficSources,
      {
        sid: "CreateManagedTemporaryGroups",
        actions: ["autoscaling:CreateAutoScalingGroup", "autoscaling:CreateOrUpdateTags"],
        resources: [asgArn],
        conditions: { StringEquals: { [`aws:RequestTag/${MANAGED_TAG_KEY}`]: [MANAGED_TAG_VALUE] } },
      },
      ...startRefresh.filter((statement) => statement.sid !== "RefreshManagedGroups"),
    ]),
    temporaryGroupServe: when(uses.autoscaling, [
      describeTrafficSources,
      { sid: "AttachManagedTrafficSources", actions: ["autoscaling:AttachTrafficSources"], resources: [asgArn], conditions: managedBy("autoscaling:ResourceTag") },
      // The temporary group takes the group's scaling policies while it serves (adapters/scaling-policies.ts).
      { sid: "DescribeScalingPolicies", actions: ["autoscaling:DescribePolicies"], resources: ["*"] },
      { sid: "CopyScalingPolicies", actions: ["autoscaling:PutScalingPolicy", "autoscaling:DeletePolicy"], resources: [asgArn], conditions: managedBy("autoscaling:ResourceTag") },
    ]),
    temporaryGroupCutOver: when(uses.autoscaling, [
      describeGroups,
      // A cut-over picks up instances an interrupted one left in no group from the temporary group's activities.
      describeActivities,
      changeManagedGroups,
      // Pointing the group at the version is a launch check, as for a refresh; it makes or reads no version itself.
      ...startRefresh.filter((statement) => !["RefreshManagedGroups", "NewLaunchTemplateVersion", "ReadLaunchTemplates"].includes(statement.sid)),
      {
        sid: "MoveManagedInstances",
        actions: ["autoscaling:DetachInstances", "autoscaling:AttachInstances", "autoscaling:TerminateInstanceInAutoScalingGroup", "autoscaling:DeleteAutoScalingGroup"],
        resources: [asgArn],
        conditions: managedBy("autoscaling:ResourceTag"),
      },
    ]),
    temporaryGroupRemove: when(uses.autoscaling, [
      describeGroups,
      describeTrafficSources,
      {
        sid: "RemoveManagedTemporaryGroups",
        actions: ["autoscaling:DetachTrafficSources", "autoscaling:DeleteAutoScalingGroup"],
        resources: [asgArn],
        conditions: managedBy("autoscaling:ResourceTag"),
      },
      // Undoing an interrupted cut-over: new instances back out of the group and into the temporary group (found
      // in no group from its activities), the group's maximum back. No launch template changes: no launch check.
      describeActivities,
      changeManagedGroups,
      {
        sid: "UndoManagedCutOvers",
        actions: ["autoscaling:DetachInstances", "autoscaling:AttachInstances"],
        resources: [asgArn],
        conditions: managedBy("autoscaling:ResourceTag"),
      },
    ]),
    // The same on Auto Scaling groups alone, for a function that only ever handles those.
    autoScalingDescribe: when(uses.autoscaling, [describeGroups, describeActivities]),
    autoScalingScaleDown: when(uses.autoscaling, [changeManagedGroups]),
    // canaryScale: reading the live group's size and setting the new fleet's (Auto Scaling only; validation refuses CodeDeploy).
    fleetResize: when(uses.autoscaling, [describeGroups, changeManagedGroups]),
    // Scaling a slot to zero: its Auto Scaling group, found through the deployment group for CodeDeploy.
    fleetScaleDown: [
      ...when(uses.autoscaling || uses.codedeploy, [changeManagedGroups]),
      ...when(uses.codedeploy, [readDeploymentGroups]),
    ],
    executionsStart: [{ sid: "StartExecution", actions: ["states:StartExecution"], resources: [stateMachineArn(scope, stage)] }],
    // A superseding push stops the deployment holding the lease: executions of our state machine only.
    executionsStop: [{ sid: "StopExecution", actions: ["states:StopExecution"], resources: [`${executionArnPrefix(scope, stage)}*`] }],
    // The reconciler asks whether a lease holder's execution still runs: executions of our state machine only.
    executionsDescribe: [{ sid: "DescribeExecution", actions: ["states:DescribeExecution"], resources: [`${executionArnPrefix(scope, stage)}*`] }],
    // SendTaskFailure is authorized on no resource but `*` (the token, not an ARN, names the wait): a grant on
    // the state machine never applies (test/infra/iam-derivation.test.ts found it).
    executionsFail: [{ sid: "FailTaskTokenWait", actions: ["states:SendTaskFailure"], resources: ["*"] }],
    // The same for SendTaskSuccess: the image wait is ended by its image's event, or by itself if already built.
    executionsSucceed: [{ sid: "SucceedTaskTokenWait", actions: ["states:SendTaskSuccess"], resources: ["*"] }],
    httpProbe: [],
    // Lifecycle events go to Glidepath's own bus only (PutEvents authorizes against each entry's bus).
    eventsPublish: [{ sid: "PublishLifecycleEvents", actions: ["events:PutEvents"], resources: [`arn:${p}:events:${r}:${a}:event-bus/${eventBusName(stage)}`] }],
  } satisfies Record<Capability, Statement[]>;
}

/**
 * What each function does, by capability: its catalog entry's `uses` (functions/catalog.ts). `table`
 * (read/write) goes to functions whose code writes the ledger or the lease, `tableRead` to those that only
 * read them (test/infra/permissions-table.test.ts reads the code to keep this true).
 */
const FUNCTIONS: Record<FunctionId, FunctionSpec> = { ...TASK_FUNCTIONS, ...EVENT_FUNCTIONS };
export const FUNCTION_CAPABILITIES = Object.fromEntries(Object.entries(FUNCTIONS).map(([id, spec]) => [id, spec.uses])) as Record<FunctionId, readonly Capability[]>;

export const FUNCTION_IDS = [...Object.keys(TASK_FUNCTIONS), ...Object.keys(EVENT_FUNCTIONS)] as FunctionId[];

/**
 * One statement per Sid: two capabilities may need the same statement (describing groups, reading launch
 * templates), and IAM wants Sids unique within a policy. A Sid means one statement everywhere in this file.
 */
function distinctStatements(statements: Statement[]): Statement[] {
  return statements.filter((statement, index) => statements.findIndex((other) => other.sid === statement.sid) === index);
}

/** Each function's statements: its capabilities plus writing to its own log group. */
export function functionPermissions(scope: PermissionScope): Record<FunctionId, Statement[]> {
  const all = capabilities(scope);
  const { partition: p, region: r, account: a, stage } = scope;
  return Object.fromEntries(
    FUNCTION_IDS.map((id) => [
      id,
      [
        ...distinctStatements(FUNCTION_CAPABILITIES[id].flatMap((capability) => all[capability])),
        // The stacks create each log group (with retention), so the function never needs CreateLogGroup.
        {
          sid: "WriteOwnLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`arn:${p}:logs:${r}:${a}:log-group:${logGroupName(stage, id)}:*`],
        },
      ],
    ]),
  ) as Record<FunctionId, Statement[]>;
}

/** The state machine's role: invoke its task functions, deliver its logs, send X-Ray traces. */
export function stateMachinePermissions(scope: AwsScope & { stage: string }): Statement[] {
  const { partition: p, region: r, account: a, stage } = scope;
  const functions = Object.keys(TASK_FUNCTIONS).flatMap((id) => {
    const arn = `arn:${p}:lambda:${r}:${a}:function:${functionName(stage, id)}`;
    return [arn, `${arn}:*`];
  });
  return [
    { sid: "InvokeTasks", actions: ["lambda:InvokeFunction"], resources: functions },
    {
      sid: "DeliverExecutionLogs",
      actions: [
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
      ],
      resources: ["*"],
    },
    { sid: "Tracing", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], resources: ["*"] },
  ];
}

/** The JSON policy document IAM takes. */
export function policyDocument(statements: Statement[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: "Allow",
      Action: s.actions,
      Resource: s.resources,
      ...(s.conditions ? { Condition: s.conditions } : {}),
    })),
  });
}
