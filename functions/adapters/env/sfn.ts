// Executions from a Step Functions client. Its Lambda callers (start-deployment, webhook; acquire-lease,
// which stops a superseded execution) need our state machine's ARN, so GLIDEPATH_STATE_MACHINE_ARN is
// required here: a missing one is named on the first invocation rather than after the configs are read.
import { SFNClient } from "@aws-sdk/client-sfn";
import type { Executions } from "../ports.ts";
import { makeSfnExecutions } from "../sfn.ts";
import { requireEnv } from "./vars.ts";

export function fromSfn(env: NodeJS.ProcessEnv = process.env): { executions: Executions } {
  const stateMachineArn = requireEnv(env, "GLIDEPATH_STATE_MACHINE_ARN");
  return { executions: makeSfnExecutions(new SFNClient({}), stateMachineArn) };
}
