// Step Functions over the loopback endpoint: the sandbox runs executions itself (local/sandbox/local-executions.ts),
// so the four operations the operator commands send are answered by its Executions port, with AWS's outputs
// and modeled errors (ExecutionAlreadyExists, ExecutionDoesNotExist, TaskDoesNotExist…).
import * as sfn from "@aws-sdk/client-sfn";
import type { Executions } from "../../../functions/adapters/ports.ts";

type Input = Record<string, string | undefined>;

/** The SDK's modeled exception for `name`, as the SFN client would have parsed it from AWS's answer. */
function sfnError(name: string, message: string): Error {
  const Modeled = (sfn as unknown as Record<string, unknown>)[name];
  const $metadata = { httpStatusCode: 400 };
  if (typeof Modeled === "function" && Modeled.prototype instanceof sfn.SFNServiceException) return new (Modeled as new (o: object) => Error)({ message, $metadata });
  return new sfn.SFNServiceException({ name, message, $fault: "client", $metadata });
}

export async function answerSfn(executions: Executions, operation: string, input: Input, now: () => Date): Promise<Record<string, unknown>> {
  try {
    switch (operation) {
      case "StartExecution": {
        const started = await executions.start({ name: input["name"] ?? "", input: JSON.parse(input["input"] ?? "{}") });
        if (started.status === "exists") throw sfnError("ExecutionAlreadyExists", `Execution Already Exists: '${started.executionArn}'`);
        return { executionArn: started.executionArn, startDate: now() };
      }
      case "StopExecution": {
        const stopped = await executions.stop(input["executionArn"] ?? "", input["cause"] ?? "");
        if (stopped.status === "not_found") throw sfnError("ExecutionDoesNotExist", `Execution Does Not Exist: '${input["executionArn"]}'`);
        return { stopDate: now() };
      }
      case "SendTaskSuccess":
        await executions.sendTaskSuccess(input["taskToken"] ?? "", JSON.parse(input["output"] ?? "{}"));
        return {};
      case "SendTaskFailure":
        await executions.sendTaskFailure(input["taskToken"] ?? "", input["error"] ?? "", input["cause"] ?? "");
        return {};
      default:
        throw sfnError("UnsupportedOperation", `the sandbox's Step Functions does not support ${operation}`);
    }
  } catch (error) {
    // The local runner names its refusals as AWS does (TaskDoesNotExist…) without the SDK's shape.
    if (error instanceof Error && !("$fault" in error)) throw sfnError(error.name, error.message);
    throw error;
  }
}
