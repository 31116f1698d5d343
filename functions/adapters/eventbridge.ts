// EventBridge: publishes Glidepath's lifecycle events (PutEvents). PutEvents' documented limits: at most 10
// entries and 256 KB per request, each entry's Detail a JSON string; a request can succeed while some of its
// entries fail, which only FailedEntryCount and each entry's ErrorCode tell.
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { LIFECYCLE_SOURCE, lifecycleEvent, type LifecycleEvent } from "../core/lifecycle-events.ts";
import { callAws } from "./errors.ts";
import type { LifecycleEvents } from "./ports.ts";

/** PutEvents takes at most this many entries per request. */
const MAX_ENTRIES_PER_REQUEST = 10;
/** And at most this many bytes of entries per request (entry sizes as `entrySize` computes them). */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** The default event bus of the account and Region, which needs no resource of its own. */
export const DEFAULT_EVENT_BUS = "default";

class LifecycleEventsNotPublishedError extends Error {
  override name = "LifecycleEventsNotPublishedError";
}

/**
 * An entry's size as EventBridge counts it against the 256 KB limit ("Calculating PutEvents event entry
 * size"): 14 bytes for Time when set, plus the UTF-8 bytes of Source, DetailType, Detail and each Resource.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, "utf8"));
  return (entry.Time ? 14 : 0) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0);
}

/** The PutEvents entry of one event, after checking it against the schema (a malformed event is a bug, named here). */
function toEntry(event: LifecycleEvent, eventBusName: string): PutEventsRequestEntry {
  const { detailType, detail } = lifecycleEvent.parse(event);
  return { Source: LIFECYCLE_SOURCE, DetailType: detailType, Detail: JSON.stringify(detail), EventBusName: eventBusName, Time: new Date(detail.at) };
}

/** Splits entries into PutEvents requests: ≤ 10 entries and ≤ 256 KB each, in order. */
export function batches(entries: PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const requests: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (current.length === MAX_ENTRIES_PER_REQUEST || (current.length > 0 && bytes + size > MAX_REQUEST_BYTES)) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

export function makeEventBridgeEvents(client: EventBridgeClient, eventBusName: string = DEFAULT_EVENT_BUS): LifecycleEvents {
  return {
    async publish(events) {
      const problems: string[] = [];
      const entries: PutEventsRequestEntry[] = [];
      for (const event of events) {
        const entry = toEntry(event, eventBusName);
        // Sent, it would fail the whole request; refused here, the other events still go out.
        if (entrySize(entry) > MAX_REQUEST_BYTES) problems.push(`${event.detailType} of ${event.detail.deploymentId}: ${entrySize(entry)} bytes, over PutEvents' 256 KB`);
        else entries.push(entry);
      }
      for (const request of batches(entries)) {
        const answer = await callAws(`EventBridge PutEvents (${request.length} entries)`, () => client.send(new PutEventsCommand({ Entries: request })));
        if (!answer.FailedEntryCount) continue;
        // Results come back in the order of the entries sent; a failed one has ErrorCode and ErrorMessage.
        (answer.Entries ?? []).forEach((result, index) => {
          if (result.ErrorCode) problems.push(`${request[index]?.DetailType ?? "entry"} ${index + 1}: ${result.ErrorCode}${result.ErrorMessage ? ` (${result.ErrorMessage})` : ""}`);
        });
      }
      if (problems.length > 0) throw new LifecycleEventsNotPublishedError(`EventBridge did not take ${problems.length} of ${events.length} lifecycle events on bus ${eventBusName}: ${problems.join("; ")}`);
    },
  };
}
