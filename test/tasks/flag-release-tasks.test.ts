// The flag release's own Tasks against fakes: each step writes the next flag version only while the flag is as
// the release left it, and the revert puts back only what the release itself set.
import { describe, expect, it } from "vitest";
import type { PlanStep } from "../../functions/core/model.ts";
import type { FlagDocument } from "../../functions/flags/document.ts";
import { makeRevertFlag } from "../../functions/tasks/revert-flag.ts";
import { makeSetFlagPercentage } from "../../functions/tasks/set-flag-percentage.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

const PLAN: PlanStep[] = [
  { kind: "setFlag", flag: "checkout", percent: 5 },
  { kind: "bake", seconds: 600 },
  { kind: "setFlag", flag: "checkout", percent: 25 },
  { kind: "bake", seconds: 600 },
];
const at = (percent: number | "off"): FlagDocument => ({ flags: { checkout: percent === "off" ? { state: "off", by: "userId" } : { state: "percentage", percent, by: "userId" } } });

async function aFlagRelease(...versions: FlagDocument[]) {
  const world = aDeployedWorld(aConfig());
  const deployment = aDeploymentContext(aParsedConfig(), { idleSlot: "a" });
  await seedDeployment(world, deployment, { lease: true });
  world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)!.plan = PLAN;
  for (const version of versions) await world.flags.put("shop-api", "prod", version, "seeded");
  const setStep = (index: number) => makeSetFlagPercentage(world.deps)({ deployment, step: PLAN[index]!, index });
  const revert = () => makeRevertFlag(world.deps)({ deployment, flag: "checkout", revertTo: 1, error: { Error: "AlarmTriggeredError", Cause: "alarm 5xx entered ALARM" } });
  return { world, setStep, revert };
}

describe("Set the flag percentage", () => {
  it("writes the next version with the flag at the step's percentage and records the step", async () => {
    const { world, setStep } = await aFlagRelease(at("off"), at(5));
    await expect(setStep(2)).resolves.toEqual({ version: 3, reason: "Step 3: checkout: 5% of userId → 25% of userId (flags version 3)" });
    expect(world.flags.versions.at(-1)?.document).toEqual(at(25));
    expect(world.flags.versions.at(-1)?.note).toMatch(/^flag release shop-api-prod-\w+ step 3: checkout: 5% of userId → 25% of userId$/);
    const record = await world.ledger.getDeployment("shop-api", "prod", "shop-api-prod-1f2e3d4c5b6a");
    expect(record?.steps).toEqual([expect.objectContaining({ index: 2, kind: "setFlag" })]);
  });

  it("stops, writing nothing, when someone changed the flag since the release's last step", async () => {
    const { world, setStep } = await aFlagRelease(at("off"), at(5), at("off"));
    await expect(setStep(2)).rejects.toMatchObject({ name: "DeploymentStoppedError", message: expect.stringContaining("changed outside the release (now off, the release had set 5%)") });
    expect(world.flags.versions).toHaveLength(3);
  });
});

describe("Revert the flag", () => {
  it("puts the version the release started from back, naming the cause", async () => {
    const { world, setStep, revert } = await aFlagRelease(at("off"));
    await setStep(0);
    await expect(revert()).resolves.toEqual({ version: 3, reason: "Flag checkout reverted to flags version 1 (5% of userId → off, now version 3): AlarmTriggeredError: alarm 5xx entered ALARM" });
    expect(world.flags.versions.at(-1)?.document).toEqual(at("off"));
    expect((await world.ledger.getDeployment("shop-api", "prod", "shop-api-prod-1f2e3d4c5b6a"))?.outcome).toBe("rolled_back");
  });

  it("leaves a flag someone changed during the release as they set it", async () => {
    const { world, setStep, revert } = await aFlagRelease(at("off"));
    await setStep(0);
    await world.flags.put("shop-api", "prod", { flags: { checkout: { state: "on", by: "userId" } } }, "someone");
    expect((await revert()).reason).toBe("Flag checkout left as someone set it during the release (on, the release had set 5%); AlarmTriggeredError: alarm 5xx entered ALARM");
    expect(world.flags.versions).toHaveLength(3);
  });

  it("writes nothing when the release failed before its first step", async () => {
    const { world, revert } = await aFlagRelease(at("off"));
    expect((await revert()).reason).toMatch(/^Flag checkout left as it was \(off\): the release had not changed it yet; /);
    expect(world.flags.versions).toHaveLength(1);
  });
});
