import { describe, expect, it } from "vitest";
import { makePrepareFleet } from "../../functions/tasks/prepare-fleet.ts";
import { makeRetireOldFleet } from "../../functions/tasks/retire-old-fleet.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld } from "../fixtures/fake-adapters.ts";
import { aDeployment } from "../fixtures/records.ts";

describe("fleet tasks pass what each provider needs", () => {
  it("prepares an Auto Scaling slot on a new version of the config's launch template", async () => {
    const world = aDeployedWorld(aConfig());
    const config = aParsedConfig();
    await makePrepareFleet(world.deps)({ app: config.app, env: config.env, deploymentId: "d-1", fleet: config.fleet, slot: "b", imageId: "ami-1" } as never);
    const [deploy] = world.log.of("autoscaling", "deploy");
    expect(deploy?.args[0]).toMatchObject({ group: config.fleet.slots!.b.group, imageId: "ami-1", launchTemplateId: config.fleet.launchTemplateId });
  });

  const codeDeployFleet = () => ({ ...aConfig().fleet, provider: "codedeploy" as const, application: "shop-api-app", revision: { bucket: "shop-artifacts", key: "appspec/noop.zip" } });

  it("prepares a CodeDeploy slot with its application, the launch template carrying the AMI and the S3 revision", async () => {
    const document = aConfig({ fleet: codeDeployFleet() });
    const world = aDeployedWorld(document);
    const config = aParsedConfig({ fleet: document.fleet });
    await makePrepareFleet(world.deps)({ app: config.app, env: config.env, deploymentId: "d-1", fleet: config.fleet, slot: "b", imageId: "ami-1" } as never);
    expect(world.log.of("codedeploy", "deploy")[0]?.args[0]).toMatchObject({
      application: "shop-api-app",
      launchTemplateId: config.fleet.launchTemplateId,
      revision: { bucket: "shop-artifacts", key: "appspec/noop.zip", bundleType: "zip" },
    });
  });

  it("retires a CodeDeploy slot naming its application", async () => {
    const document = aConfig({ fleet: codeDeployFleet() });
    const world = aDeployedWorld(document, { live: "a" });
    const config = aParsedConfig({ fleet: document.fleet });
    // d-1 promoted slot a and has waited out scaleDownDelay: its old slot b is retired.
    await world.deps.adapters.ledger.createDeployment(aDeployment({ deploymentId: "d-1", fromSlot: "b", toSlot: "a", outcome: "promoted" }));
    await makeRetireOldFleet(world.deps)({ app: config.app, env: config.env, deploymentId: "d-1", fleet: config.fleet, slot: "b", keep: 5 });
    expect(world.log.of("codedeploy", "scaleDown")[0]?.args).toEqual([config.fleet.slots!.b.group, { application: "shop-api-app" }]);
  });
});
