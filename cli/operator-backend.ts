// What the operator commands (apps, status, history, abort, rollback, deploy, approve) talk to: the same
// ports the Lambdas use. On AWS they are built from real SDK clients and the stage's environment variables;
// a test or a sandbox passes its own (test/fixtures/sandbox-backend.ts). Only client construction differs.
import { makeAwsClients } from "../functions/adapters/aws-clients.ts";
import { makeAdapters, type Adapters } from "../functions/adapters/index.ts";
import { systemClock, type Clock } from "../functions/adapters/ports.ts";
import { executionArnFor } from "../functions/adapters/sfn.ts";
import { InputError } from "./config-file.ts";

export interface OperatorBackend {
  adapters: Pick<Adapters, "configStore" | "ledger" | "lease" | "dns" | "alarms" | "images" | "executions" | "events">;
  clock: Clock;
  /** The ARN the Step Functions console opens an execution by, from its name. */
  executionArn(name: string): string;
  /** Waits between two redraws of `status --watch` (virtual time in a sandbox). */
  sleep(ms: number): Promise<void>;
}

/** `approve` answers a task token, which needs no state machine; every other command starts, stops or links executions. */
export interface BackendNeeds {
  stateMachine: "required" | "optional";
}

const TABLE = "GLIDEPATH_TABLE";
const STATE_MACHINE = "GLIDEPATH_STATE_MACHINE_ARN";

/**
 * The backend on AWS: GLIDEPATH_TABLE (the stage's table, `glidepath-<stage>`) and GLIDEPATH_STATE_MACHINE_ARN
 * (the stage's state machine) name the stage; GLIDEPATH_CONFIG_PREFIX its SSM path when not `/glidepath`.
 * Credentials and region come from the usual AWS variables or profile.
 */
export function awsOperatorBackend(env: NodeJS.ProcessEnv, { stateMachine }: BackendNeeds = { stateMachine: "required" }): OperatorBackend {
  const table = env[TABLE]?.trim();
  if (!table) throw new InputError(`environment variable ${TABLE} is not set: the stage's DynamoDB table, glidepath-<stage> (e.g. ${TABLE}=glidepath-prod)`);
  const stateMachineArn = env[STATE_MACHINE]?.trim();
  if (!stateMachineArn && stateMachine === "required")
    throw new InputError(`environment variable ${STATE_MACHINE} is not set: the stage's state machine (arn:aws:states:<region>:<account>:stateMachine:glidepath-<stage>)`);
  if (stateMachineArn && !/^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[\w-]+$/.test(stateMachineArn))
    throw new InputError(`${STATE_MACHINE} is not a state machine ARN: ${stateMachineArn} (expected arn:aws:states:<region>:<account>:stateMachine:<name>)`);
  const adapters = makeAdapters(makeAwsClients(), {
    tableName: table,
    ...(stateMachineArn ? { stateMachineArn } : {}),
    ...(env["GLIDEPATH_CONFIG_PREFIX"] ? { configPrefix: env["GLIDEPATH_CONFIG_PREFIX"] } : {}),
    // A rollback's lifecycle event goes to the stage's bus, named like its table (stacks/names.ts).
    eventBusName: env["GLIDEPATH_EVENT_BUS"]?.trim() || table,
  });
  return {
    adapters,
    clock: systemClock,
    executionArn: (name) => (stateMachineArn ? executionArnFor(stateMachineArn, name) : name),
    sleep: (ms) => new Promise((resume) => setTimeout(resume, ms)),
  };
}
