// The EventBridge rules' patterns and schedule, as data, so tests match them against sample events.
// Pure: no SST, no Pulumi.
import { EC2_FINAL_STATES, EC2_IMAGE_EVENT, IMAGE_BUILDER_EVENT, IMAGE_BUILDER_FINAL_STATUSES } from "../functions/core/image-events.ts";
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

/**
 * A CreateImage AMI that finished (available or failed): the image wait's event. The event names only the AMI
 * id, so the pattern cannot tell Glidepath's bakes from others; the handler ignores any no deployment waits on.
 */
export function amiFinishedPattern(): EventPattern {
  return { source: [EC2_IMAGE_EVENT.source], "detail-type": [EC2_IMAGE_EVENT.detailType], detail: { State: [...EC2_FINAL_STATES] } };
}

/** An Image Builder build that ended (available, failed, cancelled), not its intermediate statuses. */
export function imageBuildFinishedPattern(): EventPattern {
  return { source: [IMAGE_BUILDER_EVENT.source], "detail-type": [IMAGE_BUILDER_EVENT.detailType], detail: { state: { status: [...IMAGE_BUILDER_FINAL_STATUSES] } } };
}

/** Glidepath's own events of a deployment that did not go live (rolled back, aborted, rolled back after promotion): the optional SNS topic's rule. */
export function deploymentNotLivePattern(): EventPattern {
  return { source: [LIFECYCLE_SOURCE], "detail-type": [...NOTIFIED_DETAIL_TYPES] };
}

export const codeCommitRepositoryArn = (scope: { partition: string; region: string; account: string }, repository: string): string =>
  `arn:${scope.partition}:codecommit:${scope.region}:${scope.account}:${repository}`;
