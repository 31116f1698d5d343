// An awsQuery / ec2Query request's form body (`Action=…&AutoScalingGroupNames.member.1=…`) read back into the
// operation's typed input, walking the input schema with the key rules the SDK's QueryShapeSerializer writes
// by (member names or xmlName; `.member.N` lists, flat `.N` lists in EC2 and for @xmlFlattened; `.entry.N.key`
// maps; EC2's ec2QueryName and capitalized names).
import { NormalizedSchema } from "@smithy/core/schema";
import { readScalar } from "./read-scalar.ts";

type Schema = NormalizedSchema;

export function readQueryInput(inputSchema: unknown, form: URLSearchParams, ec2: boolean): Record<string, unknown> {
  return (readValue(NormalizedSchema.of(inputSchema as never), form, "", ec2) as Record<string, unknown> | undefined) ?? {};
}

function keyFor(name: string, traits: Record<string, unknown>, ec2: boolean, fromStruct: boolean): string {
  if (ec2 && typeof traits["ec2QueryName"] === "string") return traits["ec2QueryName"];
  const key = (traits["xmlName"] as string | undefined) ?? name;
  return ec2 && fromStruct ? key[0]!.toUpperCase() + key.slice(1) : key;
}

function has(form: URLSearchParams, prefix: string): boolean {
  for (const key of form.keys()) if (key === prefix || key.startsWith(`${prefix}.`)) return true;
  return false;
}

function readValue(ns: Schema, form: URLSearchParams, prefix: string, ec2: boolean): unknown {
  const join = (suffix: string) => (prefix ? `${prefix}.${suffix}` : suffix);
  if (ns.isStructSchema()) {
    const value: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      const key = join(keyFor(name, member.getMergedTraits(), ec2, true));
      if (!has(form, key)) continue;
      const read = readValue(member, form, key, ec2);
      if (read !== undefined) value[name] = read;
    }
    return value;
  }
  if (ns.isListSchema()) {
    // An empty list is sent as the bare key with an empty value.
    if (form.get(prefix) === "") return [];
    const member = ns.getValueSchema();
    const flat = ec2 || !!ns.getMergedTraits().xmlFlattened;
    const itemPrefix = flat ? prefix : `${prefix}.${keyFor("member", member.getMergedTraits(), ec2, false)}`;
    const items: unknown[] = [];
    for (let i = 1; has(form, `${itemPrefix}.${i}`); i++) items.push(readValue(member, form, `${itemPrefix}.${i}`, ec2));
    return items;
  }
  if (ns.isMapSchema()) {
    const entryPrefix = ns.getMergedTraits().xmlFlattened ? prefix : `${prefix}.entry`;
    const keyName = keyFor("key", ns.getKeySchema().getMergedTraits(), ec2, false);
    const valueName = keyFor("value", ns.getValueSchema().getMergedTraits(), ec2, false);
    const map: Record<string, unknown> = {};
    for (let i = 1; has(form, `${entryPrefix}.${i}`); i++) {
      map[String(form.get(`${entryPrefix}.${i}.${keyName}`))] = readValue(ns.getValueSchema(), form, `${entryPrefix}.${i}.${valueName}`, ec2);
    }
    return map;
  }
  const text = form.get(prefix);
  return text === null ? undefined : readScalar(ns, text);
}
