// What the operator commands (apps, status, history, abort, rollback, deploy, approve) talk to: the same
// ports the Lambdas use. On AWS they are built from real SDK clients and the stage's environment variables;
// a test or a sandbox passes its own (test/fixtures/sandbox-backend.ts). Only client construction differs.
import { makeAwsClients, type AwsClients, type ClientOptions } from "../functions/adapters/aws-clients.ts";
import { makeAdapters, type Adapters } from "../functions/adapters/index.ts";
import { systemClock, type Clock, type ConfigVersions } from "../functions/adapters/ports.ts";
import { executionArnFor, makeSfnExecutions } from "../functions/adapters/sfn.ts";
import type { Executions } from "../functions/adapters/ports.ts";
import { makeSsmConfigVersions } from "../functions/adapters/ssm-config-versions.ts";
import { makeSsmFlagStore, type FlagStore } from "../functions/flags/flag-store.ts";
import { SANDBOX_ENDPOINT_PORT, SANDBOX_STATE_MACHINE_ARN, SANDBOX_TABLE } from "../local/sandbox/sandbox-names.ts";
import { InputError } from "./config-file.ts";

export interface OperatorBackend {
  adapters: Pick<Adapters, "configStore" | "ledger" | "lease" | "traffic" | "alarms" | "images" | "executions" | "events" | "fleets">;
  /** Every kept version of a config, and writing the next (`glidepath config`). */
  configVersions: ConfigVersions;
  /** The app/env's flag document, version by version (`glidepath flag`). */
  flags: FlagStore;
  /** Starts flag releases (`glidepath flag rollout`) and stops one (`flag kill`): the flag release state machine's executions. */
  flagReleases: Pick<Executions, "start" | "stop">;
  clock: Clock;
  /** The ARN the Step Functions console opens an execution by, from its name. */
  executionArn(name: string, strategy?: string): string;
  /** Waits between two redraws of `status --watch` (virtual time in a sandbox). */
  sleep(ms: number): Promise<void>;
}

/** `approve` answers a task token, which needs no state machine; every other command starts, stops or links executions. */
export interface BackendNeeds {
  stateMachine: "required" | "optional";
}

const TABLE = "GLIDEPATH_TABLE";
const STATE_MACHINE = "GLIDEPATH_STATE_MACHINE_ARN";
const ENDPOINT = "GLIDEPATH_ENDPOINT";

/**
 * The backend on AWS: GLIDEPATH_TABLE (the stage's table, `glidepath-<stage>`) and GLIDEPATH_STATE_MACHINE_ARN
 * (the stage's state machine) name the stage; GLIDEPATH_CONFIG_PREFIX its SSM path when not `/glidepath`.
 * Credentials and region come from the usual AWS variables or profile.
 */
export function awsOperatorBackend(env: NodeJS.ProcessEnv, { stateMachine }: BackendNeeds = { stateMachine: "required" }): OperatorBackend {
  const local = localEndpoint(env);
  if (local) env = { [TABLE]: SANDBOX_TABLE, [STATE_MACHINE]: SANDBOX_STATE_MACHINE_ARN, ...env };
  const table = env[TABLE]?.trim();
  if (!table) throw new InputError(`environment variable ${TABLE} is not set: the stage's DynamoDB table, glidepath-<stage> (e.g. ${TABLE}=glidepath-prod)`);
  const stateMachineArn = env[STATE_MACHINE]?.trim();
  if (!stateMachineArn && stateMachine === "required")
    throw new InputError(`environment variable ${STATE_MACHINE} is not set: the stage's state machine (arn:aws:states:<region>:<account>:stateMachine:glidepath-<stage>)`);
  if (stateMachineArn && !/^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[\w-]+$/.test(stateMachineArn))
    throw new InputError(`${STATE_MACHINE} is not a state machine ARN: ${stateMachineArn} (expected arn:aws:states:<region>:<account>:stateMachine:<name>)`);
  const clients = makeAwsClients(local ? localClientOptions(local) : {});
  if (local) reportNothingListening(clients, local);
  const configPrefix = env["GLIDEPATH_CONFIG_PREFIX"];
  const adapters = makeAdapters(clients, {
    tableName: table,
    ...(stateMachineArn ? { stateMachineArn } : {}),
    ...(configPrefix ? { configPrefix } : {}),
    // A rollback's lifecycle event goes to the stage's bus, named like its table (stacks/names.ts).
    eventBusName: env["GLIDEPATH_EVENT_BUS"]?.trim() || table,
  });
  return {
    adapters,
    configVersions: makeSsmConfigVersions(clients.ssm, configPrefix),
    flags: makeSsmFlagStore(clients.ssm, configPrefix),
    flagReleases: makeSfnExecutions(clients.sfn, flagReleaseStateMachineArn(env, stateMachineArn)),
    clock: systemClock,
    executionArn: (name, strategy) => {
      // A flag release (its record's strategy `flagRelease <flag>`) runs on the flag release state machine.
      const machine = strategy?.startsWith("flagRelease ") ? flagReleaseStateMachineArn(env, stateMachineArn) : stateMachineArn;
      return machine ? executionArnFor(machine, name) : name;
    },
    sleep: (ms) => new Promise((resume) => setTimeout(resume, ms)),
  };
}

/**
 * The flag release state machine: GLIDEPATH_FLAG_RELEASE_STATE_MACHINE_ARN, else the stage's, named as the
 * stacks name it (`glidepath-<stage>-flags`, next to the deployment's `glidepath-<stage>`).
 */
function flagReleaseStateMachineArn(env: NodeJS.ProcessEnv, stateMachineArn: string | undefined): string | undefined {
  return env["GLIDEPATH_FLAG_RELEASE_STATE_MACHINE_ARN"]?.trim() || (stateMachineArn ? `${stateMachineArn}-flags` : undefined);
}

/**
 * GLIDEPATH_ENDPOINT: a sandbox served by `glidepath local up`, which every client then talks to (its AWS-compatible
 * endpoint on loopback). Only client construction differs: the table and state machine default to the
 * sandbox's, and the credentials are placeholders, since the sandbox checks no signature.
 */
function localEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const endpoint = env[ENDPOINT]?.trim();
  if (!endpoint) return undefined;
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\/?$/.test(endpoint))
    throw new InputError(`${ENDPOINT} must be a loopback address such as http://127.0.0.1:${SANDBOX_ENDPOINT_PORT} (what \`glidepath local up\` prints), got ${endpoint}`);
  return endpoint;
}

function localClientOptions(endpoint: string): ClientOptions {
  const services: Array<keyof AwsClients> = ["route53", "elbv2", "cloudwatch", "ssm", "ec2", "imagebuilder", "autoscaling", "codedeploy", "dynamodb", "sfn"];
  return {
    region: "us-east-1",
    credentials: { accessKeyId: "AKIASANDBOX", secretAccessKey: "sandbox" },
    endpoints: Object.fromEntries(services.map((service) => [service, endpoint])),
  };
}

/**
 * With no `glidepath local up` running, a connection to the endpoint is refused, and the SDK would retry that
 * as a transient network error (~6 s) and then print a bare ECONNREFUSED. Below the retry middleware, the
 * first refusal becomes an InputError (exit 2) that says what to start; it carries no error code, so the
 * SDK's retry strategy does not retry it.
 */
function reportNothingListening(clients: AwsClients, endpoint: string): void {
  for (const client of Object.values(clients) as Array<{ middlewareStack: AwsClients["sfn"]["middlewareStack"] }>) {
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if (!connectionRefused(error)) throw error;
          throw new InputError(`nothing answers at ${endpoint}: is \`glidepath local up\` running?`);
        }
      },
      { step: "deserialize", priority: "low", name: "glidepathNothingListening" },
    );
  }
}

/** Node reports a refused connection as ECONNREFUSED, or an AggregateError of them when it tried several addresses. */
function connectionRefused(error: unknown): boolean {
  const { code, errors } = (error ?? {}) as { code?: unknown; errors?: unknown };
  return code === "ECONNREFUSED" || (Array.isArray(errors) && errors.length > 0 && errors.every(connectionRefused));
}
