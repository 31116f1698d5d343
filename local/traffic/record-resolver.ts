// Adapts the simulated Route 53 resolver to the traffic generator: a weighted answer for the service's
// record becomes the slot (from the SetIdentifier `<app>-<env>-<slot>`) and its balancer's URL.
import type { Resolution, Slot } from "./generator.ts";

interface ResolvedRecordLike {
  setIdentifier: string | undefined;
  value: string;
  ttl: number;
}

export interface RecordResolverOptions {
  /** e.g. `(name) => sim.route53.resolve(name)`; a weighted choice per call. */
  resolveRecord: (recordName: string) => ResolvedRecordLike | undefined;
  recordName: string;
  /** The record's value (the slot endpoint's DNS name) → the base URL of that slot's balancer on 127.0.0.1. */
  balancerUrlFor: (value: string) => string | undefined;
}

/** Undefined when nothing resolves, or the answer names no slot or no known endpoint: the client gets no answer. */
export function recordResolver({ resolveRecord, recordName, balancerUrlFor }: RecordResolverOptions): (clientId: number) => Resolution | undefined {
  return () => {
    const answer = resolveRecord(recordName);
    if (!answer) return undefined;
    const slot = slotOf(answer.setIdentifier);
    const url = balancerUrlFor(answer.value);
    if (!slot || !url) return undefined;
    return { slot, url, ttl: answer.ttl };
  };
}

/** `slotOf("shop-api-prod-b")` → `"b"`; anything not ending in `-a` or `-b` → undefined. */
export function slotOf(setIdentifier: string | undefined): Slot | undefined {
  const suffix = setIdentifier?.match(/-([ab])$/)?.[1];
  return suffix === "a" || suffix === "b" ? suffix : undefined;
}
