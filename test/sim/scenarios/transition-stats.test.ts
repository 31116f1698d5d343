// What `glidepath plan` estimates a deployment costs is what the local runner counts when it runs one.
import { describe, expect, it } from "vitest";
import { parseConfig, type ConfigInput } from "../../../functions/core/config.ts";
import { estimatePlan } from "../../../functions/core/plan-cost.ts";
import { deployRelease } from "../../../local/sandbox/deploy-release.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { startSandbox, type Sandbox } from "../../../local/sandbox/sandbox.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { envConfig } from "./env-path-builders.ts";
import { IMAGE_WAIT_FALLBACK_SECONDS } from "../../../functions/core/poll-intervals.ts";

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
      "a canary whose new fleet starts at a quarter of the live one's size",
      {
        ...sandboxConfigInput(),
        fleet: { ...sandboxConfigInput().fleet, capacity: 4 },
        strategy: { kind: "canary", steps: [{ percent: 10, bake: "3m" }, { percent: 50, bake: "3m" }, { percent: 100 }], canaryScale: { percent: 25 } },
      },
    ],
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
        // Its only bake must outlast the alarms' window (Preflight refuses less).
        finalBake: "5m",
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

describe("a promoted env's measured cost", () => {
  it("has no image bake, in the sandbox and in the plan's estimate: the image is upstream's", { timeout: 180_000 }, async () => {
    const dev = envConfig("dev");
    const staging = envConfig("staging", { promotedFrom: "dev", soak: "0s" });
    const sandbox = await startSandbox({ traffic: "synthetic", config: dev, envs: [staging] });
    try {
      // v1 reaches staging first (a first deployment goes straight to 100%), then v2 as an ordinary release.
      for (const [label, previous] of [["v1", undefined], ["v2", "v1"]] as const) {
        await deployRelease(sandbox, { label, commitId: commitIdOf(label), ...(previous ? { previousCommitId: commitIdOf(previous) } : {}) });
        await sandbox.idle(10 * 60);
        await sandbox.executions.settled();
      }
      const imageStates = async (env: string) => {
        const [record] = await sandbox.adapters.ledger.listDeployments("shop-api", env, 1);
        expect(record).toMatchObject({ commit: commitIdOf("v2"), outcome: "promoted" });
        const { result } = await sandbox.executions.runs.get(record!.deploymentId)!.done;
        const states = result.events.flatMap((event) => (event.type === "StateEntered" ? [event.state.name] : []));
        return states.slice(states.indexOf("Is the image given?") + 1, states.indexOf("Is the fleet one group?"));
      };
      const upstream = await imageStates("dev");
      // Woken by the image's event, not polled: one look per fallback period and one when the event came.
      expect(upstream.filter((state) => state === "Check image").length).toBe(2);
      expect(await imageStates("staging")).toEqual(["Check image", "Is the image ready?"]);

      const estimate = (input: ConfigInput) => {
        const parsed = parseConfig(input);
        if (!parsed.ok) throw new Error(parsed.problems.join("; "));
        return estimatePlan(parsed.config);
      };
      const [upstreamEstimate, promotedEstimate] = [estimate(dev), estimate(staging)];
      expect(promotedEstimate.steps[0]!.label).toBe("Set up: dev's image, idle fleet, smoke test");
      // Upstream's bake (createImage: 300 s expected) is Bake image and the image wait's rounds: one fallback
      // timeout (240 s) and the one its event ends, each "Wait for the image", Check image and the Choice.
      const imageRounds = Math.floor(300 / IMAGE_WAIT_FALLBACK_SECONDS) + 1;
      expect(imageRounds).toBe(2);
      expect(upstreamEstimate.total.transitions - promotedEstimate.total.transitions).toBe(3 * imageRounds);
      expect(upstreamEstimate.total.lambdaInvocations - promotedEstimate.total.lambdaInvocations).toBe(2 * imageRounds);
      expect(upstreamEstimate.total.durationSeconds - promotedEstimate.total.durationSeconds).toBe(300);
    } finally {
      await sandbox.close();
    }
  });
});
