import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { batches, entrySize, makeEventBridgeEvents, MAX_REQUEST_BYTES } from "../../functions/adapters/eventbridge.ts";
import { DETAIL_TYPE, type LifecycleEvent } from "../../functions/core/lifecycle-events.ts";
import { ThrottledError } from "../../functions/errors.ts";
import { awsError } from "./aws-error.ts";

const eventbridge = mockClient(EventBridgeClient);
const events = makeEventBridgeEvents(eventbridge as unknown as EventBridgeClient, "glidepath-prod");
beforeEach(() => eventbridge.reset());

const aborted = (n: number, reason = "wrong build"): LifecycleEvent => ({
  detailType: DETAIL_TYPE.aborted,
  detail: { app: "shop-api", env: "prod", deploymentId: `shop-api-prod-v${n}`, commit: "c".repeat(40), at: "2026-01-01T10:00:00.000Z", by: "alice", reason },
});

describe("EventBridge lifecycle events", () => {
  it("puts each event with source glidepath, its detail type and its detail as a JSON string, on the stage's bus", async () => {
    eventbridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "1" }] });
    await events.publish([aborted(1)]);
    const [entry] = eventbridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries!;
    expect(entry).toMatchObject({ Source: "glidepath", DetailType: "Deployment Aborted", EventBusName: "glidepath-prod", Time: new Date("2026-01-01T10:00:00.000Z") });
    expect(JSON.parse(entry!.Detail!)).toEqual(aborted(1).detail);
  });

  it("sends at most 10 entries per request", async () => {
    eventbridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: String(i) })) }));
    await events.publish(Array.from({ length: 23 }, (_, i) => aborted(i)));
    expect(eventbridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries!.length)).toEqual([10, 10, 3]);
  });

  it("names every entry EventBridge refused when a request partly fails (FailedEntryCount)", async () => {
    eventbridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ EventId: "1" }, { ErrorCode: "InternalFailure", ErrorMessage: "try again" }],
    });
    await expect(events.publish([aborted(1), aborted(2)])).rejects.toThrow("did not take 1 of 2 lifecycle events on bus glidepath-prod: Deployment Aborted 2: InternalFailure (try again)");
  });

  it("refuses an event over 256 KB without sending it, and still sends the others", async () => {
    eventbridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "1" }] });
    await expect(events.publish([aborted(1, "x".repeat(MAX_REQUEST_BYTES)), aborted(2)])).rejects.toThrow(/shop-api-prod-v1: \d+ bytes, over PutEvents' 256 KB/);
    const sent = eventbridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries!);
    expect(sent.map((entry) => JSON.parse(entry.Detail!).deploymentId)).toEqual(["shop-api-prod-v2"]);
  });

  it("refuses an event its schema does not allow, before calling EventBridge", async () => {
    const bad = { detailType: DETAIL_TYPE.aborted, detail: { ...aborted(1).detail, by: "" } } as LifecycleEvent;
    await expect(events.publish([bad])).rejects.toThrow(/by/);
    expect(eventbridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it("maps throttling to ThrottledError", async () => {
    eventbridge.on(PutEventsCommand).rejects(awsError("ThrottlingException"));
    await expect(events.publish([aborted(1)])).rejects.toBeInstanceOf(ThrottledError);
  });

  it("counts entry size as EventBridge does, and splits requests before 256 KB", () => {
    const entry = { Source: "glidepath", DetailType: "Step Completed", Detail: '{"é":1}', Resources: ["arn:x"], Time: new Date() };
    expect(entrySize(entry)).toBe(14 + 9 + 14 + Buffer.byteLength('{"é":1}') + 5);
    const big = { Source: "glidepath", DetailType: "Step Completed", Detail: JSON.stringify({ pad: "x".repeat(100 * 1024) }) };
    expect(batches([big, big, big]).map((request) => request.length)).toEqual([2, 1]);
  });
});
