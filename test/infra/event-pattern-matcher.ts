// A small EventBridge pattern matcher for the operators the project's patterns use: exact values, prefix,
// anything-but. Faithful to EventBridge: every pattern field must match; a value list is an OR; an event
// array matches when any of its elements matches; a field the event lacks never matches.
import type { EventPattern, PatternValue } from "../../stacks/event-patterns.ts";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([field, expected]) => {
    if (!(field in event)) return false;
    const actual = event[field] as Json;
    if (Array.isArray(expected)) return matchesValues(expected, actual);
    return matchesPattern(expected, actual);
  });
}

function matchesValues(expected: PatternValue[], actual: Json): boolean {
  const candidates = Array.isArray(actual) ? actual : [actual];
  return candidates.some((value) => !isObject(value) && !Array.isArray(value) && expected.some((rule) => matchesValue(rule, value)));
}

function matchesValue(rule: PatternValue, value: string | number | boolean | null): boolean {
  if (rule === null || typeof rule !== "object") return rule === value;
  if ("prefix" in rule) return typeof value === "string" && value.startsWith(rule.prefix);
  const excluded = rule["anything-but"];
  return !(Array.isArray(excluded) ? excluded : [excluded]).some((other) => other === value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
