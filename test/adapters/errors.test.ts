import { describe, expect, it } from "vitest";
import { callAws, mapAwsError } from "../../functions/adapters/errors.ts";
import { AwsServerError, InvalidChangeBatchError, PriorChangePendingError, ThrottledError } from "../../functions/errors.ts";
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
    expect((mapped as Error).message).toBe(`Route 53 GetChange: ${name} (HTTP 400): Rate exceeded`);
    expect((mapped as Error).cause).toMatchObject({ name });
  });

  it("maps Route 53's InvalidInput on a change batch (a weight outside 0–255) to InvalidChangeBatchError, and leaves it alone elsewhere", () => {
    const invalid = () => awsError("InvalidInput", "1 validation error detected");
    expect(mapAwsError(invalid(), "Route 53 ChangeResourceRecordSets")).toBeInstanceOf(InvalidChangeBatchError);
    expect(mapAwsError(invalid(), "Route 53 ListResourceRecordSets")).toMatchObject({ name: "InvalidInput" });
  });

  it.each([
    ["ServiceUnavailable", 503],
    ["InternalFailure", 500],
    ["InternalServerError", 500],
    ["SomethingNew", 502],
  ])("maps a %s (HTTP %i) to a retried AwsServerError naming the call, the error and its status", (name, status) => {
    const error = awsError(name, "Try again later", { $fault: "server", $metadata: { httpStatusCode: status, attempts: 3 } });
    const mapped = mapAwsError(error, "Route 53 ChangeResourceRecordSets");
    expect(mapped).toBeInstanceOf(AwsServerError);
    expect((mapped as Error).name).toBe("AwsServerError");
    expect((mapped as Error).message).toBe(`Route 53 ChangeResourceRecordSets: ${name} (HTTP ${status}, 3 SDK attempts): Try again later`);
  });

  it("maps a server fault known by name even without a status", () => {
    const error = Object.assign(new Error("boom"), { name: "InternalFailure" });
    expect(mapAwsError(error, "SSM GetParameter x")).toBeInstanceOf(AwsServerError);
  });

  it.each(["ValidationException", "AccessDeniedException", "ParameterNotFound"])("leaves %s unchanged", (name) => {
    const original = awsError(name);
    expect(mapAwsError(original, "call")).toBe(original);
  });

  it("keeps each of InvalidChangeBatch's messages", () => {
    const error = awsError("InvalidChangeBatch", "", { messages: ["Weight 300 out of range", "TTL mismatch"] });
    expect((mapAwsError(error, "Route 53 ChangeResourceRecordSets") as Error).message).toBe(
      "Route 53 ChangeResourceRecordSets: InvalidChangeBatch (HTTP 400): Weight 300 out of range; TTL mismatch",
    );
  });

  it("rethrows mapped errors from callAws and passes results through", async () => {
    await expect(callAws("x", async () => 42)).resolves.toBe(42);
    await expect(callAws("x", async () => Promise.reject(awsError("Throttling")))).rejects.toBeInstanceOf(ThrottledError);
  });
});
