// Simulated EventBridge PutEvents against its API reference: entry limits, the per-entry requirements and
// partial failures, the request size limit, buses, and what the bus records.
import { PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import { aSandbox, rejectionOf } from "./harness.ts";

const entry = (overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({ Source: "glidepath", DetailType: "Deployment Started", Detail: '{"app":"shop-api"}', ...overrides });

function bus() {
  const box = aSandbox();
  const put = (Entries: PutEventsRequestEntry[]) => box.clients.eventbridge.send(new PutEventsCommand({ Entries }));
  return { ...box, put };
}

describe("simulated EventBridge PutEvents", () => {
  it("records each event taken with its source, detail type, parsed detail and the time it was put", async () => {
    const { put, sim, clock } = bus();
    const start = clock.now();
    clock.advance(5_000);
    const answer = await put([entry(), entry({ DetailType: "Step Completed", Detail: '{"index":0}' })]);
    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries?.every((result) => result.EventId)).toBe(true);
    expect(sim.eventbridge.events.map(({ t, source, detailType, detail, eventBus }) => ({ t, source, detailType, detail, eventBus }))).toEqual([
      { t: start + 5_000, source: "glidepath", detailType: "Deployment Started", detail: { app: "shop-api" }, eventBus: "default" },
      { t: start + 5_000, source: "glidepath", detailType: "Step Completed", detail: { index: 0 }, eventBus: "default" },
    ]);
  });

  it("refuses more than 10 entries, and none, with ValidationException", async () => {
    const { put, sim } = bus();
    const tooMany = await rejectionOf(put(Array.from({ length: 11 }, () => entry())));
    expect(tooMany.name).toBe("ValidationException");
    expect(tooMany.message).toContain("Member must have length less than or equal to 10");
    expect((await rejectionOf(put([]))).name).toBe("ValidationException");
    expect(sim.eventbridge.events).toHaveLength(0);
  });

  it("fails only the entry that lacks Source, DetailType or Detail, in the order sent", async () => {
    const { put, sim } = bus();
    const answer = await put([entry(), entry({ DetailType: undefined }), entry({ Source: "" })]);
    expect(answer.FailedEntryCount).toBe(2);
    expect(answer.Entries?.map((result) => result.ErrorCode ?? "ok")).toEqual(["ok", "InvalidArgument", "InvalidArgument"]);
    expect(answer.Entries?.[1]?.ErrorMessage).toContain("DetailType is a required argument");
    expect(sim.eventbridge.events).toHaveLength(1);
  });

  it("fails the whole request when no entry has all three", async () => {
    const { put } = bus();
    expect((await rejectionOf(put([entry({ Detail: undefined }), entry({ Source: undefined })]))).name).toBe("ValidationException");
  });

  it.each([["not JSON", "{app:"], ["a JSON array", "[1,2]"], ["a JSON string", '"text"']])("fails an entry whose Detail is %s with MalformedDetail", async (_, Detail) => {
    const { put, sim } = bus();
    const answer = await put([entry({ Detail })]);
    expect(answer.Entries?.[0]?.ErrorCode).toBe("MalformedDetail");
    expect(sim.eventbridge.events).toHaveLength(0);
  });

  it("refuses a request over 256 KB of entries", async () => {
    const { put } = bus();
    const half = entry({ Detail: JSON.stringify({ pad: "x".repeat(130 * 1024) }) });
    const error = await rejectionOf(put([half, half]));
    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("over the limit");
  });

  it("puts to a bus by name or ARN once it exists, and refuses one that does not", async () => {
    const { put, sim } = bus();
    expect((await rejectionOf(put([entry({ EventBusName: "glidepath-prod" })]))).name).toBe("ResourceNotFoundException");
    sim.eventbridge.createBus("glidepath-prod");
    await put([entry({ EventBusName: "glidepath-prod" }), entry({ EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/glidepath-prod" })]);
    expect(sim.eventbridge.events.map((event) => event.eventBus)).toEqual(["glidepath-prod", "glidepath-prod"]);
  });

  it("refuses a bus name EventBridge's pattern does not allow", async () => {
    const { put } = bus();
    expect((await rejectionOf(put([entry({ EventBusName: "no spaces allowed" })]))).name).toBe("ValidationException");
  });
});
