// A simulated operation's typed output as the HTTP response AWS sends for it, in the client's protocol,
// written by the SDK's own serializers from the service's schemas so the SDK's deserializer can read it back.
import type { HttpResponse } from "@smithy/core/protocols";
import { NormalizedSchema } from "@smithy/core/schema";
import { ec2Success, querySuccess } from "./envelopes.ts";
import { hasOutput, protocolId, response, successStatus, type ClientProtocol, type OperationSchema } from "./protocol.ts";
import { xmlDocument } from "./xml-serializer.ts";

export function encodeOutput(protocol: ClientProtocol, op: OperationSchema, output: Record<string, unknown>, requestId: string): HttpResponse {
  const id = protocolId(protocol);
  const xmlns = protocol.options.xmlNamespace;
  const withOutput = hasOutput(op);
  switch (id) {
    case "awsJson1_0":
    case "awsJson1_1":
      return response(200, { "content-type": `application/x-amz-json-${id.slice(-3).replace("_", ".")}`, "x-amzn-requestid": requestId }, withOutput ? json(protocol, op.output, output) : "{}");
    case "awsQuery":
      return response(200, { "content-type": "text/xml", "x-amzn-requestid": requestId }, xmlDocument(querySuccess(op.name, withOutput ? op.output : undefined), { [`${op.name}Result`]: output, ResponseMetadata: { RequestId: requestId } }, xmlns));
    case "ec2Query":
      return response(200, { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId }, xmlDocument(ec2Success(op.name, withOutput ? op.output : undefined), { ...output, requestId }, xmlns));
    case "restJson1":
    case "restXml":
      return restResponse(protocol, op, output, requestId, id === "restXml" ? "application/xml" : "application/json");
  }
}

function json(protocol: ClientProtocol, schema: unknown, value: unknown): string | Uint8Array {
  if (!protocol.codec) throw new Error(`${protocol.getShapeId()} has no JSON codec`);
  const serializer = protocol.codec.createSerializer();
  serializer.write(schema, value);
  return serializer.flush();
}

/**
 * REST protocols bind members to the status code, headers or the whole payload (`@httpResponseCode`,
 * `@httpHeader`, `@httpPayload`); every other member goes in the body document.
 */
function restResponse(protocol: ClientProtocol, op: OperationSchema, output: Record<string, unknown>, requestId: string, contentType: string): HttpResponse {
  const headers: Record<string, string> = { "content-type": contentType, "x-amzn-requestid": requestId };
  let status = successStatus(op);
  if (!hasOutput(op)) return response(status, headers, "");
  const body: Record<string, unknown> = {};
  let payload: { schema: NormalizedSchema; value: unknown } | undefined;
  for (const [name, member] of NormalizedSchema.of(op.output).structIterator()) {
    const value = output[name];
    const traits = member.getMergedTraits();
    if (value === undefined || value === null) continue;
    if (traits.httpResponseCode) status = Number(value);
    else if (traits.httpHeader) headers[String(traits.httpHeader).toLowerCase()] = value instanceof Date ? value.toUTCString() : String(value);
    else if (traits.httpPayload) payload = { schema: member, value };
    else body[name] = value;
  }
  const xml = contentType === "application/xml";
  if (payload) return response(status, headers, xml ? xmlDocument(payload.schema, payload.value, protocol.options.xmlNamespace) : json(protocol, payload.schema, payload.value));
  return response(status, headers, xml ? xmlDocument(op.output, body, protocol.options.xmlNamespace) : json(protocol, op.output, body));
}
