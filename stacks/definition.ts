// The Glidepath state machine as data: a pure JSONPath ASL builder (imports nothing from SST), so tests
// validate and execute it and stacks/pipeline.ts deploys it. See design.md's diagram.
import { TASK_FUNCTIONS, type TaskArns, type TaskId } from "../functions/catalog.ts";
import type { AslState, ItemProcessor, StateMachineDefinition, States } from "./definition/asl.ts";
import { finishStates } from "./definition/finish.ts";
import { STATE } from "./definition/names.ts";
import { rollbackStates } from "./definition/rollback.ts";
import { rolloutState } from "./definition/rollout.ts";
import { setupStates } from "./definition/setup.ts";
import { skipToFullStates } from "./definition/skip-to-full.ts";
import { cutOverStates, temporaryGroupSetupStates } from "./definition/temporary-group.ts";

export type { AslState, StateMachineDefinition } from "./definition/asl.ts";
export { STATE } from "./definition/names.ts";

/**
 * Builds the definition for the given Lambda ARNs.
 * Example: `buildDefinition(arns).StartAt` → `"Load config"`.
 */
export function buildDefinition(arns: TaskArns): StateMachineDefinition {
  return {
    Comment: "Glidepath: bake, prepare, smoke-test, shift weighted traffic step by step under alarms, promote or roll back",
    StartAt: STATE.loadConfig,
    States: {
      ...setupStates(arns),
      ...temporaryGroupSetupStates(arns, STATE.rollout),
      [STATE.rollout]: rolloutState(arns, STATE.isThereAFinalBake),
      ...skipToFullStates(arns, STATE.isThereAFinalBake),
      ...finishStates(arns),
      ...cutOverStates(arns, STATE.promote),
      ...rollbackStates(arns),
    },
  };
}

/** Every state of a definition, with the Map's item processor flattened in (names are unique machine-wide). */
export function allStates(definition: StateMachineDefinition): Array<{ name: string; state: AslState; inMap: string | null }> {
  const walk = (states: States, inMap: string | null): Array<{ name: string; state: AslState; inMap: string | null }> =>
    Object.entries(states).flatMap(([name, state]) => {
      const processor = state.ItemProcessor as ItemProcessor | undefined;
      return [{ name, state, inMap }, ...(processor ? walk(processor.States, name) : [])];
    });
  return walk(definition.States, null);
}

export interface TaskStateBinding {
  state: string;
  task: TaskId;
  /** A `.waitForTaskToken` Task: its result is what SendTaskSuccess sent (approve, promote), not the function's output. */
  callback: boolean;
}

/**
 * Each Task state's name and the Task it runs, so a local runner can bind handlers by state name: of the
 * deployment's definition, or of another built from the same ARNs (the flag release's).
 */
export function taskStates(arns: TaskArns, definition: StateMachineDefinition = buildDefinition(arns)): TaskStateBinding[] {
  const byArn = new Map(Object.entries(arns).map(([task, arn]) => [arn, task as TaskId]));
  return allStates(definition).flatMap(({ name, state }) => {
    if (state.Type !== "Task") return [];
    const callback = String(state.Resource).endsWith(".waitForTaskToken");
    const arn = callback ? (state.Parameters as { FunctionName: string }).FunctionName : String(state.Resource);
    const task = byArn.get(arn);
    if (!task) throw new Error(`Task state "${name}" runs ${arn}, which is not in the catalog`);
    return [{ state: name, task, callback }];
  });
}

export interface WaitStateInfo {
  state: string;
  seconds?: number;
  /** JSONPath into the Wait's input (e.g. `$.deployment.config.analysis.interval`). */
  secondsPath?: string;
}

/** Every Wait state and where its duration comes from, so a runner can advance a virtual clock. */
export function waitStates(definition: StateMachineDefinition): WaitStateInfo[] {
  return allStates(definition).flatMap(({ name, state }) => {
    if (state.Type !== "Wait") return [];
    return [{
      state: name,
      ...(typeof state.Seconds === "number" ? { seconds: state.Seconds } : {}),
      ...(typeof state.SecondsPath === "string" ? { secondsPath: state.SecondsPath } : {}),
    }];
  });
}

/** ARNs of the deployed functions (for tests and the sandbox: any account/region shape is fine). */
export function exampleArns(prefix = "arn:aws:lambda:us-east-1:123456789012:function:glidepath-"): TaskArns {
  return Object.fromEntries(Object.keys(TASK_FUNCTIONS).map((task) => [task, `${prefix}${task}`])) as TaskArns;
}
