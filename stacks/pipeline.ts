// The Standard state machines, from the pure definition builders, with their role, full logging and tracing: the
// deployment pipeline and the flag release.
import type { TaskArns, TaskId } from "../functions/catalog.ts";
import { TASK_FUNCTIONS } from "../functions/catalog.ts";
import { buildDefinition } from "./definition.ts";
import { buildFlagReleaseDefinition } from "./definition/flag-release.ts";
import { flagReleaseStateMachineName, isProductionStage, stateMachineLogGroupName, stateMachineName, type AwsScope } from "./names.ts";
import { policyDocument, stateMachinePermissions, type FunctionId } from "./permissions.ts";

export function createPipeline(input: { stage: string; scope: AwsScope; functions: Record<FunctionId, aws.lambda.Function> }) {
  const { stage, scope, functions } = input;
  const taskIds = Object.keys(TASK_FUNCTIONS) as TaskId[];
  const logGroup = new aws.cloudwatch.LogGroup("ExecutionLogs", {
    name: stateMachineLogGroupName(stage),
    retentionInDays: isProductionStage(stage) ? 90 : 14,
  });
  const role = new aws.iam.Role("StateMachineRole", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{
        Effect: "Allow",
        Principal: { Service: "states.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": scope.account } },
      }],
    }),
  });
  const policy = new aws.iam.RolePolicy("StateMachinePolicy", { role: role.id, policy: policyDocument(stateMachinePermissions({ ...scope, stage })) });

  const arns = $util.all(taskIds.map((id) => functions[id].arn)).apply(
    (resolved) => Object.fromEntries(taskIds.map((id, i) => [id, resolved[i]!])) as TaskArns,
  );
  const stateMachine = new aws.sfn.StateMachine("Pipeline", {
    name: stateMachineName(stage),
    type: "STANDARD",
    roleArn: role.arn,
    definition: arns.apply((resolved) => JSON.stringify(buildDefinition(resolved))),
    loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: $interpolate`${logGroup.arn}:*` },
    tracingConfiguration: { enabled: true },
  }, { dependsOn: [policy] });
  // Flag releases: the same Lambdas and role (it invokes only the catalog's Tasks), logged to the same group.
  const flagRelease = new aws.sfn.StateMachine("FlagRelease", {
    name: flagReleaseStateMachineName(stage),
    type: "STANDARD",
    roleArn: role.arn,
    definition: arns.apply((resolved) => JSON.stringify(buildFlagReleaseDefinition(resolved))),
    loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: $interpolate`${logGroup.arn}:*` },
    tracingConfiguration: { enabled: true },
  }, { dependsOn: [policy] });
  return { stateMachine, flagRelease, logGroup };
}
