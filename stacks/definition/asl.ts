// Minimal Amazon States Language types for the JSONPath definition Glidepath builds.
type StateType = "Task" | "Pass" | "Choice" | "Wait" | "Map" | "Succeed" | "Fail" | "Parallel";

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: "FULL" | "NONE";
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

export interface AslState {
  Type: StateType;
  Comment?: string;
  Next?: string;
  End?: boolean;
  Retry?: Retrier[];
  Catch?: Catcher[];
  [field: string]: unknown;
}

export type States = Record<string, AslState>;

export interface StateMachineDefinition {
  Comment?: string;
  StartAt: string;
  States: States;
  TimeoutSeconds?: number;
}

/** The Map's item processor, as ASL nests it. */
export interface ItemProcessor {
  ProcessorConfig: { Mode: "INLINE" };
  StartAt: string;
  States: States;
}
