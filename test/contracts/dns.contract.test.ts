// The Traffic contract against the in-memory fake and against the Route 53 adapter on simulated Route 53.
import { makeRoute53Dns } from "../../functions/adapters/route53.ts";
import type { Route53Target } from "../../functions/adapters/ports.ts";
import { VirtualClock } from "../../local/clock.ts";
import { CallLog } from "../fixtures/call-log.ts";
import { DEFAULT_PROCESSING_MS, DEFAULT_PROPAGATION_MS, FakeDns } from "../fixtures/fake-dns.ts";
import { aSandbox } from "../sim/fidelity/harness.ts";
import { describeDnsContract } from "./dns-contract.ts";

const target = (hostedZoneId: string): Route53Target => ({ kind: "route53", hostedZoneId, recordName: "api.shop.example.com", type: "CNAME", ttl: 60, setIdPrefix: "shop-api-prod" });

describeDnsContract("Route 53 adapter on simulated Route 53", () => {
  // Throttling off: the token bucket is a separate fidelity concern (test/sim/fidelity/route53.test.ts).
  const { clock, sim, clients } = aSandbox({ timings: { route53RequestsPerSecond: 0 } });
  const zone = sim.route53.createHostedZone("shop.example.com");
  return { clock, traffic: makeRoute53Dns(clients.route53), target: target(zone.id), propagationMs: sim.timings.route53PropagationMs, processingMs: sim.timings.route53ProcessingMs };
});

describeDnsContract("FakeDns", () => {
  const clock = new VirtualClock();
  return { clock, traffic: new FakeDns(new CallLog(), clock), target: target("Z0FAKE"), propagationMs: DEFAULT_PROPAGATION_MS, processingMs: DEFAULT_PROCESSING_MS };
});
