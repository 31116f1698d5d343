// How long simulated AWS takes, and which optional behaviours are on. All durations are virtual milliseconds.

export interface SimTimings {
  /** Route 53 change PENDING → INSYNC. */
  route53PropagationMs: number;
  /** Route 53 token bucket: refill rate and burst per account (0 disables throttling). */
  route53RequestsPerSecond: number;
  /**
   * How long Route 53 is still processing an accepted change: another change to the same zone inside this window
   * is refused with PriorRequestNotComplete (never longer than the change stays PENDING; 0 never refuses).
   */
  route53ProcessingMs: number;
  /** CloudWatch alarm evaluation interval. */
  alarmEvaluationIntervalMs: number;
  /** GetMetricData datapoints per page before a NextToken. */
  metricDataPageSize: number;
  /** Chance that a GetParametersByPath page comes back empty with a NextToken (seeded). */
  ssmEmptyPageProbability: number;
  /** EC2 CreateImage pending → available | failed. */
  imageBakeMs: number;
  /** Image Builder BUILDING → AVAILABLE | FAILED. */
  pipelineBuildMs: number;
  /** Auto Scaling instance Pending → InService (if the runtime says healthy). */
  instanceBootMs: number;
  /** Auto Scaling instance Terminating → gone. */
  instanceTerminateMs: number;
  /** CodeDeploy Created → InProgress, and InProgress → Succeeded. */
  codedeployStartMs: number;
  codedeployRunMs: number;
}

export const defaultTimings: SimTimings = {
  route53PropagationMs: 30_000,
  route53RequestsPerSecond: 5,
  route53ProcessingMs: 2_000,
  alarmEvaluationIntervalMs: 60_000,
  metricDataPageSize: 100,
  ssmEmptyPageProbability: 0.3,
  imageBakeMs: 300_000,
  pipelineBuildMs: 900_000,
  instanceBootMs: 60_000,
  instanceTerminateMs: 20_000,
  codedeployStartMs: 5_000,
  codedeployRunMs: 120_000,
};
