// Both fleet providers: the config picks one per app/env at run time, so a fleet function needs both (Auto
// Scaling + EC2 launch templates, CodeDeploy + Auto Scaling), sharing one Auto Scaling client.
//
// Five sources, from all clients down to Auto Scaling alone, because the EC2 model costs a bundle about
// 36 KB and CodeDeploy's about 12 KB: a Lambda's entry imports the narrowest source whose clients cover the
// fleet methods it may call (FLEET_METHOD_CLIENTS; stacks/task-entry.ts picks it for Tasks, event handlers
// name theirs), and esbuild bundles only that source's clients. A method left without its client refuses
// with ClientNotAvailableError naming it, never calls AWS with something else.
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { EC2Client } from "@aws-sdk/client-ec2";
import { makeGroupFleet } from "../autoscaling.ts";
import { CODEDEPLOY_REFRESHES, makeDeploymentGroupFleet } from "../codedeploy.ts";
import { makeEc2LaunchTemplates, type LaunchTemplates } from "../launch-templates.ts";
import type { Fleet } from "../ports.ts";
import { makeScalingPolicies, type ScalingPolicies } from "../scaling-policies.ts";
import { refusing } from "./not-available.ts";

type Fleets = { fleets: { autoscaling: Fleet; codedeploy: Fleet } };

/** The clients beyond Auto Scaling that a fleet method needs, for either provider (scaling policies: their calls). */
interface FleetClients {
  launchTemplates: boolean;
  codeDeploy: boolean;
  scalingPolicies: boolean;
}

/**
 * What each Fleet method calls besides Auto Scaling, over both providers (autoscaling.ts, codedeploy.ts).
 * Example: `status` reads CodeDeploy's deployment (codedeploy) and never a launch template.
 */
export const FLEET_METHOD_CLIENTS: Record<keyof Fleet, FleetClients> = {
  deploy: { launchTemplates: true, codeDeploy: true, scalingPolicies: true },
  status: { launchTemplates: false, codeDeploy: true, scalingPolicies: false },
  scaleDown: { launchTemplates: false, codeDeploy: true, scalingPolicies: false },
  // Two slots, Auto Scaling only (canaryScale): a CodeDeploy fleet refuses it without a call (CODEDEPLOY_REFRESHES).
  resize: { launchTemplates: false, codeDeploy: false, scalingPolicies: false },
  launchImages: { launchTemplates: true, codeDeploy: true, scalingPolicies: false },
  // One group only: a CodeDeploy fleet refuses these without a call (CODEDEPLOY_REFRESHES).
  startRefresh: { launchTemplates: true, codeDeploy: false, scalingPolicies: false },
  refreshStatus: { launchTemplates: false, codeDeploy: false, scalingPolicies: false },
  rollBackRefresh: { launchTemplates: false, codeDeploy: false, scalingPolicies: false },
  // Back to a version a refresh already used: no launch template is made or read.
  restoreRefresh: { launchTemplates: false, codeDeploy: false, scalingPolicies: false },
  // Immutable (one group): only launching the temporary group makes a launch template version.
  launchTemporaryGroup: { launchTemplates: true, codeDeploy: false, scalingPolicies: false },
  // The temporary group takes the group's scaling policies while it serves.
  serveTemporaryGroup: { launchTemplates: false, codeDeploy: false, scalingPolicies: true },
  cutOver: { launchTemplates: false, codeDeploy: false, scalingPolicies: false },
  removeTemporaryGroup: { launchTemplates: false, codeDeploy: false, scalingPolicies: false },
};

const FLEET_METHODS = Object.keys(FLEET_METHOD_CLIENTS) as Array<keyof Fleet>;
const WHERE = "no fleet method its catalog `uses` grants needs it (functions/adapters/env/fleets.ts)";

const launchTemplatesUnavailable = (): LaunchTemplates =>
  refusing<LaunchTemplates>(["describeVersion", "createVersion"], `EC2 launch templates are not in this function: ${WHERE}`);

/** Deploying and serving a temporary group copy scaling policies: only fromFleets and fromAutoScalingGroupsCopyingPolicies carry the calls. */
const scalingPoliciesUnavailable = (): ScalingPolicies => refusing<ScalingPolicies>(["mirror"], `scaling policies are not in this function: ${WHERE}`);

/** A CodeDeploy fleet with no CodeDeploy client: the refresh methods answer as ever, the others refuse. */
const codeDeployUnavailable = (): Fleet => ({
  ...refusing<Fleet>(
    FLEET_METHODS.filter((method) => FLEET_METHOD_CLIENTS[method].codeDeploy),
    `CodeDeploy is not in this function: ${WHERE}`,
  ),
  ...CODEDEPLOY_REFRESHES,
}) as Fleet;

/** Auto Scaling, EC2 launch templates and CodeDeploy: every Fleet method. */
export function fromFleets(_env: NodeJS.ProcessEnv = process.env): Fleets {
  const autoscaling = new AutoScalingClient({});
  const launchTemplates = makeEc2LaunchTemplates(new EC2Client({}));
  return { fleets: { autoscaling: makeGroupFleet(autoscaling, launchTemplates, makeScalingPolicies(autoscaling)), codedeploy: makeDeploymentGroupFleet(new CodeDeployClient({}), autoscaling, launchTemplates) } };
}

/** Auto Scaling and CodeDeploy: reading and scaling down fleets, no launch template. */
export function fromFleetsWithoutLaunchTemplates(_env: NodeJS.ProcessEnv = process.env): Fleets {
  const autoscaling = new AutoScalingClient({});
  return { fleets: { autoscaling: makeGroupFleet(autoscaling, launchTemplatesUnavailable(), scalingPoliciesUnavailable()), codedeploy: makeDeploymentGroupFleet(new CodeDeployClient({}), autoscaling, launchTemplatesUnavailable()) } };
}

/** Auto Scaling and EC2 launch templates: one group's instance refreshes. */
export function fromGroupFleets(_env: NodeJS.ProcessEnv = process.env): Fleets {
  // Never chosen for deploy (it needs CodeDeploy too, FLEET_METHOD_CLIENTS), so no policy copies either.
  return { fleets: { autoscaling: makeGroupFleet(new AutoScalingClient({}), makeEc2LaunchTemplates(new EC2Client({})), scalingPoliciesUnavailable()), codedeploy: codeDeployUnavailable() } };
}

/** Auto Scaling alone: reading, rolling back and scaling down groups. */
export function fromAutoScalingGroups(_env: NodeJS.ProcessEnv = process.env): Fleets {
  return { fleets: { autoscaling: makeGroupFleet(new AutoScalingClient({}), launchTemplatesUnavailable(), scalingPoliciesUnavailable()), codedeploy: codeDeployUnavailable() } };
}

/** Auto Scaling alone with the scaling-policy calls: putting an immutable deployment's temporary group in service. */
export function fromAutoScalingGroupsCopyingPolicies(_env: NodeJS.ProcessEnv = process.env): Fleets {
  const autoscaling = new AutoScalingClient({});
  return { fleets: { autoscaling: makeGroupFleet(autoscaling, launchTemplatesUnavailable(), makeScalingPolicies(autoscaling)), codedeploy: codeDeployUnavailable() } };
}

/** Each source by the clients it holds, narrowest first. */
export const FLEET_SOURCES = [
  { build: "fromAutoScalingGroups", clients: { launchTemplates: false, codeDeploy: false, scalingPolicies: false } },
  { build: "fromAutoScalingGroupsCopyingPolicies", clients: { launchTemplates: false, codeDeploy: false, scalingPolicies: true } },
  { build: "fromFleetsWithoutLaunchTemplates", clients: { launchTemplates: false, codeDeploy: true, scalingPolicies: false } },
  { build: "fromGroupFleets", clients: { launchTemplates: true, codeDeploy: false, scalingPolicies: false } },
  { build: "fromFleets", clients: { launchTemplates: true, codeDeploy: true, scalingPolicies: true } },
] as const satisfies ReadonlyArray<{ build: string; clients: FleetClients }>;

/**
 * The narrowest source for the Fleet methods a function may call, on the config's provider (`fleets`) and on
 * the Auto Scaling fleet named directly (`autoScalingFleet`, which never needs CodeDeploy).
 * Example: `{ fleets: ["status"] }` → fromFleetsWithoutLaunchTemplates; `{ fleets: ["rollBackRefresh"] }` → fromAutoScalingGroups.
 */
export function fleetSourceFor(methods: { fleets: ReadonlyArray<keyof Fleet>; autoScalingFleet?: ReadonlyArray<keyof Fleet> }): (typeof FLEET_SOURCES)[number]["build"] {
  const onAutoScaling = (methods.autoScalingFleet ?? []).map((method) => ({ ...FLEET_METHOD_CLIENTS[method], codeDeploy: false }));
  const clients = [...methods.fleets.map((method) => FLEET_METHOD_CLIENTS[method]), ...onAutoScaling];
  const needs = (client: keyof FleetClients) => clients.some((needed) => needed[client]);
  return FLEET_SOURCES.find(({ clients }) => (clients.launchTemplates || !needs("launchTemplates")) && (clients.codeDeploy || !needs("codeDeploy")) && (clients.scalingPolicies || !needs("scalingPolicies")))!.build;
}
