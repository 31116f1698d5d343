// The reconciler's sweep of immutable deployments' temporary groups: those of ended deployments are drained,
// then deleted; an in-progress deployment's is its own to handle, and other fleets have none.
import { describe, expect, it } from "vitest";
import type { Ledger } from "../../functions/adapters/ports.ts";
import { makeCleanup } from "../../functions/events/cleanup.ts";
import { sweepTemporaryGroups } from "../../functions/events/temporary-groups.ts";
import type { DeploymentRecord } from "../../functions/core/model.ts";
import { parseConfig, type Config } from "../../functions/core/config.ts";
import { aGroupConfig, aParsedConfig } from "../fixtures/config.ts";
import { anEventWorld } from "../fixtures/event-world.ts";
import { aFakeWorld } from "../fixtures/fake-adapters.ts";
import { aDeployment, aLiveRecord } from "../fixtures/records.ts";

const ENDED = "shop-api-prod-0123456789ab";
const RUNNING = "shop-api-prod-fedcba987654";

function immutableConfig(): Config {
  const parsed = parseConfig(aGroupConfig({ strategy: { kind: "immutable" } }));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

function sweepSetup(records: DeploymentRecord[]) {
  const { autoscaling } = aFakeWorld();
  const ledger: Pick<Ledger, "listDeployments"> = { listDeployments: async () => records };
  for (const record of records) autoscaling.temporaryGroups.add(`shop-api-prod-immutable-${record.deploymentId}`);
  return { autoscaling, sweep: () => sweepTemporaryGroups({ ledger, fleets: { autoscaling } }, immutableConfig()) };
}

describe("the reconciler's sweep of temporary groups", () => {
  it("drains, then deletes, the temporary group of a deployment that ended outside its rollback", async () => {
    const { autoscaling, sweep } = sweepSetup([aDeployment({ deploymentId: ENDED, strategy: "immutable", outcome: "failed" })]);
    expect(await sweep()).toEqual([expect.stringMatching(new RegExp(`^temporary group of ${ENDED} \\(failed\\) left behind: draining`))]);
    expect(await sweep()).toEqual([expect.stringMatching(/left behind: deleted temporary group shop-api-prod-immutable-/)]);
    expect([...autoscaling.temporaryGroups]).toEqual([]);
    expect(await sweep()).toEqual([]);
  });

  it("leaves an in-progress deployment's temporary group alone", async () => {
    const { autoscaling, sweep } = sweepSetup([aDeployment({ deploymentId: RUNNING, strategy: "immutable", outcome: "in_progress" })]);
    expect(await sweep()).toEqual([]);
    expect([...autoscaling.temporaryGroups]).toEqual([`shop-api-prod-immutable-${RUNNING}`]);
  });

  it("looks for none on two slots", async () => {
    const { autoscaling } = aFakeWorld();
    const ledger: Pick<Ledger, "listDeployments"> = { listDeployments: async () => [aDeployment({ strategy: "immutable", outcome: "failed" })] };
    expect(await sweepTemporaryGroups({ ledger, fleets: { autoscaling } }, aParsedConfig())).toEqual([]);
  });
});

describe("cleanup of an immutable deployment stopped mid-bake", () => {
  const NOW = Date.parse("2024-05-01T12:30:00Z");
  function cleanupSetup(leaseOwner: string) {
    const world = anEventWorld({
      now: NOW,
      configs: [aGroupConfig({ strategy: { kind: "immutable" } })],
      live: [aLiveRecord()],
      deployments: [aDeployment({ deploymentId: ENDED, strategy: "immutable" })],
      leases: { "shop-api/prod": { owner: leaseOwner, fencingToken: 7, expiresAt: NOW + 60_000 } },
    });
    const { autoscaling, codedeploy } = aFakeWorld();
    autoscaling.temporaryGroups.add(`shop-api-prod-immutable-${ENDED}`);
    const deps = { configStore: world.configStore, traffic: world.traffic, ledger: world.ledger, lease: world.lease, executions: world.executions, events: world.events, clock: world.clock, fleets: { autoscaling, codedeploy }, flags: world.flags, sleep: async () => {}, random: () => 0 };
    const event = { detail: { executionArn: `arn:aws:states:eu-west-1:123456789012:execution:glidepath:${ENDED}`, name: ENDED, status: "ABORTED", input: JSON.stringify({ app: "shop-api", env: "prod" }) } };
    return { deps, autoscaling, cleanup: () => makeCleanup(deps)(event as never) };
  }

  it("takes its temporary group out of the load balancer and says so on the deployment", async () => {
    const { deps, cleanup } = cleanupSetup(ENDED);
    await cleanup();
    const deployment = deps.ledger.deployments.get(`shop-api/prod/${ENDED}`)!;
    expect(deployment.outcome).toBe("failed");
    expect(deployment.reason).toMatch(new RegExp(`cleanup: .*draining shop-api-prod-immutable-${ENDED}`));
  });

  it("leaves it alone while another deployment holds the lease", async () => {
    const { deps, cleanup } = cleanupSetup(RUNNING);
    await cleanup();
    expect(deps.fleets.autoscaling.temporaryGroups.size).toBe(1);
    expect(deps.ledger.deployments.get(`shop-api/prod/${ENDED}`)!.reason ?? "").not.toMatch(/draining/);
  });
});
