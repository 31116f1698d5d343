// The EventBridge rules' patterns and schedule, as data, so tests match them against sample events.
// Pure: no SST, no Pulumi.
import { LIFECYCLE_SOURCE, NOTIFIED_DETAIL_TYPES } from "../functions/core/lifecycle-events.ts";

/** An EventBridge pattern: each field lists accepted values (OR); every field must match (AND). */
export type EventPattern = { [field: string]: PatternValue[] | EventPattern };
export type PatternValue = string | number | boolean | null | { prefix: string } | { "anything-but": string | string[] };

/** How often the reconciler sweeps: events are best effort, so something must notice what they missed. */
export const RECONCILE_SCHEDULE = "rate(5 minutes)";

/** Pushes that create or move a tracked branch of one CodeCommit repository (not tags, not deletes). */
export function codeCommitPushPattern(repositoryArn: string, branches: string[]): EventPattern {
  return {
    source: ["aws.codecommit"],
    "detail-type": ["CodeCommit Repository State Change"],
    resources: [repositoryArn],
    detail: {
      event: ["referenceCreated", "referenceUpdated"],
      referenceType: ["branch"],
      referenceName: [...branches],
    },
  };
}

/** Our executions that ended without running their own Rollback (StopExecution runs no Catch). */
export const ENDED_BADLY_STATUSES = ["ABORTED", "TIMED_OUT", "FAILED"] as const;

export function executionEndedBadlyPattern(...stateMachineArns: string[]): EventPattern {
  return {
    source: ["aws.states"],
    "detail-type": ["Step Functions Execution Status Change"],
    detail: { status: [...ENDED_BADLY_STATUSES], stateMachineArn: [...stateMachineArns] },
  };
}

/** A watched alarm entering ALARM (not leaving it, not INSUFFICIENT_DATA). */
export function alarmEnteredAlarmPattern(alarmNames: string[]): EventPattern {
  return {
    source: ["aws.cloudwatch"],
    "detail-type": ["CloudWatch Alarm State Change"],
    detail: { alarmName: [...alarmNames], state: { value: ["ALARM"] } },
  };
}

/** Glidepath's own events of a deployment that did not go live (rolled back, aborted, rolled back after promotion): the optional SNS topic's rule. */
export function deploymentNotLivePattern(): EventPattern {
  return { source: [LIFECYCLE_SOURCE], "detail-type": [...NOTIFIED_DETAIL_TYPES] };
}

export const codeCommitRepositoryArn = (scope: { partition: string; region: string; account: string }, repository: string): string =>
  `arn:${scope.partition}:codecommit:${scope.region}:${scope.account}:${repository}`;
