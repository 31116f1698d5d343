// GetMetricData over the metric store: MetricStat queries only, paged by datapoints with a NextToken.
import type { GetMetricDataCommandInput, GetMetricDataCommandOutput, MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { awsError, unsupported } from "./errors.ts";
import { assertStatistic, type MetricStore } from "./metric-store.ts";

export function getMetricData(
  store: MetricStore,
  input: GetMetricDataCommandInput,
  pageSize: number,
): Omit<GetMetricDataCommandOutput, "$metadata"> {
  const queries = input.MetricDataQueries ?? [];
  if (queries.length === 0 || queries.length > 500) {
    throw awsError("cloudwatch", "InvalidParameterValueException", "The collection MetricDataQueries must not be empty and must contain at most 500 items.");
  }
  if (!input.StartTime || !input.EndTime) throw awsError("cloudwatch", "MissingRequiredParameterException", "StartTime and EndTime are required.");
  const start = new Date(input.StartTime).getTime();
  const end = new Date(input.EndTime).getTime();
  const descending = (input.ScanBy ?? "TimestampDescending") === "TimestampDescending";
  const series = queries.map((q) => {
    if (q.Expression) unsupported("cloudwatch:GetMetricData metric math (Expression)");
    const stat = q.MetricStat;
    if (!stat?.Metric || !stat.Period) throw awsError("cloudwatch", "InvalidParameterValueException", `Query ${q.Id} needs MetricStat with Metric and Period.`);
    assertStatistic(stat.Stat);
    const points = store.aggregate(stat.Metric, stat.Stat, stat.Period, start, end);
    return { query: q, points: descending ? points.reverse() : points };
  });
  // Pages cut through the concatenated datapoints of all queries; each page lists every query.
  const offset = input.NextToken ? Number(Buffer.from(input.NextToken, "base64").toString("utf8")) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw awsError("cloudwatch", "InvalidNextToken", "The service returned an invalid NextToken.");
  const total = series.reduce((n, s) => n + s.points.length, 0);
  let cursor = 0;
  const results: MetricDataResult[] = series
    .filter((s) => s.query.ReturnData !== false)
    .map(({ query, points }) => {
      const from = Math.max(0, offset - cursor);
      const to = Math.max(0, Math.min(points.length, offset + pageSize - cursor));
      cursor += points.length;
      const page = points.slice(from, Math.max(from, to));
      return {
        Id: query.Id,
        Label: query.Label ?? query.MetricStat?.Metric?.MetricName,
        Timestamps: page.map((p) => new Date(p.t)),
        Values: page.map((p) => p.value),
        StatusCode: to < points.length ? "PartialData" : "Complete",
      };
    });
  const nextOffset = offset + pageSize;
  return {
    MetricDataResults: results,
    Messages: [],
    ...(nextOffset < total ? { NextToken: Buffer.from(String(nextOffset)).toString("base64") } : {}),
  };
}
