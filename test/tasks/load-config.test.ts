import { describe, expect, it } from "vitest";
import { ConfigInvalidError } from "../../functions/errors.ts";
import { deployedLabel, makeLoadConfig } from "../../functions/tasks/load-config.ts";
import { aConfig } from "../fixtures/config.ts";
import { aDeployedWorld } from "../fixtures/fake-adapters.ts";

const COMMIT = "1a2b3c4d5e6f7a8b9c0d";

describe("Load config", () => {
  it("labels the version it loaded with the commit deployed, so the config's history shows what went out", async () => {
    const world = aDeployedWorld(aConfig());
    world.configStore.put("shop-api", "prod", aConfig());
    const output = await makeLoadConfig(world.deps)({ app: "shop-api", env: "prod", commit: COMMIT });
    expect(output.configVersion).toBe(2);
    expect(world.log.of("configStore", "label").map((call) => call.args)).toEqual([["shop-api", "prod", 2, "deployed-1a2b3c4d5e6f"]]);
    expect(output.reason).toContain("labelled deployed-1a2b3c4d5e6f");
  });

  it("labels a pinned version, not the latest", async () => {
    const world = aDeployedWorld(aConfig());
    world.configStore.put("shop-api", "prod", aConfig());
    await makeLoadConfig(world.deps)({ app: "shop-api", env: "prod", commit: COMMIT, configVersion: 1 });
    expect(world.log.of("configStore", "label")[0]?.args).toEqual(["shop-api", "prod", 1, "deployed-1a2b3c4d5e6f"]);
  });

  it("goes on when SSM refuses the label, saying so in its reason", async () => {
    const world = aDeployedWorld(aConfig());
    world.configStore.labelRefusal = "version 1 of /glidepath/shop-api/prod/config already carries SSM's maximum of 10 labels";
    const output = await makeLoadConfig(world.deps)({ app: "shop-api", env: "prod", commit: COMMIT });
    expect(output.reason).toContain("not labelled deployed-1a2b3c4d5e6f: version 1 of /glidepath/shop-api/prod/config already carries SSM's maximum of 10 labels");
  });

  it("labels no invalid config", async () => {
    const world = aDeployedWorld(aConfig({ approval: { timeout: "0s" } }));
    await expect(makeLoadConfig(world.deps)({ app: "shop-api", env: "prod", commit: COMMIT })).rejects.toBeInstanceOf(ConfigInvalidError);
    expect(world.log.of("configStore", "label")).toEqual([]);
  });

  it.each([
    ["a hex commit", "0123456789abcdef", "deployed-0123456789ab"],
    ["a commit with characters labels cannot hold", "v2/fix+1", "deployed-v2_fix_1"],
  ])("names the label from %s", (_what, commit, label) => {
    expect(deployedLabel(commit)).toBe(label);
  });
});
