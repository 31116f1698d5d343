// Incidents of the image wait (issue 9): the bake's own state-change event ends the wait, a lost event costs at
// most one fallback period and never the deployment, and a failed bake still fails with its reason.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { imageEventOf } from "../../../functions/core/image-events.ts";
import { IMAGE_WAIT_FALLBACK_SECONDS } from "../../../functions/core/poll-intervals.ts";
import type { RunEvent } from "../../../local/sandbox/runner.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { ACCOUNT_ID, REGION } from "../../../local/sim/context.ts";
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import type { ScenarioInput } from "../../../local/scenario/schema.ts";
import { STATE } from "../../../stacks/definition.ts";
import { aScenario } from "./scenario-builders.ts";

const PIPELINE_CONFIG: ConfigInput = {
  ...sandboxConfigInput(),
  image: { kind: "imageBuilder", pipelineArn: `arn:aws:imagebuilder:${REGION}:${ACCOUNT_ID}:image-pipeline/shop-api` },
};

/**
 * Runs v1 then v2 and reports, for v2's bake, when its image reached its final state (the service's event,
 * sent whether or not EventBridge then delivered it), when Check image last found it (a failed one throws:
 * when the execution next moved), and every Check image that returned.
 */
async function v2Bake(faults: ScenarioInput["faults"] = [], config?: ConfigInput) {
  const events: RunEvent[] = [];
  let sandbox!: Sandbox;
  const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults, ...(config ? { config } : {}) }), {
    onEvent: (event) => events.push(event),
    onSandbox: (started) => (sandbox = started),
  });
  const v2 = result.deployments[1]!;
  const execution = v2.execution ?? "";
  const checks = events.filter((event) => event.execution === execution && event.state === STATE.checkImage);
  const serviceEvents = sandbox.sim.eventbridge.serviceEvents.filter((event) => event.t >= v2.startedAt && imageEventOf(event));
  // An Image Builder build also registers its output AMI, whose EC2 event follows the build's: the first is the bake's.
  const finishedAt = serviceEvents[0]?.t ?? Number.NaN;
  const foundAt = v2.outcome === "failed" ? events.find((event) => event.execution === execution && event.t >= finishedAt)?.t : checks.at(-1)?.t;
  return { result, v2, checks, finishedAt, foundAt: foundAt ?? Number.NaN, events: events.filter((event) => event.execution === execution || event.execution === "-") };
}

describe("the image wait", () => {
  it("ends the moment the bake's event arrives: one look per fallback period before it, one after", { timeout: 120_000 }, async () => {
    const { v2, checks, finishedAt, foundAt, result } = await v2Bake();
    expect(v2.outcome).toBe("promoted");
    expect(foundAt).toBe(finishedAt);
    // CreateImage takes 5 minutes in the sandbox: one fallback (240 s) passed before the event came.
    expect(checks.map((check) => check.text)).toEqual([expect.stringMatching(/still pending after 240s/), expect.stringMatching(/^Image ami-\w+ is available$/)]);
    expect(result.invariants.violations).toEqual([]);
  });

  it("delays a deployment whose image event is lost by at most one fallback period, and it still deploys", { timeout: 120_000 }, async () => {
    const { v2, finishedAt, foundAt, events, result } = await v2Bake([{ loseImageEvent: "v2" }]);
    expect(v2.outcome).toBe("promoted");
    expect(foundAt - finishedAt).toBeGreaterThan(0);
    expect(foundAt - finishedAt).toBeLessThanOrEqual(IMAGE_WAIT_FALLBACK_SECONDS * 1000);
    expect(events.some((event) => /EC2 AMI State Change event of ami-\w+ \(available\) was lost/.test(event.text))).toBe(true);
    expect(result.invariants.violations).toEqual([]);
  });

  it("wakes for a failed bake too, which still fails the deployment with its reason and touches no traffic", { timeout: 120_000 }, async () => {
    const { v2, finishedAt, foundAt } = await v2Bake([{ failBake: "v2" }]);
    expect(foundAt).toBe(finishedAt);
    expect(v2.outcome).toBe("failed");
    expect(v2.reason).toMatch(/ImageBuildFailedError.*Image ami-\w+ failed to build: Client\.InternalError: Image build failed \(simulated bad build\)/);
    expect(v2.steps.filter((step) => step.kind === "setWeight")).toEqual([]);
    expect(v2).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
  });

  it("is ended by Image Builder's event for a pipeline build, or by its fallback when that event is lost", { timeout: 180_000 }, async () => {
    const delivered = await v2Bake([], PIPELINE_CONFIG);
    expect(delivered.v2.outcome).toBe("promoted");
    expect(delivered.foundAt).toBe(delivered.finishedAt);
    // 15 minutes of build: three fallback looks, then the event.
    expect(delivered.checks).toHaveLength(Math.floor(900 / IMAGE_WAIT_FALLBACK_SECONDS) + 1);

    const lost = await v2Bake([{ loseImageEvent: "v2" }], PIPELINE_CONFIG);
    expect(lost.v2.outcome).toBe("promoted");
    expect(lost.foundAt - lost.finishedAt).toBeGreaterThan(0);
    expect(lost.foundAt - lost.finishedAt).toBeLessThanOrEqual(IMAGE_WAIT_FALLBACK_SECONDS * 1000);
  });

  it("loses only the named release's image event, found by the bake's own tags", { timeout: 120_000 }, async () => {
    const { v2, finishedAt, foundAt } = await v2Bake([{ loseImageEvent: "v1" }]);
    expect(v2.outcome).toBe("promoted");
    expect(foundAt).toBe(finishedAt);
  });
});
