// The definition as data: valid ASL, and the structural promises design.md makes about every Task.
import validator from "asl-validator";
import { describe, expect, it } from "vitest";
import { TASK_FUNCTIONS, type TaskId } from "../../functions/catalog.ts";
import { TRANSIENT_ERROR_NAMES } from "../../functions/errors.ts";
import { IMAGE_WAIT_FALLBACK_SECONDS } from "../../functions/core/poll-intervals.ts";
import { allStates, buildDefinition, exampleArns, STATE, taskStates, waitStates } from "../../stacks/definition.ts";
import { LAMBDA_RETRIER } from "../../stacks/definition/retry.ts";
import { buildFlagReleaseDefinition } from "../../stacks/definition/flag-release.ts";

const arns = exampleArns();
const definition = buildDefinition(arns);
const states = allStates(definition);
const tasks = states.filter(({ state }) => state.Type === "Task");
const ROLLBACK_PATH = new Set<string>([STATE.rollBack, STATE.checkRollbackSync, STATE.finishRollback]);
/** Each task-token wait's length: the bake's duration, the final bake's, the approval's timeout. */
const CALLBACK_TIMEOUTS: Record<string, string | number> = {
  [STATE.bake]: "$.step.seconds",
  [STATE.finalBake]: "$.slots.plan.finalBakeSeconds",
  [STATE.waitForApproval]: "$.step.timeoutSeconds",
  // The image's event ends its wait; the fixed fallback bounds what a lost event costs.
  [STATE.waitForImage]: IMAGE_WAIT_FALLBACK_SECONDS,
};

describe("the state machine definition", () => {
  it("is valid ASL for asl-validator", () => {
    const result = validator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.isValid, result.errorsText("\n")).toBe(true);
  });

  it("names every state uniquely across the machine, including inside the Map", () => {
    const names = states.map(({ name }) => name);
    expect(new Set(names).size).toBe(names.length);
    expect(states.filter(({ inMap }) => inMap === STATE.rollout).length).toBeGreaterThan(10);
  });

  it("runs every catalog Task from at least one Task state of the deployment's or the flag release's machine", () => {
    const used = new Set([...taskStates(arns), ...taskStates(arns, buildFlagReleaseDefinition(arns))].map(({ task }) => task));
    expect([...used].sort()).toEqual((Object.keys(TASK_FUNCTIONS) as TaskId[]).sort());
  });

  it.each(tasks.map(({ name, state, inMap }) => [name, state, inMap] as const))("Task %s retries Lambda errors first, then transient ones", (_name, state) => {
    expect(state.Retry?.[0]).toEqual(LAMBDA_RETRIER);
    expect(state.Retry?.[1]?.ErrorEquals).toEqual(expect.arrayContaining([...TRANSIENT_ERROR_NAMES]));
    expect(state.Retry?.[1]?.JitterStrategy).toBe("FULL");
    // States.ALL must be alone and last.
    state.Retry?.forEach((retrier, i) => {
      if (retrier.ErrorEquals.includes("States.ALL")) {
        expect(retrier.ErrorEquals).toEqual(["States.ALL"]);
        expect(i).toBe((state.Retry?.length ?? 0) - 1);
      }
    });
  });

  it.each(tasks.map(({ name, state, inMap }) => [name, state, inMap] as const))("Task %s reaches Roll back through its own Catch or its Map's", (name, state, inMap) => {
    const catcher = (inMap ? states.find((s) => s.name === inMap)?.state : state)?.Catch?.at(-1);
    const expected = ROLLBACK_PATH.has(name) ? STATE.rollbackFailed : STATE.rollBack;
    expect(catcher).toMatchObject({ ErrorEquals: ["States.ALL"], Next: expected });
    // Inside the Map the only Catch is a bake's timeout, which goes to its judge (inside the Map too).
    if (inMap && state.Catch) expect(state.Catch).toEqual([{ ErrorEquals: ["States.Timeout"], Next: STATE.judgeBake, ResultPath: "$.bakeTimedOut" }]);
  });

  it.each(tasks.map(({ name, state }) => [name, state] as const))("Task %s times out above its Lambda's own timeout", (name, state) => {
    const binding = taskStates(arns).find((task) => task.state === name)!;
    const expected = CALLBACK_TIMEOUTS[name];
    if (binding.callback) expect(typeof expected === "number" ? state.TimeoutSeconds : state.TimeoutSecondsPath).toBe(expected);
    else expect(state.TimeoutSeconds as number).toBeGreaterThan(TASK_FUNCTIONS[binding.task].timeoutSeconds);
  });

  it("waits for the image, a bake, the final bake and an approval with one task-token Task each, never a polling loop", () => {
    const callbacks = taskStates(arns).filter((task) => task.callback).map((task) => task.state).sort();
    expect(callbacks).toEqual(Object.keys(CALLBACK_TIMEOUTS).sort());
    for (const name of callbacks) expect(states.find((s) => s.name === name)!.state.Resource).toBe("arn:aws:states:::lambda:invoke.waitForTaskToken");
    // No Wait state waits on the analysis interval any more: a bake's length is not a number of polls.
    expect(JSON.stringify(definition)).not.toContain("analysis.interval");
    // The bake's timeout is its end: caught and judged, not rolled back.
    const finalBake = states.find((s) => s.name === STATE.finalBake)!.state;
    expect(finalBake.Catch?.[0]).toEqual({ ErrorEquals: ["States.Timeout"], Next: STATE.judgeFinalBake, ResultPath: "$.finalBakeTimedOut" });
    // The image wait's timeout is its fallback: Check image looks, and the Choice sends a pending image back to wait.
    const imageWait = states.find((s) => s.name === STATE.waitForImage)!.state;
    expect(imageWait.Catch?.[0]).toEqual({ ErrorEquals: ["States.Timeout"], Next: STATE.checkImage, ResultPath: "$.imageWait" });
    expect(imageWait.Next).toBe(STATE.checkImage);
    const imageReady = states.find((s) => s.name === STATE.isImageReady)!.state;
    expect(imageReady.Default).toBe(STATE.waitForImage);
    expect(states.some((s) => s.state.Type === "Wait" && JSON.stringify(s.state).includes("image"))).toBe(false);
  });

  it("ends a push that did not get the lease cleanly, instead of retrying for hours", () => {
    const acquire = states.find(({ name }) => name === STATE.acquireLease)!.state;
    expect(acquire.Retry?.some((retrier) => retrier.ErrorEquals.includes("LeaseHeldError"))).toBe(false);
    expect(acquire.Next).toBe(STATE.didPushGetLease);
    const choice = states.find(({ name }) => name === STATE.didPushGetLease)!.state;
    expect((choice.Choices as Array<{ StringEquals: string; Next: string }>).map((rule) => [rule.StringEquals, rule.Next])).toEqual([["queued", STATE.pushQueued], ["deploy", STATE.isImageGiven]]);
    expect(choice.Default).toBe(STATE.pushNotDeployed);
    // An operator's redeploy carries its image: checked instead of baked.
    const imageGiven = states.find(({ name }) => name === STATE.isImageGiven)!.state;
    expect(imageGiven.Choices).toEqual([{ Variable: "$.image.imageId", IsPresent: true, Next: STATE.checkImage }]);
    expect(imageGiven.Default).toBe(STATE.bakeImage);
    for (const end of [STATE.pushQueued, STATE.pushNotDeployed]) expect(states.find(({ name }) => name === end)!.state.Type).toBe("Succeed");
  });

  it("waits with Seconds or SecondsPath only", () => {
    const waits = waitStates(definition);
    expect(waits.length).toBeGreaterThanOrEqual(7);
    for (const wait of waits) expect((wait.seconds !== undefined) !== (wait.secondsPath !== undefined)).toBe(true);
  });

  it("fails with the caught error's name and cause", () => {
    expect(definition.States[STATE.failed]).toEqual({ Type: "Fail", ErrorPath: "$.error.Error", CausePath: "$.error.Cause" });
  });

  it("leaves the Rollout for one shift to 100% on a --full promote, and rolls back on anything else", () => {
    const rollout = definition.States[STATE.rollout]!;
    expect(rollout.Catch?.map((catcher) => [catcher.ErrorEquals, catcher.Next])).toEqual([
      [["SkipToFullError"], STATE.isNewFleetSmall],
      [["States.ALL"], STATE.rollBack],
    ]);
    // A canary fleet smaller than the live one is scaled to full size and polled until InService before that shift.
    expect(definition.States[STATE.isNewFleetSmall]).toMatchObject({
      Choices: [{ Variable: "$.slots.plan.canaryScale", IsPresent: true, Next: STATE.scaleFleetToFull }],
      Default: STATE.skipToFull,
    });
    expect(definition.States[STATE.scaleFleetToFull]).toMatchObject({ Parameters: { step: { kind: "scaleFleet", percent: 100 } }, Next: STATE.checkFullFleet });
    expect(definition.States[STATE.isFullFleetReady]).toMatchObject({ Choices: [{ Variable: "$.fullFleet.ready", BooleanEquals: true, Next: STATE.skipToFull }], Default: STATE.waitForFullFleet });
    expect(definition.States[STATE.skipToFull]).toMatchObject({ Parameters: { step: { kind: "setWeight", percent: 100 } }, Next: STATE.waitForFullShiftSync });
    expect(definition.States[STATE.waitForFullShiftConvergence]).toMatchObject({ Type: "Wait", Next: STATE.isThereAFinalBake });
  });

  it("walks the plan one step at a time", () => {
    expect(definition.States[STATE.rollout]).toMatchObject({ Type: "Map", MaxConcurrency: 1, ItemsPath: "$.slots.plan.steps" });
  });

  it("uses no JSONata and no variables", () => {
    const text = JSON.stringify(definition);
    expect(text).not.toContain("JSONata");
    expect(text).not.toContain('"Assign"');
  });
});
