// The sandbox's own app config, and how any config is fitted to the sandbox: the sandbox owns the hosted
// zone (or, for `traffic.kind: alb`, the load balancer's listener, rule and target groups), the launch
// template, the builder instance and the slot endpoints, so it fills those in.
import { parseConfig, type Config, type ConfigInput } from "../../functions/core/config.ts";
import { ConfigInvalidError } from "../../functions/errors.ts";

/** What the sandbox created for a config: ids AWS would have assigned, and the slots' local balancers. */
export interface SandboxResources {
  hostedZoneId: string;
  /** For `traffic.kind: alb`: what the sandbox's load balancer has in place of the config's ARNs. */
  alb?: { listenerArn: string; ruleArn?: string; targetGroups: { a: string; b: string } };
  launchTemplateId: string;
  builderInstanceId: string;
  endpoints: { a: string; b: string };
}

/**
 * The demo's app: `shop-api` in env `sandbox`, tracking `main` of a repository named `shop-api`, released by a
 * canary 10% → 50% → 100% with three-minute bakes watched by per-slot error-rate and p99-latency alarms.
 */
export function sandboxConfigInput(): ConfigInput {
  return {
    app: "shop-api",
    env: "sandbox",
    source: { repository: "shop-api", branch: "main" },
    image: { kind: "createImage", instanceId: "i-0b1d0e2f3a4b5c6d7", noReboot: true },
    fleet: {
      provider: "autoscaling",
      capacity: 2,
      launchTemplateId: "lt-filled-in-by-the-sandbox",
      slots: { a: { group: "shop-api-sandbox-a", endpoint: "filled-in" }, b: { group: "shop-api-sandbox-b", endpoint: "filled-in" } },
    },
    traffic: { hostedZoneId: "ZFILLEDIN", recordName: "api.shop.sandbox.internal", type: "CNAME", ttl: 30 },
    strategy: { kind: "canary", steps: [{ percent: 10, bake: "3m" }, { percent: 50, bake: "3m" }, { percent: 100 }] },
    smoke: {
      checks: [
        { path: "/health", expectStatus: 200, attempts: 3, mustPass: 2 },
        { path: "/", expectStatus: 200, bodyContains: "hello", attempts: 3, mustPass: 1 },
      ],
    },
    analysis: {
      alarms: [
        // `{fleet}`: each slot's group (shop-api-sandbox-a, -b) on two slots, the group itself on one group.
        { name: "{fleet}-error-rate", missingData: "wait" },
        { name: "{fleet}-p99-latency", missingData: "wait" },
      ],
      interval: "30s",
      consecutiveSuccesses: 2,
    },
    finalBake: "2m",
    scaleDownDelay: "2m",
  };
}

/**
 * Fits a config to the sandbox's resources and validates it; every problem is listed with its path.
 * Example: `fitToSandbox(input, { hostedZoneId: "Z1…", … })` → the config with `traffic.hostedZoneId: "Z1…"`.
 */
export function fitToSandbox(input: ConfigInput, resources: SandboxResources): Config {
  const document = structuredClone(input) as ConfigInput & Record<string, unknown>;
  const fitted = {
    ...document,
    image: document.image?.kind === "createImage" ? { ...document.image, instanceId: resources.builderInstanceId } : document.image,
    fleet: document.fleet && {
      ...document.fleet,
      launchTemplateId: resources.launchTemplateId,
      slots: document.fleet.slots && {
        a: { ...document.fleet.slots.a, endpoint: resources.endpoints.a },
        b: { ...document.fleet.slots.b, endpoint: resources.endpoints.b },
      },
      // One group stands behind slot a's balancer.
      group: document.fleet.group && { ...document.fleet.group, endpoint: resources.endpoints.a },
    },
    traffic: document.traffic && fitTraffic(document.traffic, resources),
  };
  const parsed = parseConfig(fitted);
  if (!parsed.ok) throw new ConfigInvalidError(parsed.problems, "scenario config");
  return parsed.config;
}

/** The config's traffic section with the sandbox's own ids: its hosted zone, or its listener, rule and target groups. */
function fitTraffic(traffic: NonNullable<ConfigInput["traffic"]>, resources: SandboxResources): ConfigInput["traffic"] {
  if (traffic.kind !== "alb") return { ...traffic, hostedZoneId: resources.hostedZoneId };
  const alb = resources.alb;
  if (!alb) return traffic;
  return { ...traffic, ...(traffic.ruleArn ? { ruleArn: alb.ruleArn } : { listenerArn: alb.listenerArn }), targetGroups: { ...alb.targetGroups } };
}
