// Wait states in the local runner resolve their SecondsPath/TimestampPath as Step Functions does: a value AWS
// cannot wait on fails the execution with States.Runtime, which no Catch (not even States.ALL) stops.
import { describe, expect, it } from "vitest";
import { executeDefinition, localStateMachine } from "../../local/execute-definition.ts";
import { exampleArns, type StateMachineDefinition } from "../../stacks/definition.ts";
import { aFakeWorld } from "../fixtures/fake-adapters.ts";

// One small machine for every case: a Choice picks the Wait under test from the input's `wait`.
const definition: StateMachineDefinition = {
  StartAt: "Pick a wait",
  States: {
    "Pick a wait": {
      Type: "Choice",
      Choices: [
        { Variable: "$.wait", StringEquals: "until", Next: "Wait until" },
        { Variable: "$.wait", StringEquals: "steps", Next: "Each step" },
      ],
      Default: "Wait seconds",
    },
    "Wait seconds": { Type: "Wait", SecondsPath: "$.seconds", Next: "Done" },
    "Wait until": { Type: "Wait", TimestampPath: "$.until", Next: "Done" },
    "Each step": {
      Type: "Map",
      ItemsPath: "$.steps",
      MaxConcurrency: 1,
      ItemProcessor: { StartAt: "Wait for the step", States: { "Wait for the step": { Type: "Wait", SecondsPath: "$.seconds", End: true } } },
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }],
      Next: "Done",
    },
    Caught: { Type: "Pass", End: true },
    Done: { Type: "Pass", End: true },
  },
} as unknown as StateMachineDefinition;
const stateMachine = localStateMachine(definition);

async function run(input: unknown) {
  const world = aFakeWorld();
  const waited: Array<{ state: string; seconds: number }> = [];
  const result = await executeDefinition({
    stateMachine,
    definition,
    arns: exampleArns(),
    deps: world.deps,
    input,
    executionName: "wait-fidelity",
    onWait: (wait) => void waited.push(wait),
  });
  const entered = result.events.flatMap((event) => (event.type === "StateEntered" ? [event.state.name] : []));
  return { result, waited, entered, now: world.clock.now() };
}

describe("Wait states resolve their duration as Step Functions does", () => {
  it.each([
    ["is missing", {}, "nothing (the field is missing)"],
    ["is a string", { seconds: "30" }, '"30"'],
    ["is negative", { seconds: -5 }, "-5"],
    ["is not an integer", { seconds: 1.5 }, "1.5"],
  ])("fails the execution with States.Runtime when SecondsPath's value %s", async (_, input, shown) => {
    const { result, waited, entered } = await run({ wait: "seconds", ...input });
    expect(result).toMatchObject({ status: "FAILED", error: "States.Runtime", cause: `Wait state Wait seconds: SecondsPath $.seconds resolved to ${shown}, not a non-negative integer` });
    expect(waited).toEqual([]);
    expect(entered).not.toContain("Done");
  });

  it("waits SecondsPath's seconds when the value is a non-negative integer", async () => {
    const { result, waited } = await run({ wait: "seconds", seconds: 30 });
    expect(result.status).toBe("SUCCEEDED");
    expect(waited).toEqual([{ state: "Wait seconds", seconds: 30 }]);
  });

  it.each([
    ["is missing", {}, "nothing (the field is missing)"],
    ["is not a timestamp", { until: "tomorrow" }, '"tomorrow"'],
    ["is a number", { until: 1_700_000_000 }, "1700000000"],
    ["lacks its time zone", { until: "2026-12-03T12:00:00" }, '"2026-12-03T12:00:00"'],
  ])("fails the execution with States.Runtime when TimestampPath's value %s", async (_, input, shown) => {
    const { result, waited, entered } = await run({ wait: "until", ...input });
    expect(result).toMatchObject({ status: "FAILED", error: "States.Runtime", cause: `Wait state Wait until: TimestampPath $.until resolved to ${shown}, not an RFC 3339 timestamp` });
    expect(waited).toEqual([]);
    expect(entered).not.toContain("Done");
  });

  it("waits until TimestampPath's moment on the run's clock, and not at all for a moment already past", async () => {
    const now = aFakeWorld().clock.now();
    const inTwoMinutes = new Date(now + 120_000).toISOString();
    expect((await run({ wait: "until", until: inTwoMinutes })).waited).toEqual([{ state: "Wait until", seconds: 120 }]);
    const past = await run({ wait: "until", until: new Date(now - 60_000).toISOString() });
    expect(past.result.status).toBe("SUCCEEDED");
    expect(past.waited).toEqual([{ state: "Wait until", seconds: 0 }]);
  });

  it("fails the execution past a Map's States.ALL Catch when an iteration's Wait cannot resolve", async () => {
    const { result, waited, entered } = await run({ wait: "steps", steps: [{ seconds: 5 }, { seconds: -1 }, { seconds: 7 }] });
    expect(result).toMatchObject({ status: "FAILED", error: "States.Runtime", cause: expect.stringContaining("resolved to -1") });
    expect(waited).toEqual([{ state: "Wait for the step", seconds: 5 }]);
    expect(entered).not.toContain("Caught");
    expect(entered).not.toContain("Done");
  });
});
