// Step Functions' task tokens as the local executions honour them: a token is valid from the moment its Task
// starts, so a resolution sent while its Lambda still runs (the Lambda itself, an event it set off) ends the
// wait as soon as it begins; a token whose Task ended, or never began its wait, is refused.
import { describe, expect, it } from "vitest";
import { LocalExecutions } from "../../../local/sandbox/local-executions.ts";

const executions = () => new LocalExecutions<unknown>(() => ({ done: new Promise(() => {}), statusOf: () => "SUCCEEDED", abort: () => {} }));

describe("task tokens in the local executions", () => {
  it("keeps a resolution sent while the Task's Lambda runs for the wait that follows", async () => {
    const local = executions();
    local.issueToken("t1");
    await local.sendTaskSuccess("t1", { reason: "already built" });
    await expect(local.awaitToken("t1")).resolves.toEqual({ kind: "success", output: { reason: "already built" } });
  });

  it("takes one resolution per token: a second is refused as on AWS", async () => {
    const local = executions();
    local.issueToken("t1");
    await local.sendTaskSuccess("t1", {});
    await expect(local.sendTaskSuccess("t1", {})).rejects.toMatchObject({ name: "TaskDoesNotExist" });
  });

  it("refuses a token whose Lambda failed (the wait never began) and one never handed out", async () => {
    const local = executions();
    local.issueToken("t1");
    local.expire("t1");
    await expect(local.sendTaskSuccess("t1", {})).rejects.toMatchObject({ name: "TaskDoesNotExist" });
    await expect(local.sendTaskFailure("t9", "AlarmTriggeredError", "x")).rejects.toMatchObject({ name: "TaskDoesNotExist" });
  });

  it("resolves a wait already begun at once", async () => {
    const local = executions();
    local.issueToken("t1");
    const waiting = local.awaitToken("t1");
    await local.sendTaskFailure("t1", "AlarmTriggeredError", "alarm fired");
    await expect(waiting).resolves.toEqual({ kind: "failure", error: "AlarmTriggeredError", cause: "alarm fired" });
  });
});
