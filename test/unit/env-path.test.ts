import { describe, expect, it } from "vitest";
import { downstreamOf, promotionCycles, type EnvOnPath } from "../../functions/core/env-path.ts";

const branch = (env: string): EnvOnPath => ({ app: "shop-api", env, source: { repository: "shop-api", branch: "main" } });
const from = (env: string, upstream: string): EnvOnPath => ({ app: "shop-api", env, source: { promotedFrom: upstream, soakSeconds: 0, approval: false } });

describe("the env path", () => {
  it("finds no cycle on dev → staging → prod", () => {
    expect(promotionCycles([branch("dev"), from("staging", "dev"), from("prod", "staging")])).toEqual([]);
  });

  it("names every env of a two-env cycle with the cycle it is on", () => {
    expect(promotionCycles([branch("dev"), from("staging", "prod"), from("prod", "staging")])).toEqual([
      { app: "shop-api", env: "staging", cycle: ["staging", "prod", "staging"] },
      { app: "shop-api", env: "prod", cycle: ["prod", "staging", "prod"] },
    ]);
  });

  it("does not blame an env that only hangs below a cycle", () => {
    const cycles = promotionCycles([from("a", "b"), from("b", "a"), from("c", "a")]);
    expect(cycles.map((c) => c.env)).toEqual(["a", "b"]);
  });

  it("keeps apps apart: the same env names in another app are another path", () => {
    expect(promotionCycles([from("staging", "prod"), { ...from("prod", "staging"), app: "other" }])).toEqual([]);
  });

  it("lists the envs promoted straight from one", () => {
    expect(downstreamOf([branch("dev"), from("staging", "dev"), from("qa", "dev"), from("prod", "staging")], "shop-api", "dev")).toEqual(["staging", "qa"]);
  });
});
