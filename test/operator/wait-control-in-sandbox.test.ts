// promote against the sandbox: the same ledger token and Send* calls as on AWS, resolving the
// local runner's waits in virtual time.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../functions/core/config.ts";
import { promoteWait } from "../../functions/operator/wait-control.ts";
import { deployRelease, type ReleaseOutcome } from "../../local/sandbox/deploy-release.ts";
import { sandboxConfigInput } from "../../local/sandbox/sandbox-config.ts";
import { startSandbox, type Sandbox } from "../../local/sandbox/sandbox.ts";
import { commitIdOf } from "../../local/scenario/run-scenario.ts";
import { STATE } from "../../stacks/definition.ts";

const MINUTE = 60_000;
const operator = { app: "shop-api", env: "sandbox", by: "alice" };

/** Deploys v1 then v2; `act` runs `after` into v2's first bake. */
async function duringFirstBake(config: ConfigInput, after: number, act: (sandbox: Sandbox) => Promise<unknown>): Promise<{ v2: ReleaseOutcome; actedAt: number; acted: unknown }> {
  const sandbox: Sandbox = await startSandbox({ traffic: "synthetic", config });
  try {
    await deployRelease(sandbox, { label: "v1", commitId: commitIdOf("v1") });
    let actedAt = 0;
    let acted: unknown;
    sandbox.listen((event) => {
      if (actedAt !== 0 || event.state !== STATE.bake) return;
      actedAt = -1;
      sandbox.clock.schedule(after, () => {
        actedAt = sandbox.clock.now();
        void sandbox.outOfBand(() => act(sandbox)).then((result) => (acted = result), (error: Error) => (acted = error));
      });
    });
    const [v2] = await deployRelease(sandbox, { label: "v2", commitId: commitIdOf("v2"), previousCommitId: commitIdOf("v1") });
    return { v2: v2!, actedAt, acted };
  } finally {
    await sandbox.close();
  }
}

const ports = (sandbox: Sandbox) => ({ ledger: sandbox.adapters.ledger, executions: sandbox.executions, clock: sandbox.clock });

describe("taking control of a waiting deployment in the sandbox", () => {
  it("promote ends a 24-hour A/B hold after 10 minutes, and the deployment goes on to 100% and is promoted", { timeout: 120_000 }, async () => {
    const config = { ...sandboxConfigInput(), strategy: { kind: "abTest", percent: 20, until: "24h" } } as ConfigInput;
    const { v2, acted } = await duringFirstBake(config, 10 * MINUTE, (sandbox) => promoteWait(ports(sandbox), { ...operator, reason: "B wins" }));
    expect(acted).toMatchObject({ wait: "bake" });
    expect(v2.outcome).toBe("promoted");
    expect(v2.endedAt - v2.startedAt).toBeLessThan(2 * 60 * MINUTE);
    expect(v2.steps.some((step) => step.reason.startsWith("Promoted by alice: B wins"))).toBe(true);
    expect(v2.weights).toEqual({ a: 100, b: 0 });
  });

  it("promote --full during the first bake skips the 50% step: one shift to 100%, then the final bake, promoted", { timeout: 120_000 }, async () => {
    const { v2, acted } = await duringFirstBake(sandboxConfigInput(), MINUTE, (sandbox) => promoteWait(ports(sandbox), { ...operator, reason: "hotfix", full: true }));
    expect(acted).toMatchObject({ wait: "bake", full: true });
    expect(v2.outcome).toBe("promoted");
    const shifts = v2.steps.filter((step) => step.kind === "setWeight").map((step) => step.weights);
    expect(shifts).toEqual([{ a: 10, b: 90 }, { a: 100, b: 0 }]);
    expect(v2.steps.some((step) => step.kind === "finalBake" && step.verdict === "healthy")).toBe(true);
  });
});
