// Step Functions: start a deployment execution (deduplicated by name), stop one, ask how one stands, and end
// a task-token wait.
import { DescribeExecutionCommand, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand, StopExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { awsErrorName, callAws } from "./errors.ts";
import type { ExecutionStatus, Executions } from "./ports.ts";

/** `arn:aws:states:r:acct:stateMachine:glidepath` + `x` → `arn:aws:states:r:acct:execution:glidepath:x`. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

/** `stateMachineArn` may be absent for callers that only send decisions; start() and stop() by name then say what is missing. */
export function makeSfnExecutions(sfn: SFNClient, stateMachineArn?: string): Executions {
  return {
    async start({ name, input }) {
      if (!stateMachineArn) throw new Error("cannot start an execution: no state machine ARN configured (GLIDEPATH_STATE_MACHINE_ARN)");
      try {
        // Same name + same input while running returns the existing execution as a success: that is a
        // duplicate event too, but indistinguishable here, so it reads as started (idempotent either way).
        const response = await callAws(`Step Functions StartExecution ${name}`, () =>
          sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) })),
        );
        return { status: "started", executionArn: response.executionArn ?? executionArnFor(stateMachineArn, name) };
      } catch (error) {
        if (awsErrorName(error) === "ExecutionAlreadyExists") return { status: "exists", executionArn: executionArnFor(stateMachineArn, name) };
        throw error;
      }
    },

    async sendTaskSuccess(taskToken, output) {
      await callAws("Step Functions SendTaskSuccess", () => sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
    },

    async sendTaskFailure(taskToken, error, cause) {
      // AWS's limits: error ≤ 256 characters, cause ≤ 32,768.
      await callAws("Step Functions SendTaskFailure", () =>
        sfn.send(new SendTaskFailureCommand({ taskToken, error: error.slice(0, 256), cause: cause.slice(0, 32_768) })),
      );
    },

    async stop(execution, cause) {
      const executionArn = execution.startsWith("arn:") ? execution : stateMachineArn ? executionArnFor(stateMachineArn, execution) : undefined;
      if (!executionArn) throw new Error(`cannot stop execution ${execution}: no state machine ARN configured (GLIDEPATH_STATE_MACHINE_ARN)`);
      try {
        // Stopping an execution that has already ended changes nothing, so a retried stop is harmless.
        await callAws(`Step Functions StopExecution ${execution}`, () =>
          sfn.send(new StopExecutionCommand({ executionArn, cause: cause.slice(0, 32_768) })),
        );
        return { status: "stopped" };
      } catch (error) {
        if (awsErrorName(error) === "ExecutionDoesNotExist") return { status: "not_found" };
        throw error;
      }
    },

    async describe(execution) {
      const executionArn = execution.startsWith("arn:") ? execution : stateMachineArn ? executionArnFor(stateMachineArn, execution) : undefined;
      if (!executionArn) throw new Error(`cannot describe execution ${execution}: no state machine ARN configured (GLIDEPATH_STATE_MACHINE_ARN)`);
      try {
        const response = await callAws(`Step Functions DescribeExecution ${execution}`, () => sfn.send(new DescribeExecutionCommand({ executionArn })));
        const status = (response.status ?? "RUNNING") as ExecutionStatus;
        return response.stopDate ? { status, stoppedAt: response.stopDate.getTime() } : { status };
      } catch (error) {
        if (awsErrorName(error) === "ExecutionDoesNotExist") return { status: "not_found" };
        throw error;
      }
    },
  };
}
