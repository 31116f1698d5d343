// Simulated EventBridge PutEvents, as its API reference documents it: 1–10 entries (the input constraints),
// at most 256 KB of entries per request; an entry without Source, DetailType or Detail fails on its own, and
// when no entry has all three the whole request fails; Detail must be a JSON object ("MalformedDetail"
// otherwise); a bus that does not exist fails the request. Partial failures come back as FailedEntryCount and
// each entry's ErrorCode, in the order sent. Every event taken is recorded with the virtual time it was put.
import type { PutEventsCommandInput, PutEventsRequestEntry, PutEventsResultEntry } from "@aws-sdk/client-eventbridge";
import { entrySize, MAX_REQUEST_BYTES } from "../../functions/adapters/eventbridge.ts";
import { ACCOUNT_ID, REGION, type Operation, type ServiceModel, type SimContext } from "./context.ts";
import { awsError } from "./errors.ts";

/** An event the bus took. */
export interface PutEvent {
  id: string;
  /** Virtual time of the PutEvents call. */
  t: number;
  eventBus: string;
  source: string;
  detailType: string;
  /** Detail as parsed from its JSON string. */
  detail: Record<string, unknown>;
  /** The entry's own Time, when it set one (epoch ms). */
  time?: number;
}

/**
 * An event an AWS service sends on its own to the default bus (not through PutEvents), in EventBridge's
 * envelope: EC2's "EC2 AMI State Change", Image Builder's "EC2 Image Builder Image State Change".
 */
export interface ServiceEvent {
  id: string;
  /** Virtual time the service sent it. */
  t: number;
  source: string;
  "detail-type": string;
  resources: string[];
  detail: Record<string, unknown>;
}

const BUS_ARN = new RegExp(`^arn:aws[\\w-]*:events:${REGION}:${ACCOUNT_ID}:event-bus/(.+)$`);

export class EventBridgeModel implements ServiceModel {
  /** Every event put, oldest first. */
  readonly events: PutEvent[] = [];
  private readonly buses = new Set(["default"]);
  private counter = 0;
  private readonly listeners: Array<(event: PutEvent) => void> = [];
  /** Every event AWS services sent to the default bus, oldest first (apart from `events`, the PutEvents ones). */
  readonly serviceEvents: ServiceEvent[] = [];
  private readonly serviceListeners: Array<(event: ServiceEvent) => void> = [];

  constructor(private readonly ctx: SimContext) {}

  readonly operations: Record<string, Operation> = {
    PutEvents: (input: PutEventsCommandInput) => this.putEvents(input),
  };

  /** A custom bus (as CreateEventBus makes one), so entries may name it. */
  createBus(name: string): void {
    this.buses.add(name);
  }

  /** Calls `listener` with each event as it is taken. */
  onEvent(listener: (event: PutEvent) => void): void {
    this.listeners.push(listener);
  }

  /** A service's own event (EC2, Image Builder) as it reaches the default bus; rules see it through `onServiceEvent`. */
  sendServiceEvent(event: Omit<ServiceEvent, "id" | "t">): void {
    const sent: ServiceEvent = { ...structuredClone(event), id: `${(++this.counter).toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`, t: this.ctx.clock.now() };
    this.serviceEvents.push(sent);
    for (const listener of this.serviceListeners) listener(sent);
  }

  /** Calls `listener` with each service event as it is sent. */
  onServiceEvent(listener: (event: ServiceEvent) => void): void {
    this.serviceListeners.push(listener);
  }

  private putEvents(input: PutEventsCommandInput) {
    const entries = input.Entries ?? [];
    const total = entries.reduce((sum, entry) => sum + entrySize(entry), 0);
    if (total > MAX_REQUEST_BYTES) throw awsError("eventbridge", "ValidationException", `Total size of the entries in the request is over the limit (${total} > ${MAX_REQUEST_BYTES} bytes).`);
    if (entries.length > 0 && entries.every((entry) => missingField(entry) !== undefined))
      throw awsError("eventbridge", "ValidationException", "Detail, DetailType, and Source are required for each entry; no entry in the request has all three.");
    for (const entry of entries) {
      const bus = busName(entry.EventBusName);
      if (!this.buses.has(bus)) throw awsError("eventbridge", "ResourceNotFoundException", `Event bus ${bus} does not exist.`);
    }
    const results: PutEventsResultEntry[] = entries.map((entry) => this.take(entry));
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  }

  private take(entry: PutEventsRequestEntry): PutEventsResultEntry {
    const missing = missingField(entry);
    if (missing) return { ErrorCode: "InvalidArgument", ErrorMessage: `Parameter ${missing} is not valid. Reason: ${missing} is a required argument.` };
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail!);
    } catch {
      detail = undefined;
    }
    if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
    const event: PutEvent = {
      id: `${(++this.counter).toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`,
      t: this.ctx.clock.now(),
      eventBus: busName(entry.EventBusName),
      source: entry.Source!,
      detailType: entry.DetailType!,
      detail: detail as Record<string, unknown>,
      ...(entry.Time ? { time: new Date(entry.Time).getTime() } : {}),
    };
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return { EventId: event.id };
  }
}

/** The first of Source, DetailType, Detail an entry lacks (an empty string counts as absent). */
function missingField(entry: PutEventsRequestEntry): "Source" | "DetailType" | "Detail" | undefined {
  if (!entry.Source) return "Source";
  if (!entry.DetailType) return "DetailType";
  if (!entry.Detail) return "Detail";
  return undefined;
}

/** An entry's bus by name: the name itself, an ARN's name, or `default` when omitted. */
function busName(nameOrArn: string | undefined): string {
  if (!nameOrArn) return "default";
  return BUS_ARN.exec(nameOrArn)?.[1] ?? nameOrArn;
}
