// An immutable deployment's groups, read from its config: the group it deploys to, its temporary group (named
// from the deployment, so every Task, cleanup and the sweep derive the same name), and the launch template.
import type { Config } from "../core/config.ts";
import { temporaryGroupName } from "../core/group-plan.ts";
import { ConfigInvalidError } from "../errors.ts";

export interface ImmutableGroups {
  group: string;
  temporaryGroup: string;
  launchTemplateId: string;
}

/** Example: group `web`, deployment `shop-api-prod-0123456789ab` → `{ group: "web", temporaryGroup: "web-immutable-shop-api-prod-0123456789ab", … }`. */
export function immutableGroupsOf(config: Config, deploymentId: string): ImmutableGroups {
  const problems = [
    ...(config.fleet.group ? [] : ["fleet.group: is required for the immutable strategy"]),
    ...(config.fleet.launchTemplateId ? [] : ["fleet.launchTemplateId: is required when provider is autoscaling"]),
  ];
  if (problems.length > 0 || !config.fleet.group || !config.fleet.launchTemplateId) throw new ConfigInvalidError(problems);
  return { group: config.fleet.group.name, temporaryGroup: temporaryGroupName(config.fleet.group.name, deploymentId), launchTemplateId: config.fleet.launchTemplateId };
}
