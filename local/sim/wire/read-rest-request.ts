// A REST (restXml, restJson) request read back into the operation's typed input: members bound to the path
// (`@httpLabel`), the query string (`@httpQuery`) and headers (`@httpHeader`) from there, the rest from the
// body by the protocol's own deserializer, as its serializer bound them (the operation's `@http` trait).
import { NormalizedSchema } from "@smithy/core/schema";
import type { OperationSchema } from "./protocol.ts";
import { readScalar } from "./read-scalar.ts";

interface BodyReader {
  createDeserializer(): { read(schema: unknown, data: string | Uint8Array): unknown };
}

/** The path labels of `path` if it is this operation's method and path (`/2013-04-01/change/{Id}`), else undefined. */
export function matchRestPath(op: OperationSchema, method: string, path: string): Record<string, string> | undefined {
  const http = (op.traits as { http?: [string, string, number] }).http;
  if (!http || http[0] !== method) return undefined;
  const expected = http[1].split("?")[0]!.split("/");
  const actual = path.split("/");
  const labels: Record<string, string> = {};
  for (let i = 0; i < expected.length; i++) {
    const label = /^\{(\w+)(\+?)\}$/.exec(expected[i]!);
    if (label?.[2]) {
      labels[label[1]!] = actual.slice(i).map(decodeURIComponent).join("/");
      return labels;
    }
    if (actual[i] === undefined) return undefined;
    if (label) labels[label[1]!] = decodeURIComponent(actual[i]!);
    else if (expected[i] !== actual[i]) return undefined;
  }
  return actual.length === expected.length ? labels : undefined;
}

export async function readRestInput(op: OperationSchema, labels: Record<string, string>, query: URLSearchParams, headers: Record<string, string | undefined>, body: Uint8Array, codec: BodyReader): Promise<Record<string, unknown>> {
  const inputSchema = NormalizedSchema.of(op.input);
  const input: Record<string, unknown> = {};
  const fromBody = body.byteLength > 0 ? ((await codec.createDeserializer().read(op.input, body)) as Record<string, unknown> | undefined) ?? {} : {};
  for (const [name, member] of inputSchema.structIterator()) {
    const traits = member.getMergedTraits();
    if (traits.httpLabel) {
      if (labels[name] !== undefined) input[name] = readScalar(member, labels[name]);
    } else if (typeof traits.httpQuery === "string") {
      const values = query.getAll(traits.httpQuery);
      if (values.length > 0) input[name] = member.isListSchema() ? values.map((v) => readScalar(member.getValueSchema(), v)) : readScalar(member, values[0]!);
    } else if (typeof traits.httpHeader === "string") {
      const value = headers[traits.httpHeader.toLowerCase()];
      if (value !== undefined) input[name] = readScalar(member, value);
    } else if (traits.httpPayload) {
      if (body.byteLength > 0) input[name] = await codec.createDeserializer().read(member, body);
    } else if (fromBody[name] !== undefined) {
      input[name] = fromBody[name];
    }
  }
  return input;
}
