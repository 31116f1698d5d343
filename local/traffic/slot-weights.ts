// Each slot's weight as the simulated account holds it, for whichever mover the config names: Route 53's
// weighted records (authoritative now, served as of the last INSYNC change, cached by resolvers for the TTL)
// or an ALB listener's weighted forward action (what was written is what the next request meets). Read
// straight from the simulation: no call is made, so observers (the invariant monitor, the runner, reports,
// the traffic generator) never perturb the run they watch.
import type { Config, SlotName } from "../../functions/core/config.ts";
import { setIdentifier } from "../../functions/core/naming.ts";
import type { Simulator } from "../sim/index.ts";

/** A slot's weight, or null when its record (or its target group in the action) does not exist. */
type SlotWeights = Record<SlotName, number | null>;

export interface SlotWeightsView {
  /** What the mover holds now: ListResourceRecordSets' answer, or the listener's action. */
  authoritative(): SlotWeights;
  /** What new requests are sent by: what resolvers see (the last INSYNC change), or the action itself. */
  served(): SlotWeights;
  /** How long a client may keep using an answer it got (the records' TTL); 0 for an ALB. */
  cacheMs(): number;
  /** The slot one request reaches, chosen by the served weights with the simulation's seeded RNG. */
  resolveSlot(): SlotName | undefined;
}

export function slotWeightsView(sim: Simulator, config: Config): SlotWeightsView {
  const { traffic } = config;
  if (traffic.kind === "alb") {
    const actionArn = traffic.ruleArn ?? traffic.listenerArn ?? "";
    const weights = (): SlotWeights => {
      const byGroup = sim.elbv2.forwardWeights(actionArn);
      const exists = Object.keys(byGroup).length > 0;
      return { a: byGroup[traffic.targetGroups.a] ?? (exists ? 0 : null), b: byGroup[traffic.targetGroups.b] ?? (exists ? 0 : null) };
    };
    return {
      authoritative: weights,
      served: weights,
      cacheMs: () => 0,
      resolveSlot: () => {
        const group = sim.elbv2.route(actionArn);
        return group === traffic.targetGroups.a ? "a" : group === traffic.targetGroups.b ? "b" : undefined;
      },
    };
  }
  const ids = { a: setIdentifier(config.app, config.env, "a"), b: setIdentifier(config.app, config.env, "b") };
  const bySlot = (weights: Record<string, number>): SlotWeights => ({ a: weights[ids.a] ?? null, b: weights[ids.b] ?? null });
  return {
    authoritative: () => bySlot(sim.route53.authoritativeWeights(traffic.recordName)),
    served: () => bySlot(sim.route53.servedWeights(traffic.recordName)),
    cacheMs: () => (sim.route53.servedTtl(traffic.recordName) ?? traffic.ttl) * 1000,
    resolveSlot: () => {
      const answer = sim.route53.resolve(traffic.recordName)?.setIdentifier;
      return answer === ids.a ? "a" : answer === ids.b ? "b" : undefined;
    },
  };
}
