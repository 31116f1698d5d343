// The flag release definition as data: valid ASL, built from the catalog's Tasks with the same Retry policy, and
// every failure after the lease is taken leading to "Revert the flag", then to releasing the lease.
import validator from "asl-validator";
import { describe, expect, it } from "vitest";
import { TRANSIENT_ERROR_NAMES } from "../../functions/errors.ts";
import { allStates, exampleArns, taskStates } from "../../stacks/definition.ts";
import { buildFlagReleaseDefinition, FLAG_STATE } from "../../stacks/definition/flag-release.ts";
import { LAMBDA_RETRIER } from "../../stacks/definition/retry.ts";

const arns = exampleArns();
const definition = buildFlagReleaseDefinition(arns);
const states = allStates(definition);

describe("the flag release definition", () => {
  it("is valid ASL for asl-validator", () => {
    const result = validator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it("names every state uniquely, and none as the deployment's", () => {
    const names = states.map(({ name }) => name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(Object.values(FLAG_STATE).sort());
  });

  it.each(states.filter(({ state }) => state.Type === "Task").map(({ name, state }) => [name, state] as const))("Task %s retries Lambda errors first, then transient ones", (_name, state) => {
    expect(state.Retry?.[0]).toEqual(LAMBDA_RETRIER);
    expect(state.Retry?.[1]?.ErrorEquals).toEqual(expect.arrayContaining([...TRANSIENT_ERROR_NAMES]));
  });

  it("reuses the deployment's bake, judge and lease release, and runs its own Tasks for the flag", () => {
    const bound = Object.fromEntries(taskStates(arns, definition).map(({ state, task, callback }) => [state, callback ? `${task} (callback)` : task]));
    expect(bound).toEqual({
      [FLAG_STATE.start]: "startFlagRelease",
      [FLAG_STATE.setFlag]: "setFlagPercentage",
      [FLAG_STATE.bake]: "startBake (callback)",
      [FLAG_STATE.judge]: "judgeBake",
      [FLAG_STATE.finish]: "finishFlagRelease",
      [FLAG_STATE.releaseLease]: "releaseLease",
      [FLAG_STATE.revert]: "revertFlag",
      [FLAG_STATE.releaseAfterRevert]: "releaseLease",
    });
  });

  it("catches every failure of the steps and of finishing into the revert, which then releases the lease", () => {
    const byName = Object.fromEntries(states.map(({ name, state }) => [name, state]));
    expect(byName[FLAG_STATE.steps]?.Catch).toEqual([{ ErrorEquals: ["States.ALL"], Next: FLAG_STATE.revert, ResultPath: "$.error" }]);
    expect(byName[FLAG_STATE.finish]?.Catch).toEqual([{ ErrorEquals: ["States.ALL"], Next: FLAG_STATE.revert, ResultPath: "$.error" }]);
    expect(byName[FLAG_STATE.revert]?.Next).toBe(FLAG_STATE.releaseAfterRevert);
    expect(byName[FLAG_STATE.releaseAfterRevert]?.Next).toBe(FLAG_STATE.reverted);
    // Refused before the lease is taken: nothing to revert or release.
    expect(byName[FLAG_STATE.start]?.Catch).toEqual([{ ErrorEquals: ["States.ALL"], Next: FLAG_STATE.notStarted, ResultPath: "$.error" }]);
  });
});
