// Simulated DescribeAlarmHistory over the alarms' state changes: StateUpdate items as CloudWatch documents
// them (HistorySummary "Alarm updated from OK to ALARM", HistoryData JSON with oldState / newState), filtered
// by name, type, item type and time window, newest first unless ScanBy says otherwise, paged by MaxRecords.
import type { AlarmHistoryItem, DescribeAlarmHistoryCommandInput } from "@aws-sdk/client-cloudwatch";
import type { AlarmTransition } from "./cloudwatch.ts";
import { awsError } from "./errors.ts";

const HISTORY_ITEM_TYPES = new Set(["ConfigurationUpdate", "StateUpdate", "Action", "AlarmContributorStateUpdate", "AlarmContributorAction"]);

function itemOf(transition: AlarmTransition): AlarmHistoryItem {
  return {
    AlarmName: transition.alarm,
    AlarmType: "MetricAlarm",
    Timestamp: new Date(transition.t),
    HistoryItemType: "StateUpdate",
    HistorySummary: `Alarm updated from ${transition.from} to ${transition.to}`,
    HistoryData: JSON.stringify({
      version: "1.0",
      oldState: { stateValue: transition.from },
      newState: { stateValue: transition.to, stateReason: transition.reason },
    }),
  };
}

/** The answer to DescribeAlarmHistory for the alarm state changes recorded so far (oldest first in `transitions`). */
export function describeAlarmHistory(transitions: readonly AlarmTransition[], input: DescribeAlarmHistoryCommandInput) {
  const invalid = (message: string) => awsError("cloudwatch", "InvalidParameterValueException", message);
  const maxRecords = input.MaxRecords ?? 100;
  if (maxRecords < 1 || maxRecords > 100) throw invalid("MaxRecords must be between 1 and 100.");
  if (input.HistoryItemType && !HISTORY_ITEM_TYPES.has(input.HistoryItemType)) throw invalid(`Unknown HistoryItemType ${input.HistoryItemType}.`);
  if (input.ScanBy && input.ScanBy !== "TimestampAscending" && input.ScanBy !== "TimestampDescending") throw invalid(`Unknown ScanBy ${input.ScanBy}.`);
  // Only metric alarms exist here; AlarmTypes defaults to metric alarms, as on AWS.
  const wantsMetric = !input.AlarmTypes?.length || input.AlarmTypes.includes("MetricAlarm");
  const wantsStateUpdates = !input.HistoryItemType || input.HistoryItemType === "StateUpdate";
  const from = input.StartDate ? new Date(input.StartDate).getTime() : -Infinity;
  const to = input.EndDate ? new Date(input.EndDate).getTime() : Infinity;
  const matching = !wantsMetric || !wantsStateUpdates ? [] : transitions.filter((t) => (!input.AlarmName || t.alarm === input.AlarmName) && t.t >= from && t.t <= to);
  const ordered = input.ScanBy === "TimestampAscending" ? matching : [...matching].reverse();
  const offset = input.NextToken ? Number(Buffer.from(input.NextToken, "base64").toString("utf8")) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw awsError("cloudwatch", "InvalidNextToken", "The service returned an invalid NextToken.");
  return {
    AlarmHistoryItems: ordered.slice(offset, offset + maxRecords).map(itemOf),
    ...(offset + maxRecords < ordered.length ? { NextToken: Buffer.from(String(offset + maxRecords)).toString("base64") } : {}),
  };
}
