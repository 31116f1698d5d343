import { DescribeExecutionCommand, SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { makeSfnExecutions } from "../../functions/adapters/sfn.ts";
import { ThrottledError } from "../../functions/errors.ts";
import { awsError } from "./aws-error.ts";

const sfn = mockClient(SFNClient);
const stateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:glidepath";
const executions = makeSfnExecutions(sfn as unknown as SFNClient, stateMachineArn);

beforeEach(() => sfn.reset());

describe("Step Functions executions", () => {
  it("starts a named execution with the input as JSON", async () => {
    const executionArn = "arn:aws:states:us-east-1:123456789012:execution:glidepath:shop-prod-abc123";
    sfn.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date() });
    expect(await executions.start({ name: "shop-prod-abc123", input: { app: "shop", commit: "abc123" } })).toEqual({ status: "started", executionArn });
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn,
      name: "shop-prod-abc123",
      input: '{"app":"shop","commit":"abc123"}',
    });
  });

  it("reports a taken name as exists, with the execution's ARN", async () => {
    sfn.on(StartExecutionCommand).rejects(awsError("ExecutionAlreadyExists"));
    expect(await executions.start({ name: "shop-prod-abc123", input: {} })).toEqual({
      status: "exists",
      executionArn: "arn:aws:states:us-east-1:123456789012:execution:glidepath:shop-prod-abc123",
    });
  });

  it("maps ThrottlingException to ThrottledError", async () => {
    sfn.on(StartExecutionCommand).rejects(awsError("ThrottlingException"));
    await expect(executions.start({ name: "n", input: {} })).rejects.toBeInstanceOf(ThrottledError);
  });

  it("names the missing setting when no state machine ARN is configured", async () => {
    await expect(makeSfnExecutions(sfn as unknown as SFNClient).start({ name: "n", input: {} })).rejects.toThrow(/GLIDEPATH_STATE_MACHINE_ARN/);
  });

  it("ends a task-token wait with its output as JSON (SendTaskSuccess)", async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    await executions.sendTaskSuccess("token-1", { approved: true, reason: "looks good" });
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({ taskToken: "token-1", output: '{"approved":true,"reason":"looks good"}' });
    expect(sfn.commandCalls(SendTaskFailureCommand)).toHaveLength(0);
  });

  it("fails a task-token wait with the error name its Catch routes on (SendTaskFailure)", async () => {
    sfn.on(SendTaskFailureCommand).resolves({});
    await executions.sendTaskFailure("token-1", "ApprovalRejectedError", "error rate too high");
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({ taskToken: "token-1", error: "ApprovalRejectedError", cause: "error rate too high" });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it("cuts a cause to the 32,768 characters SendTaskFailure accepts", async () => {
    sfn.on(SendTaskFailureCommand).resolves({});
    await executions.sendTaskFailure("token-1", "AlarmTriggeredError", "x".repeat(40_000));
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input.cause).toHaveLength(32_768);
  });

  it("stops an execution by name, with the cause, on our state machine", async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    expect(await executions.stop("shop-prod-abc123", "Superseded by shop-prod-def456")).toEqual({ status: "stopped" });
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: "arn:aws:states:us-east-1:123456789012:execution:glidepath:shop-prod-abc123",
      cause: "Superseded by shop-prod-def456",
    });
  });

  it("reports an execution that does not exist as not_found", async () => {
    sfn.on(StopExecutionCommand).rejects(awsError("ExecutionDoesNotExist"));
    expect(await executions.stop("arn:aws:states:us-east-1:123456789012:execution:glidepath:gone", "x")).toEqual({ status: "not_found" });
  });

  it("describes an ended execution of our state machine by name: its status and when it stopped", async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: "ABORTED", stopDate: new Date("2024-05-01T12:00:00Z") });
    expect(await executions.describe("shop-prod-abc123")).toEqual({ status: "ABORTED", stoppedAt: Date.parse("2024-05-01T12:00:00Z") });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({ executionArn: "arn:aws:states:us-east-1:123456789012:execution:glidepath:shop-prod-abc123" });
  });

  it("describes a running execution without a stop time, and one Step Functions does not know as not_found", async () => {
    sfn.on(DescribeExecutionCommand, { executionArn: `${stateMachineArn.replace(":stateMachine:", ":execution:")}:running` }).resolves({ status: "RUNNING" });
    sfn.on(DescribeExecutionCommand, { executionArn: `${stateMachineArn.replace(":stateMachine:", ":execution:")}:gone` }).rejects(awsError("ExecutionDoesNotExist"));
    expect(await executions.describe("running")).toEqual({ status: "RUNNING" });
    expect(await executions.describe("gone")).toEqual({ status: "not_found" });
  });
});
