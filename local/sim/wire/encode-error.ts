// A simulated error as the HTTP error response AWS sends in the client's protocol — JSON `__type` (with
// awsQuery-compatible services' `x-amzn-query-error` header), restJson's `x-amzn-errortype`, awsQuery and
// restXml's `<ErrorResponse>`, EC2's `<Response><Errors>` — so the SDK's own error parsing picks the class,
// name, `$fault`, `$metadata.httpStatusCode` and members, as it does for AWS.
import type { HttpResponse } from "@smithy/core/protocols";
import { NormalizedSchema } from "@smithy/core/schema";
import { ec2ErrorResponse, errorResponse, membersOf } from "./envelopes.ts";
import { protocolId, response, type ClientProtocol } from "./protocol.ts";
import { xmlDocument } from "./xml-serializer.ts";

export type ServiceError = Error & { $fault: string; $metadata?: { httpStatusCode?: number } };

/** The modeled error shape for `name`: by shape name, else by its awsQuery error code (`LimitExceeded` → LimitExceededFault). */
function errorSchemaFor(protocol: ClientProtocol, name: string): unknown {
  for (const registry of protocol.options.errorTypeRegistries ?? []) {
    try {
      return registry.getSchema(`${registry.namespace}#${name}`);
    } catch {
      const found = registry.find((schema) => Array.isArray(schema) && schema[0] === -3 && (NormalizedSchema.of(schema).getMergedTraits().awsQueryError as [string] | undefined)?.[0] === name);
      if (found) return found;
    }
  }
  return undefined;
}

export function encodeError(protocol: ClientProtocol, error: ServiceError, requestId: string): HttpResponse {
  const id = protocolId(protocol);
  const status = error.$metadata?.httpStatusCode ?? 400;
  const type = status >= 500 ? "Receiver" : "Sender";
  const schema = errorSchemaFor(protocol, error.name);
  const traits = schema === undefined ? {} : NormalizedSchema.of(schema as never).getMergedTraits();
  const shapeName = (schema === undefined ? undefined : NormalizedSchema.of(schema as never).getName()) ?? error.name;
  const queryCode = (traits.awsQueryError as [string] | undefined)?.[0] ?? shapeName;
  const members: Record<string, unknown> = {};
  for (const [name] of schema === undefined ? [] : membersOf(schema)) {
    if (name.toLowerCase() === "message") members[name] = error.message;
    else if ((error as unknown as Record<string, unknown>)[name] !== undefined) members[name] = (error as unknown as Record<string, unknown>)[name];
  }
  const xmlns = protocol.options.xmlNamespace;
  switch (id) {
    case "awsJson1_0":
    case "awsJson1_1": {
      const headers: Record<string, string> = { "content-type": `application/x-amz-json-${id.slice(-3).replace("_", ".")}`, "x-amzn-requestid": requestId };
      if (protocol.awsQueryCompatible) headers["x-amzn-query-error"] = `${queryCode};${type}`;
      const typeName = schema === undefined ? error.name : `${protocol.options.defaultNamespace}#${shapeName}`;
      return response(status, headers, JSON.stringify({ __type: typeName, message: error.message, ...jsonMembers(protocol, schema, members) }));
    }
    case "restJson1": {
      const headers = { "content-type": "application/json", "x-amzn-requestid": requestId, "x-amzn-errortype": shapeName };
      return response(status, headers, JSON.stringify({ message: error.message, ...jsonMembers(protocol, schema, members) }));
    }
    case "awsQuery":
    case "restXml": {
      const code = id === "awsQuery" ? queryCode : shapeName;
      const body = { Error: { ...members, Type: type, Code: code, Message: error.message }, RequestId: requestId };
      return response(status, { "content-type": "text/xml", "x-amzn-requestid": requestId }, xmlDocument(errorResponse(schema), body, xmlns));
    }
    case "ec2Query": {
      const body = { Errors: { Error: { Code: error.name, Message: error.message } }, RequestID: requestId };
      return response(status, { "content-type": "text/xml;charset=UTF-8" }, xmlDocument(ec2ErrorResponse(), body, undefined));
    }
  }
}

/** The error's members as the protocol's JSON codec writes them (timestamps, blobs, jsonName). */
function jsonMembers(protocol: ClientProtocol, schema: unknown, members: Record<string, unknown>): Record<string, unknown> {
  if (schema === undefined || !protocol.codec || Object.keys(members).length === 0) return {};
  const serializer = protocol.codec.createSerializer();
  serializer.write(schema, members);
  const written = serializer.flush();
  return JSON.parse(typeof written === "string" ? written : new TextDecoder().decode(written)) as Record<string, unknown>;
}
