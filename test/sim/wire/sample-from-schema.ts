// A value for a Smithy schema with every member set (lists and maps of one entry), for round-trip tests:
// whatever the wire encoder drops or mangles no longer compares equal after the SDK has read it back.
import { NormalizedSchema } from "@smithy/core/schema";

/** Deep enough for every output Glidepath reads; recursive shapes stop there instead of looping. */
const MAX_DEPTH = 6;

/** Whole seconds: every timestamp format on the wire (epoch seconds, date-time, http-date) keeps them. */
const WHEN = new Date("2026-12-03T10:15:30Z");

export function sampleOf(schema: unknown, path = "v", depth = 0): unknown {
  const ns = NormalizedSchema.of(schema as never);
  if (ns.isStructSchema()) {
    if (depth > MAX_DEPTH) return undefined;
    const value: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      // A union holds exactly one member.
      if (ns.isUnionSchema() && Object.keys(value).length === 1) break;
      const traits = member.getMergedTraits();
      // Bindings to the status code or a streaming/unstructured payload are not data the simulator returns.
      if (traits.httpResponseCode || traits.httpPrefixHeaders || member.isStreaming()) continue;
      const sample = sampleOf(member, `${path}.${name}`, depth + 1);
      if (sample !== undefined) value[name] = sample;
    }
    return value;
  }
  if (ns.isListSchema()) {
    if (depth > MAX_DEPTH) return undefined;
    const item = sampleOf(ns.getValueSchema(), `${path}[0]`, depth + 1);
    return item === undefined ? [] : [item];
  }
  if (ns.isMapSchema()) {
    if (depth > MAX_DEPTH) return undefined;
    const item = sampleOf(ns.getValueSchema(), `${path}.k`, depth + 1);
    return item === undefined ? {} : { k: item };
  }
  if (ns.isTimestampSchema()) return WHEN;
  if (ns.isBooleanSchema()) return true;
  if (ns.isBlobSchema()) return new Uint8Array([1, 2, 3]);
  if (ns.isNumericSchema()) return path.length; // a whole number: every format keeps it exact
  if (ns.isBigIntegerSchema() || ns.isBigDecimalSchema() || ns.isDocumentSchema()) return undefined;
  if (ns.isStringSchema()) return path.split(".").pop() ?? "s";
  return undefined;
}
