// The sandbox's DynamoDB client answered by an in-process dynalite, without the wire format: lib-dynamodb
// marshals each input as usual, the SDK's retry middleware runs as usual, and the request's document (the
// JSON the SDK would have sent) goes straight to dynalite; its answer comes back as the output, its errors as
// the SDK's own exception classes. Serialization, endpoint-shaped HTTP, signing and parsing are what this
// skips: they were most of a simulated deployment's CPU, and dynalite never looks at them. What differs from
// the wire: binary values arrive base64-encoded (as in the JSON) and timestamps (TableDescription) stay
// epoch seconds; the sandbox's ledger uses neither.
import * as dynamodb from "@aws-sdk/client-dynamodb";
import { DynaliteError, type InProcessDynalite } from "../dynalite.ts";
import { nextRequestId } from "./errors.ts";

interface Stack {
  add(middleware: unknown, options: { step: "serialize" | "deserialize"; name: string }): void;
  addRelativeTo(middleware: unknown, options: { relation: "after"; toMiddleware: string; name: string }): void;
  remove(name: string): boolean;
}

/**
 * lib-dynamodb's marshalling and the endpoint middleware are placed relative to the serializer and the
 * deserializer by name, so pass-throughs take their places; the answer comes from the innermost middleware.
 */
export function answerDynamoDbInProcess(client: { middlewareStack: unknown }, dynalite: InProcessDynalite): void {
  const stack = client.middlewareStack as Stack;
  // What dynalite does not look at: an endpoint (resolving DynamoDB's rule set was a tenth of a call's CPU),
  // a signature, the user agent, recursion detection, the no-op logger's filtering.
  for (const unused of ["endpointV2Middleware", "httpSigningMiddleware", "getUserAgentMiddleware", "recursionDetectionMiddleware", "loggerMiddleware", "serializerMiddleware", "deserializerMiddleware"])
    stack.remove(unused);
  stack.add((next: (args: unknown) => unknown) => (args: unknown) => next(args), { step: "serialize", name: "serializerMiddleware" });
  stack.add((next: (args: unknown) => unknown) => (args: unknown) => next(args), { step: "deserialize", name: "deserializerMiddleware" });
  const answer =
    (_next: unknown, context: { commandName?: string }) =>
    async (args: { input: unknown }) => {
      const operation = (context.commandName ?? "").replace(/Command$/, "");
      try {
        const output = await dynalite.call(operation, jsonDocument(args.input));
        return { output: { ...output, $metadata: { httpStatusCode: 200, requestId: nextRequestId(), attempts: 1, totalRetryDelay: 0 } }, response: {} };
      } catch (error) {
        throw error instanceof DynaliteError ? sdkException(error) : error;
      }
    };
  stack.addRelativeTo(answer, { relation: "after", toMiddleware: "deserializerMiddleware", name: "glidepathInProcessDynalite" });
}

/**
 * The input as the JSON the SDK would send: a fresh copy (dynalite keeps what it is given), binary values
 * base64 as the protocol encodes them, and undefined members left out, as JSON.stringify would.
 * Example: `{ Key: { pk: { B: Uint8Array[1, 2] } }, Limit: undefined }` → `{ Key: { pk: { B: "AQI=" } } }`.
 */
function jsonDocument(input: unknown): Record<string, unknown> {
  return toJson(input) as Record<string, unknown>;
}

function toJson(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toJson(item)));
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) copy[key] = toJson(member);
  return copy;
}

type ExceptionClass = new (options: Record<string, unknown>) => Error;

/**
 * dynalite's error as the SDK would have parsed it from the wire: the modeled class when the client exports
 * one (`ConditionalCheckFailedException`, with its members such as `Item`), else the service's base class.
 * Example: `{ __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "…" }` →
 * a `ConditionalCheckFailedException` with `$metadata.httpStatusCode` 400.
 */
function sdkException({ statusCode, body }: DynaliteError): Error {
  const { __type, message, Message, ...members } = body;
  const name = __type.split("#").pop() ?? __type;
  const text = message ?? Message ?? "";
  const $metadata = { httpStatusCode: statusCode, requestId: nextRequestId(), attempts: 1, totalRetryDelay: 0 };
  const $fault = statusCode >= 500 ? "server" : "client";
  const candidate = (dynamodb as unknown as Record<string, unknown>)[name];
  if (typeof candidate === "function" && candidate.prototype instanceof dynamodb.DynamoDBServiceException) {
    const error = new (candidate as ExceptionClass)({ message: text, $metadata, ...members });
    if (!error.message) error.message = text;
    return error;
  }
  return new dynamodb.DynamoDBServiceException({ name, $fault, $metadata, message: text });
}
