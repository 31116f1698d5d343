// The entry of each Task's Lambda, generated at bundle time from its catalog entry: it imports the Task's
// module (the `task` its file exports) and one source per adapter its `uses` need (functions/adapters/env/),
// and wraps them with taskHandler. A Task file therefore holds only its logic, and no list of handlers or
// adapter sources is written by hand. Each source imports only its service's SDK clients, and for fleets and
// images the narrowest source covering the methods the Task's capabilities grant, so a bundle carries only those.
import { join } from "node:path";
import { fleetSourceFor } from "../functions/adapters/env/fleets.ts";
import { imageSourceFor } from "../functions/adapters/env/images.ts";
import type { Fleet, Images } from "../functions/adapters/ports.ts";
import { adaptersFor, grantedMethods, type AdapterName } from "../functions/capabilities.ts";
import type { TaskFunctionSpec } from "../functions/catalog.ts";

/** One of functions/adapters/env/<module>.ts and the function it exports that builds the adapter. */
interface EnvSource {
  module: string;
  build: string;
}

/** Where each adapter a Task may use is built from the environment (test/tasks/task-entry.test.ts checks each). */
export const ENV_SOURCES = {
  alarms: { module: "cloudwatch", build: "fromCloudWatch" },
  configStore: { module: "ssm", build: "fromSsm" },
  traffic: { module: "traffic", build: "fromTraffic" },
  executions: { module: "sfn", build: "fromSfn" },
  fleets: { module: "fleets", build: "fromFleets" },
  images: { module: "images", build: "fromImages" },
  // The ledger and the lease share one table and one DynamoDB client.
  ledger: { module: "dynamodb", build: "fromDynamoDb" },
  lease: { module: "dynamodb", build: "fromDynamoDb" },
  probe: { module: "probe", build: "fromHttp" },
  events: { module: "eventbridge", build: "fromEventBridge" },
  flags: { module: "flags", build: "fromSsmFlags" },
} as const satisfies Record<AdapterName, EnvSource>;

/**
 * The env sources a Task's capabilities need, each once, in the order of the adapters they build.
 * Example: `["trafficRead", "trafficWrite", "table"]` → traffic's fromTraffic (traffic), then dynamodb's fromDynamoDb (ledger, lease).
 */
export function envSourcesFor(uses: TaskFunctionSpec["uses"]): EnvSource[] {
  const byBuild = new Map<string, EnvSource>(adaptersFor(uses).map((adapter) => [sourceOf(adapter, uses).build, sourceOf(adapter, uses)]));
  return [...byBuild.values()];
}

/**
 * The source of one adapter. Fleets and images have narrower sources than every client (adapters/env/fleets.ts,
 * images.ts): the narrowest covering the methods these capabilities grant, so e.g. a Task that only polls a
 * fleet bundles no EC2, one that only retires images no Image Builder.
 */
function sourceOf(adapter: AdapterName, uses: TaskFunctionSpec["uses"]): EnvSource {
  const granted = [...grantedMethods(uses)];
  const on = <T>(port: string) => granted.filter((method) => method.startsWith(`${port}.`)).map((method) => method.slice(port.length + 1) as keyof T);
  if (adapter === "fleets") return { module: "fleets", build: fleetSourceFor({ fleets: on<Fleet>("fleets"), autoScalingFleet: on<Fleet>("autoScalingFleet") }) };
  if (adapter === "images") return { module: "images", build: imageSourceFor(on<Images>("images")) };
  return ENV_SOURCES[adapter];
}

/**
 * The TypeScript source of a Task's Lambda entry, importing by absolute path from `functionsDir` (esbuild
 * bundles it from stdin; the entry test imports it from a temporary file).
 * Example: `{ file: "tasks/check-dns-sync", uses: ["trafficSync"] }` →
 * ```
 * import { taskHandler } from "<functionsDir>/shell/task-handler.ts";
 * import { depsFromEnv } from "<functionsDir>/shell/deps-from-env.ts";
 * import { task } from "<functionsDir>/tasks/check-dns-sync.ts";
 * import { fromTraffic } from "<functionsDir>/adapters/env/traffic.ts";
 * export const handler = taskHandler(task.make, task.input, depsFromEnv(fromTraffic));
 * ```
 */
export function taskEntrySource(spec: Pick<TaskFunctionSpec, "file" | "uses">, functionsDir: string): string {
  const from = (file: string) => JSON.stringify(join(functionsDir, `${file}.ts`));
  const sources = envSourcesFor(spec.uses);
  return [
    `import { taskHandler } from ${from("shell/task-handler")};`,
    `import { depsFromEnv } from ${from("shell/deps-from-env")};`,
    `import { task } from ${from(spec.file)};`,
    ...sources.map(({ module, build }) => `import { ${build} } from ${from(`adapters/env/${module}`)};`),
    `export const handler = taskHandler(task.make, task.input, depsFromEnv(${sources.map(({ build }) => build).join(", ")}));`,
    "",
  ].join("\n");
}
