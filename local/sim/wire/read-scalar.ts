// A scalar member from its text on the wire (a form value, a path label, a query parameter or a header).
import type { NormalizedSchema } from "@smithy/core/schema";

export function readScalar(ns: NormalizedSchema, text: string): unknown {
  if (ns.isBooleanSchema()) return text === "true";
  if (ns.isNumericSchema()) return Number(text);
  if (ns.isTimestampSchema()) return /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
  if (ns.isBlobSchema()) return Buffer.from(text, "base64");
  return text;
}
