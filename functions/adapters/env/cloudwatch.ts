// Alarms from a CloudWatch client; region and credentials come from the Lambda environment.
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { makeCloudWatchAlarms } from "../cloudwatch.ts";
import type { Alarms } from "../ports.ts";

export function fromCloudWatch(_env: NodeJS.ProcessEnv = process.env): { alarms: Alarms } {
  return { alarms: makeCloudWatchAlarms(new CloudWatchClient({})) };
}
