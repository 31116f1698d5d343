// Watches a sandbox run for "shrink before drain": a slot's fleet scaled to 0 while resolvers may still send
// it traffic, i.e. before the change that took its traffic away was INSYNC and one TTL had passed since.
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";

interface WeightChange {
  submittedAt: number;
  insyncAt: number;
  weights: Record<string, number>;
}

interface ShrinkEvent {
  at: number;
  group: string;
  slot: "a" | "b";
}

export interface DrainWatch {
  /** Every scale-down to 0 of a slot's fleet, in order. */
  shrinks: ShrinkEvent[];
  /** Shrinks that came before the slot was drained, each described for a failure message. */
  violations(): string[];
  /** Attach to a sandbox (runScenario's onSandbox). */
  attach(sandbox: Sandbox): void;
}

export function drainWatch(): DrainWatch {
  const changes: WeightChange[] = [];
  const shrinks: ShrinkEvent[] = [];
  let ttlMs = 0;
  let identifierOf: (slot: "a" | "b") => string = (slot) => slot;

  /** What resolvers were served for a slot at time `t`: the weights of the last change INSYNC by then. */
  const servedWeight = (slot: "a" | "b", t: number): number => {
    const synced = changes.filter((change) => change.insyncAt <= t && identifierOf(slot) in change.weights);
    return synced.length === 0 ? 0 : synced[synced.length - 1]!.weights[identifierOf(slot)]!;
  };

  return {
    shrinks,
    attach(sandbox) {
      const { sim, config } = sandbox;
      ttlMs = config.traffic.ttl * 1000;
      identifierOf = (slot) => `${config.app}-${config.env}-${slot}`;
      const slotOfGroup = (group: string): "a" | "b" | undefined =>
        group === config.fleet.slots!.a.group ? "a" : group === config.fleet.slots!.b.group ? "b" : undefined;
      const call = sim.call.bind(sim);
      sim.call = async (service, operation, input) => {
        const output = await call(service, operation, input);
        const now = sim.clock.now();
        if (service === "route53" && operation === "ChangeResourceRecordSets") {
          const batch = (input as { ChangeBatch?: { Changes?: Array<{ ResourceRecordSet?: { SetIdentifier?: string; Weight?: number } }> } }).ChangeBatch;
          const weights = Object.fromEntries(
            (batch?.Changes ?? []).flatMap(({ ResourceRecordSet: r }) => (r?.SetIdentifier !== undefined ? [[r.SetIdentifier, r.Weight ?? 0]] : [])),
          );
          changes.push({ submittedAt: now, insyncAt: now + sim.timings.route53PropagationMs, weights });
        }
        if (service === "autoscaling" && (operation === "UpdateAutoScalingGroup" || operation === "SetDesiredCapacity")) {
          const { AutoScalingGroupName: group = "", DesiredCapacity } = input as { AutoScalingGroupName?: string; DesiredCapacity?: number };
          const slot = slotOfGroup(group);
          if (DesiredCapacity === 0 && slot) shrinks.push({ at: now, group, slot });
        }
        return output;
      };
    },
    violations() {
      return shrinks.flatMap(({ at, group, slot }) => {
        // Resolvers may hold any answer served in the last TTL: every one of them must give the slot nothing.
        const moments = [at - ttlMs, ...changes.map((change) => change.insyncAt).filter((t) => t > at - ttlMs && t <= at)];
        const serving = moments.filter((t) => servedWeight(slot, t) > 0);
        if (serving.length === 0) return [];
        const last = Math.max(...serving);
        return [`${group} (slot ${slot}) scaled to 0 at ${at / 1000}s while resolvers could still send it traffic (served weight ${servedWeight(slot, last)} at ${last / 1000}s, TTL ${ttlMs / 1000}s)`];
      });
    },
  };
}
