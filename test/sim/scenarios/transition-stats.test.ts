// What `glidepath plan` estimates a deployment costs is what the local runner counts when it runs one.
import { describe, expect, it } from "vitest";
import { parseConfig, type ConfigInput } from "../../../functions/core/config.ts";
import { estimatePlan } from "../../../functions/core/plan-cost.ts";
import { deployRelease } from "../../../local/sandbox/deploy-release.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { startSandbox, type Sandbox } from "../../../local/sandbox/sandbox.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";

async function secondDeployment(config: ConfigInput) {
  const sandbox: Sandbox = await startSandbox({
    traffic: "synthetic",
    config,
    approve: (_execution, request) => sandbox.clock.schedule(5 * 60_000, () => void sandbox.executions.sendTaskSuccess(request.taskToken, { approved: true, reason: "ok" })),
  });
  try {
    await deployRelease(sandbox, { label: "v1", commitId: commitIdOf("v1") });
    const [second] = await deployRelease(sandbox, { label: "v2", commitId: commitIdOf("v2"), previousCommitId: commitIdOf("v1") });
    return { outcome: second!, config: sandbox.config };
  } finally {
    await sandbox.close();
  }
}

describe("a deployment's measured cost", () => {
  it.each<[string, ConfigInput]>([
    ["the sandbox's canary", sandboxConfigInput()],
    ["an A/B test held for approval", { ...sandboxConfigInput(), strategy: { kind: "abTest", percent: 20, until: "approval" } }],
    ["all at once without a final bake", { ...sandboxConfigInput(), strategy: { kind: "allAtOnce" }, finalBake: "0s" }],
    [
      "a rolling update of one group",
      {
        ...sandboxConfigInput(),
        fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: "shop-api-sandbox", endpoint: "filled-in" } },
        strategy: { kind: "rolling", extraBatch: true, steps: [{ percent: 25, bake: "3m" }, { percent: 100 }] },
      },
    ],
    [
      "an immutable update of one group",
      {
        ...sandboxConfigInput(),
        fleet: { provider: "autoscaling", capacity: 3, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: "shop-api-sandbox", endpoint: "filled-in" } },
        strategy: { kind: "immutable" },
      },
    ],
  ])("matches the plan's estimate for %s: transitions and Lambda calls", { timeout: 120_000 }, async (_name, input) => {
    const { outcome } = await secondDeployment(input);
    expect(outcome.outcome).toBe("promoted");
    const parsed = parseConfig(input);
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const { total } = estimatePlan(parsed.config);
    expect({ transitions: outcome.stats?.transitions, lambdaInvocations: outcome.stats?.lambdaInvocations }).toEqual({ transitions: total.transitions, lambdaInvocations: total.lambdaInvocations });
  });
});
