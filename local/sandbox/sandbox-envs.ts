// Further app/envs in one sandbox (an env path: dev → staging → prod in one simulated account, one ledger):
// each provisioned like the sandbox's own config — its zone, launch template, groups, alarms and SSM config —
// with slot endpoints of its own, and, with synthetic traffic, its own simulated clients on its record, so its
// alarms judge its slots from its own requests.
import { slotsOf } from "../../functions/core/fleet-shape.ts";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import type { AwsClients } from "../../functions/adapters/aws-clients.ts";
import type { Config, ConfigInput } from "../../functions/core/config.ts";
import type { ReleaseCatalog } from "../app/release-catalog.ts";
import { seededRandom } from "../app/seeded-random.ts";
import type { VirtualClock } from "../clock.ts";
import type { Simulator } from "../sim/index.ts";
import { toMetricData } from "../traffic/metrics.ts";
import { slotWeightsView } from "../traffic/slot-weights.ts";
import { outsideFunctions } from "./function-scope.ts";
import { provision } from "./provision.ts";
import type { RunningSlots } from "./slots.ts";
import { startSyntheticTraffic } from "./synthetic-traffic.ts";
import type { TrackingRuntime } from "./tracking-runtime.ts";

/** Provisions each further env, in order, with endpoints of its own. */
export async function provisionEnvs(sim: Simulator, clients: AwsClients, inputs: ConfigInput[], slots: RunningSlots): Promise<Config[]> {
  if (inputs.length > 0 && !slots.serveGroups) throw new Error("a sandbox with several envs runs in-process slots only (synthetic traffic, no HTTP)");
  const configs: Config[] = [];
  for (const input of inputs) {
    const groups = { a: input.fleet?.slots?.a?.group ?? `${input.app}-${input.env}-a`, b: input.fleet?.slots?.b?.group ?? `${input.app}-${input.env}-b` };
    configs.push(await provision(sim, clients, input, slots.serveGroups!(groups)));
  }
  return configs;
}

interface EnvTrafficContext {
  sim: Simulator;
  clients: AwsClients;
  clock: VirtualClock;
  runtime: TrackingRuntime;
  catalog: ReleaseCatalog;
  seed: number;
}

/** Synthetic clients of one further env's record; returns the stop function. */
export function startEnvTraffic(context: EnvTrafficContext, config: Config, requestsPerBucket: number): () => void {
  const { sim, clients, clock, runtime, catalog } = context;
  // A random of its own per env, so adding an env never changes the first env's traffic for a seed.
  const random = seededRandom(`traffic:${context.seed}:${config.env}`);
  const weights = slotWeightsView(sim, config);
  return startSyntheticTraffic({
    clock,
    slotResolver: () => weights.slotResolver(),
    behavioursServing: (slot) => runtime.commitsServing(slotsOf(config.fleet)[slot].group).map((commit) => catalog.lookup(commit).behaviour),
    random,
    requestsPerBucket,
    bucketMs: 60_000,
    onSample: (sample) =>
      void outsideFunctions(async () => {
        for (const request of toMetricData([sample], config)) await clients.cloudwatch.send(new PutMetricDataCommand(request));
      }).catch(() => {}),
  });
}
