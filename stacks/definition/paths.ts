// JSONPaths into the execution state, checked against its types (functions/task-support/execution-state.ts):
// `at("setup", "config", "analysis", "interval")` is "$.setup.config.analysis.interval", and a path through a
// field that does not exist does not compile.
import type { ExecutionState, RolloutIteration } from "../../functions/task-support/execution-state.ts";

/** Keys of every member of a union (keyof alone gives only the shared ones: a plan step's kinds differ). */
type KeysOf<T> = T extends unknown ? keyof T & string : never;
type Field<T, K> = T extends unknown ? (K extends keyof T ? NonNullable<T[K]> : never) : never;

interface PathBuilder<S> {
  <A extends KeysOf<S>>(a: A): string;
  <A extends KeysOf<S>, B extends KeysOf<Field<S, A>>>(a: A, b: B): string;
  <A extends KeysOf<S>, B extends KeysOf<Field<S, A>>, C extends KeysOf<Field<Field<S, A>, B>>>(a: A, b: B, c: C): string;
  <A extends KeysOf<S>, B extends KeysOf<Field<S, A>>, C extends KeysOf<Field<Field<S, A>, B>>, D extends KeysOf<Field<Field<Field<S, A>, B>, C>>>(
    a: A,
    b: B,
    c: C,
    d: D,
  ): string;
}

const pathOf = (...keys: string[]): string => ["$", ...keys].join(".");

/** A path into the execution's state (outside the Rollout Map). */
export const at: PathBuilder<ExecutionState> = pathOf;

/** A path into one Rollout Map iteration's state. */
export const inStep: PathBuilder<RolloutIteration> = pathOf;
