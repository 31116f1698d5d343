// Roll back an immutable deployment: its temporary group leaves the group's target groups (the load balancer
// drains its in-flight requests) and is then deleted with its instances. The group itself is untouched before the
// cut-over, so it serves the previous version throughout; a cut-over that failed midway is undone first
// (adapters/temporary-group-cut-over.ts). Roll back is asked again while draining.
import type { Config } from "../core/config.ts";
import type { DeploymentRecord } from "../core/model.ts";
import type { TaskDeps } from "./deps.ts";
import { fleetFor } from "./fleet-of.ts";
import { iso } from "./inputs.ts";
import { immutableGroupsOf } from "./temporary-group.ts";
import type { RollBackOutput } from "../tasks/roll-back.ts";

interface ImmutableDeployment {
  app: string;
  env: string;
  deploymentId: string;
  config: Config;
  record: DeploymentRecord | null;
}

export async function rollBackTemporaryGroup({ adapters, clock }: TaskDeps, { app, env, deploymentId, config, record }: ImmutableDeployment, because: string): Promise<RollBackOutput> {
  const { group, temporaryGroup } = immutableGroupsOf(config, deploymentId);
  const removal = await fleetFor(adapters, config.fleet).removeTemporaryGroup({ group, temporaryGroup, undoCutOver: true });
  const base = { changeId: null, drainSeconds: 0, liveSlot: "a" as const, weights: null, weightsNow: null };
  const launched = record?.steps.some((step) => step.kind === "temporaryGroup") ?? false;
  const outcome =
    removal.state === "draining"
      ? `${removal.reason}; ${group} serves the previous version`
      : removal.state === "deleted"
        ? `${removal.reason}; ${group} serves the previous version, untouched`
        : launched
          ? `temporary group ${temporaryGroup} is gone; ${group} serves the previous version`
          : `no temporary group was launched; ${group} serves the previous version`;
  const reason = `${outcome[0]!.toUpperCase()}${outcome.slice(1)} — ${because}`;
  // An interrupted cut-over undone on this round (the first): said once, in its own step, before the group goes.
  if (removal.undone && removal.undone.length > 0) {
    const now = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index: -1, kind: "temporaryGroup", reason: `Undid the interrupted cut-over: ${removal.undone.join("; ")}`, startedAt: now, endedAt: now });
  }
  // One rollback step, written when the group is gone (the draining rounds only wait).
  if (removal.state !== "draining" && !record?.steps.some((step) => step.kind === "rollback" && step.index === -1)) {
    const now = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index: -1, kind: "rollback", reason, startedAt: now, endedAt: now });
  }
  return { ...base, needed: launched, temporaryGroupDraining: removal.state === "draining", reason };
}
