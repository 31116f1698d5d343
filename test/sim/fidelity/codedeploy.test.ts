import {
  CreateDeploymentCommand,
  DeploymentAlreadyCompletedException,
  DeploymentLimitExceededException,
  GetDeploymentCommand,
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
