// What the wire encoders need from an SDK client: its protocol object (the one its own deserializer uses)
// and the operation the current command runs, both read from the client rather than restated here.
import type { HttpResponse } from "@smithy/core/protocols";
import { deref, NormalizedSchema, operation, type TypeRegistry } from "@smithy/core/schema";

/** The protocols of the clients Glidepath uses (see each client's runtimeConfig.shared.js). */
export type WireProtocolId = "awsJson1_0" | "awsJson1_1" | "restJson1" | "awsQuery" | "ec2Query" | "restXml";

interface Codec {
  createSerializer(): { write(schema: unknown, value: unknown): void; flush(): string | Uint8Array };
  createDeserializer(): { read(schema: unknown, data: string | Uint8Array): unknown };
}

/** The parts of @aws-sdk/core's protocol classes the encoders read. */
export interface ClientProtocol {
  getShapeId(): string;
  options: { defaultNamespace: string; errorTypeRegistries?: TypeRegistry[]; xmlNamespace?: string };
  codec?: Codec;
  awsQueryCompatible?: boolean;
}

export type OperationSchema = ReturnType<typeof operation>;

export function protocolId(protocol: ClientProtocol): WireProtocolId {
  const id = protocol.getShapeId().replace("aws.protocols#", "");
  if (!["awsJson1_0", "awsJson1_1", "restJson1", "awsQuery", "ec2Query", "restXml"].includes(id)) {
    throw new Error(`the wire encoder does not speak ${protocol.getShapeId()}`);
  }
  return id as WireProtocolId;
}

/** The operation schema the SDK put in the command's context (`[9, ns, name, traits, input, output]`). */
export function operationOf(staticSchema: unknown): OperationSchema {
  const [, ns, name, traits, input, output] = staticSchema as [number, string, string, Record<string, unknown>, unknown, unknown];
  return operation(ns, name, traits, input as never, output as never);
}

export function hasOutput(op: OperationSchema): boolean {
  return deref(op.output) !== "unit" && NormalizedSchema.of(op.output).isStructSchema();
}

/** The status an operation answers with on success: its `@http` trait's code, else 200. */
export function successStatus(op: OperationSchema): number {
  const http = (op.traits as { http?: [string, string, number] } | undefined)?.http;
  return http?.[2] ?? 200;
}

export function response(statusCode: number, headers: Record<string, string>, body: string | Uint8Array): HttpResponse {
  // A plain view of the serializer's bytes: its JSON buffer type answers string methods with a warning.
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return { statusCode, headers: { ...headers, "content-length": String(bytes.byteLength) }, body: bytes } as HttpResponse;
}
