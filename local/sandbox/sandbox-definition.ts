// The state machine every sandbox runs, built and validated once per process: validation (asl-validator's
// JSON schemas) costs more than a whole simulated deployment, and the definition is the same for every
// sandbox. One StateMachine runs any number of executions, concurrent ones included.
import type { StateMachine } from "aws-local-stepfunctions";
import type { TaskArns } from "../../functions/catalog.ts";
import { buildDefinition, exampleArns, type StateMachineDefinition } from "../../stacks/definition.ts";
import { buildFlagReleaseDefinition } from "../../stacks/definition/flag-release.ts";
import { localStateMachine } from "../execute-definition.ts";

export interface SandboxDefinition {
  arns: TaskArns;
  definition: StateMachineDefinition;
  stateMachine: StateMachine;
}

const arns = exampleArns("arn:aws:lambda:us-east-1:000000000000:function:glidepath-");
let built: SandboxDefinition | undefined;
let builtFlagRelease: SandboxDefinition | undefined;

export function sandboxDefinition(): SandboxDefinition {
  if (!built) {
    const definition = buildDefinition(arns);
    built = { arns, definition, stateMachine: localStateMachine(definition) };
  }
  return built;
}

/** The flag release state machine (stacks/definition/flag-release.ts), built on first use. */
export function sandboxFlagReleaseDefinition(): SandboxDefinition {
  if (!builtFlagRelease) {
    const definition = buildFlagReleaseDefinition(arns);
    builtFlagRelease = { arns, definition, stateMachine: localStateMachine(definition) };
  }
  return builtFlagRelease;
}
