import { describe, expect, it } from "vitest";
import { callAws, mapAwsError } from "../../functions/adapters/errors.ts";
import { InvalidChangeBatchError, PriorChangePendingError, ThrottledError } from "../../functions/errors.ts";
import { awsError } from "./aws-error.ts";

describe("mapping AWS errors", () => {
  it.each([
    ["Throttling", ThrottledError],
    ["ThrottlingException", ThrottledError],
    ["TooManyRequestsException", ThrottledError],
    ["RequestLimitExceeded", ThrottledError],
    ["PriorRequestNotComplete", PriorChangePendingError],
    ["InvalidChangeBatch", InvalidChangeBatchError],
  ])("maps %s to %o", (name, expected) => {
    const mapped = mapAwsError(awsError(name, "Rate exceeded"), "Route 53 GetChange");
    expect(mapped).toBeInstanceOf(expected);
    expect((mapped as Error).message).toBe("Route 53 GetChange: Rate exceeded");
    expect((mapped as Error).cause).toMatchObject({ name });
  });

  it.each(["ValidationException", "AccessDeniedException", "ParameterNotFound"])("leaves %s unchanged", (name) => {
    const original = awsError(name);
    expect(mapAwsError(original, "call")).toBe(original);
  });

  it("keeps each of InvalidChangeBatch's messages", () => {
    const error = awsError("InvalidChangeBatch", "", { messages: ["Weight 300 out of range", "TTL mismatch"] });
    expect((mapAwsError(error, "Route 53 ChangeResourceRecordSets") as Error).message).toBe(
      "Route 53 ChangeResourceRecordSets: Weight 300 out of range; TTL mismatch",
    );
  });

  it("rethrows mapped errors from callAws and passes results through", async () => {
    await expect(callAws("x", async () => 42)).resolves.toBe(42);
    await expect(callAws("x", async () => Promise.reject(awsError("Throttling")))).rejects.toBeInstanceOf(ThrottledError);
  });
});
