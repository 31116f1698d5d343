import {
  CreateDeploymentCommand,
  DeploymentAlreadyCompletedException,
  DeploymentLimitExceededException,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  InvalidRevisionException,
  StopDeploymentCommand,
} from "@aws-sdk/client-codedeploy";
import { describe, expect, it } from "vitest";
import { aSandbox, rejectionOf } from "./harness.ts";

function codedeploy() {
  const box = aSandbox({ timings: { codedeployStartMs: 5_000, codedeployRunMs: 60_000 } });
  box.sim.codedeploy.createDeploymentGroup("shop", "shop-prod-b");
  const deploy = async (commit: string) =>
    (
      await box.clients.codedeploy.send(
        new CreateDeploymentCommand({
          applicationName: "shop",
          deploymentGroupName: "shop-prod-b",
          revision: { revisionType: "S3", s3Location: { bucket: "artifacts", key: `shop/${commit}.zip`, bundleType: "zip" } },
        }),
      )
    ).deploymentId ?? "";
  const info = async (deploymentId: string) => (await box.clients.codedeploy.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo;
  return { ...box, deploy, info };
}

describe("CodeDeploy", () => {
  it.each([
    ["a good revision", false, "Succeeded"],
    ["a revision of a bad commit", true, "Failed"],
  ])("moves %s from Created through InProgress to %s", async (_rule, bad, final) => {
    const { deploy, info, clock, sim } = codedeploy();
    if (bad) sim.failBuildsFor("abc1234");
    const id = await deploy("abc1234");
    expect((await info(id))?.status).toBe("Created");
    clock.advance(5_000);
    expect((await info(id))?.status).toBe("InProgress");
    clock.advance(60_000);
    expect((await info(id))?.status).toBe(final);
  });

  // RevisionLocation.revisionType (CodeDeploy API reference): String and AppSpecContent are for AWS Lambda
  // (AppSpecContent also ECS); an EC2/On-premises deployment takes S3 or GitHub.
  it.each([
    ["Server", "String", "InvalidRevisionException"],
    ["Server", "AppSpecContent", "InvalidRevisionException"],
    ["Lambda", "String", "accepted"],
    ["Server", "S3", "accepted"],
  ] as const)("a %s deployment group given a %s revision: %s", async (computePlatform, revisionType, outcome) => {
    const { clients, sim } = aSandbox();
    sim.codedeploy.createDeploymentGroup("shop", "shop-prod-a", { computePlatform });
    const revision =
      revisionType === "S3"
        ? { revisionType, s3Location: { bucket: "artifacts", key: "shop/appspec.zip", bundleType: "zip" as const } }
        : revisionType === "String"
          ? { revisionType, string: { content: "{}" } }
          : { revisionType, appSpecContent: { content: "{}" } };
    const sent = clients.codedeploy.send(new CreateDeploymentCommand({ applicationName: "shop", deploymentGroupName: "shop-prod-a", revision }));
    if (outcome === "accepted") await expect(sent).resolves.toMatchObject({ deploymentId: expect.stringMatching(/^d-/) });
    else expect(await rejectionOf(sent)).toBeInstanceOf(InvalidRevisionException);
  });

  it("describes a deployment group's compute platform and Auto Scaling groups", async () => {
    const { clients, sim } = aSandbox();
    sim.codedeploy.createDeploymentGroup("shop", "shop-prod-a", { autoScalingGroups: ["shop-prod-a-asg"] });
    const info = (await clients.codedeploy.send(new GetDeploymentGroupCommand({ applicationName: "shop", deploymentGroupName: "shop-prod-a" }))).deploymentGroupInfo;
    expect(info).toMatchObject({ computePlatform: "Server", autoScalingGroups: [{ name: "shop-prod-a-asg" }] });
  });

  it("allows one active deployment per group", async () => {
    const { deploy, clock } = codedeploy();
    await deploy("aaa1111");
    expect(await rejectionOf(deploy("bbb2222"))).toBeInstanceOf(DeploymentLimitExceededException);
    clock.advance(65_000);
    await expect(deploy("bbb2222")).resolves.toMatch(/^d-[A-Z0-9]{9}$/);
  });

  it("rolls back a stopped deployment as a new deployment of the last good revision", async () => {
    const { deploy, info, clock, clients } = codedeploy();
    await deploy("aaa1111");
    clock.advance(65_000);
    const id = await deploy("bbb2222");
    clock.advance(10_000);
    await clients.codedeploy.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }));
    const stopped = await info(id);
    const rollbackId = stopped?.rollbackInfo?.rollbackDeploymentId ?? "";
    expect(stopped?.status).toBe("Stopped");
    expect(rollbackId).not.toBe(id);
    const rollback = await info(rollbackId);
    expect(rollback).toMatchObject({ creator: "autoRollback", rollbackInfo: { rollbackTriggeringDeploymentId: id } });
    expect(rollback?.revision?.s3Location?.key).toBe("shop/aaa1111.zip");
    clock.advance(65_000);
    expect((await info(rollbackId))?.status).toBe("Succeeded");
  });

  it("refuses to stop a deployment that has completed", async () => {
    const { deploy, clock, clients } = codedeploy();
    const id = await deploy("aaa1111");
    clock.advance(65_000);
    expect(await rejectionOf(clients.codedeploy.send(new StopDeploymentCommand({ deploymentId: id })))).toBeInstanceOf(DeploymentAlreadyCompletedException);
  });
});
