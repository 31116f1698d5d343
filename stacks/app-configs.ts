// The app configs committed under config/<app>.<env>.json: validated at deploy time (a bad file stops the
// deploy before any resource changes, listing every problem by path) and turned into the inputs the stacks
// need as plain data — hosted zones to grant, repositories to watch, alarms to listen to.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig, type Config } from "../functions/core/config.ts";
import { trackedBranchOf } from "../functions/core/env-source.ts";

export interface ConfigFile {
  path: string;
  text: string;
}

export interface AppConfig {
  path: string;
  config: Config;
  /** The document exactly as written (durations as text), which is what goes into SSM. */
  document: unknown;
}

/** Reads every `*.json` under `dir` (sorted, so deploys are stable). A missing folder means no configs. */
export function readConfigFiles(dir: string): ConfigFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ path: join(dir, name), text: readFileSync(join(dir, name), "utf8") }));
}

/**
 * The problems a deploy finds in one file, without its path: not JSON, an invalid config, or a file name that is
 * not `<app>.<env>.json`. `glidepath validate` applies these same rules.
 * Example: `shop.json` holding a valid shop-api/prod config → `["(root): file name must be shop-api.prod.json for app \"shop-api\" env \"prod\""]`.
 */
export function configFileProblems(file: ConfigFile): { problems: string[]; config?: Config; document?: unknown } {
  let document: unknown;
  try {
    document = JSON.parse(file.text);
  } catch (error) {
    return { problems: [`not valid JSON (${(error as Error).message})`] };
  }
  const result = parseConfig(document);
  if (!result.ok) return { problems: result.problems, document };
  const { app, env } = result.config;
  const expected = `${app}.${env}.json`;
  const problems = file.path.endsWith(expected) ? [] : [`(root): file name must be ${expected} for app "${app}" env "${env}"`];
  return { problems, config: result.config, document };
}

/**
 * Validates every file; throws one error listing every problem of every file.
 * Example problem: `config/shop-api.prod.json: strategy.steps[2].percent: must be 1–100`.
 */
export function validateConfigFiles(files: ConfigFile[]): AppConfig[] {
  const problems: string[] = [];
  const configs: AppConfig[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const checked = configFileProblems(file);
    problems.push(...checked.problems.map((problem) => `${file.path}: ${problem}`));
    if (!checked.config) continue;
    const key = `${checked.config.app}/${checked.config.env}`;
    const earlier = seen.get(key);
    if (earlier) problems.push(`${file.path}: (root): ${key} is already configured by ${earlier}`);
    seen.set(key, file.path);
    configs.push({ path: file.path, config: checked.config, document: checked.document });
  }
  if (problems.length > 0) throw new Error(`App configs are invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return configs;
}

/** What the stacks derive from the configs. */
export interface StackInputs {
  hostedZoneIds: string[];
  /** Every weighted record a config moves traffic with. */
  recordNames: string[];
  /** Every ALB listener or listener rule whose forward action a config (`traffic.kind: alb`) writes. */
  albActionArns: string[];
  /** The target groups those actions forward to. */
  targetGroupArns: string[];
  /** CodeCommit repository name → tracked branches. */
  repositories: Array<{ repository: string; branches: string[] }>;
  /** Every alarm a config watches, `{slot}` expanded to both slots. */
  alarmNames: string[];
  imagePipelineArns: string[];
  imageKinds: Array<Config["image"]["kind"]>;
  fleetProviders: Array<Config["fleet"]["provider"]>;
}

const unique = (values: string[]): string[] => [...new Set(values)].sort();

/** Example: one config on zone Z1 watching `api-{slot}-5xx` → alarmNames `["api-a-5xx","api-b-5xx"]`. */
export function stackInputs(configs: Config[]): StackInputs {
  const branches = new Map<string, string[]>();
  // An env promoted from another one gets no push rule: its releases come by promotion.
  for (const source of configs.map((c) => trackedBranchOf(c.source)).filter((s) => s !== null)) branches.set(source.repository, [...(branches.get(source.repository) ?? []), source.branch]);
  return {
    hostedZoneIds: unique(configs.flatMap(({ traffic }) => (traffic.kind === "route53" ? [traffic.hostedZoneId] : []))),
    recordNames: unique(configs.flatMap(({ traffic }) => (traffic.kind === "route53" ? [traffic.recordName] : []))),
    albActionArns: unique(configs.flatMap(({ traffic }) => (traffic.kind === "alb" ? [traffic.ruleArn ?? traffic.listenerArn ?? ""] : []))),
    targetGroupArns: unique(configs.flatMap(({ traffic }) => (traffic.kind === "alb" ? [traffic.targetGroups.a, traffic.targetGroups.b] : []))),
    repositories: [...branches.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([repository, names]) => ({ repository, branches: unique(names) })),
    alarmNames: unique(
      configs.flatMap((c) => c.analysis.alarms.flatMap((alarm) => ["a", "b"].map((slot) => alarm.name.replaceAll("{slot}", slot)))),
    ),
    imagePipelineArns: unique(configs.flatMap((c) => (c.image.kind === "imageBuilder" ? [c.image.pipelineArn] : []))),
    imageKinds: [...new Set(configs.map((c) => c.image.kind))].sort(),
    fleetProviders: [...new Set(configs.map((c) => c.fleet.provider))].sort(),
  };
}
