// EventBridge rules → the out-of-band functions: pushes, executions that ended badly, alarms, finished image
// bakes, a schedule.
import type { StackInputs } from "./app-configs.ts";
import {
  alarmEnteredAlarmPattern,
  amiFinishedPattern,
  codeCommitPushPattern,
  codeCommitRepositoryArn,
  executionEndedBadlyPattern,
  imageBuildFinishedPattern,
  RECONCILE_SCHEDULE,
  type EventPattern,
} from "./event-patterns.ts";
import { flagReleaseStateMachineArn, stateMachineArn, type AwsScope } from "./names.ts";
import type { FunctionId } from "./permissions.ts";

export function createEvents(input: { stage: string; scope: AwsScope; inputs: StackInputs; functions: Record<FunctionId, aws.lambda.Function> }) {
  const { stage, scope, inputs, functions } = input;
  const rules: aws.cloudwatch.EventRule[] = [];

  function route(name: string, target: FunctionId, rule: { eventPattern: EventPattern } | { scheduleExpression: string }) {
    const created = new aws.cloudwatch.EventRule(name, {
      ...("eventPattern" in rule ? { eventPattern: JSON.stringify(rule.eventPattern) } : { scheduleExpression: rule.scheduleExpression }),
      description: `Glidepath ${stage}: ${name} → ${target}`,
    });
    new aws.cloudwatch.EventTarget(`${name}Target`, {
      rule: created.name,
      arn: functions[target].arn,
      // Events are best effort anyway; the reconciler catches what is dropped after these retries.
      retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 8 },
    });
    new aws.lambda.Permission(`${name}Invoke`, {
      action: "lambda:InvokeFunction",
      function: functions[target].name,
      principal: "events.amazonaws.com",
      sourceArn: created.arn,
    });
    rules.push(created);
  }

  for (const { repository, branches } of inputs.repositories) {
    // GitHub/GitLab repositories ("owner/name") come in by webhook; only CodeCommit names get a rule.
    if (repository.includes("/")) continue;
    route(`Push-${repository}`, "startDeployment", { eventPattern: codeCommitPushPattern(codeCommitRepositoryArn(scope, repository), branches) });
  }
  // A flag release stopped from outside (abort) gets the same cleanup: its lease released, its record ended.
  route("ExecutionEndedBadly", "cleanup", { eventPattern: executionEndedBadlyPattern(stateMachineArn(scope, stage), flagReleaseStateMachineArn(scope, stage)) });
  if (inputs.alarmNames.length > 0) route("WatchedAlarm", "circuitBreaker", { eventPattern: alarmEnteredAlarmPattern(inputs.alarmNames) });
  // A finished bake ends the image wait of the deployment baking it (each image kind a config uses).
  if (inputs.imageKinds.includes("createImage")) route("ImageBaked", "imageStateChange", { eventPattern: amiFinishedPattern() });
  if (inputs.imageKinds.includes("imageBuilder")) route("ImageBuilt", "imageStateChange", { eventPattern: imageBuildFinishedPattern() });
  route("Reconcile", "reconciler", { scheduleExpression: RECONCILE_SCHEDULE });
  return { rules };
}
