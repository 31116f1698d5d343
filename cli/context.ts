// The operator backend of the current CLI run: the one the run was given (a test's sandbox), else AWS's,
// built from the run's environment the first time a command asks for it.
import { userInfo } from "node:os";
import { cliIo } from "./output.ts";
import { awsOperatorBackend, type BackendNeeds, type OperatorBackend } from "./operator-backend.ts";

/** The backend the operator commands use in this run. Throws InputError naming a missing variable. */
export function operatorBackend(needs?: BackendNeeds): OperatorBackend {
  const io = cliIo();
  return io.backend ?? awsOperatorBackend(io.env, needs);
}

/** Who is at the keyboard, as ledger records and stop causes name them: GLIDEPATH_OPERATOR, else the user name. */
export function operatorName(): string {
  const named = cliIo().env["GLIDEPATH_OPERATOR"]?.trim();
  if (named) return named;
  try {
    return userInfo().username;
  } catch {
    return "an operator";
  }
}

/** The ports and helpers functions/operator/views.ts reads through. */
export function viewPorts(backend: OperatorBackend) {
  return { ...backend.adapters, executionArn: (name: string, strategy?: string) => backend.executionArn(name, strategy), now: () => backend.clock.now() };
}
