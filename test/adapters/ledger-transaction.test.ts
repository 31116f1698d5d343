// On AWS, setLive writes the live record and checks the lease's token in one transaction (dynalite, used by
// the other ledger tests, has no transactions). These tests check that request and its refusal.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { documentClient } from "../../functions/adapters/dynamodb-table.ts";
import { makeDynamoLedger } from "../../functions/adapters/ledger.ts";
import type { LiveRecord } from "../../functions/core/model.ts";
import { StaleLeaseError, ThrottledError } from "../../functions/errors.ts";
import { awsError } from "./aws-error.ts";

const documents = documentClient(new DynamoDBClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } }));
const dynamo = mockClient(documents);
const ledger = makeDynamoLedger(documents, "glidepath");
const live: LiveRecord = { app: "shop", env: "prod", liveSlot: "a", commit: "abc", imageId: "ami-1", updatedAt: "2026-01-01T00:00:00.000Z" };

beforeEach(() => dynamo.reset());

describe("setLive on DynamoDB", () => {
  it("checks the lease token and writes the live record in one transaction", async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await ledger.setLive(live, 4);
    expect(dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input).toEqual({
      TransactItems: [
        { ConditionCheck: { TableName: "glidepath", Key: { pk: "app#shop#prod", sk: "lease" }, ConditionExpression: "fencingToken = :token AND attribute_exists(#owner)", ExpressionAttributeNames: { "#owner": "owner" }, ExpressionAttributeValues: { ":token": 4 } } },
        {
          Put: {
            TableName: "glidepath",
            Item: { ...live, pk: "app#shop#prod", sk: "live", kind: "live", writtenWithToken: 4 },
            ConditionExpression: "attribute_not_exists(writtenWithToken) OR writtenWithToken <= :token",
            ExpressionAttributeValues: { ":token": 4 },
          },
        },
      ],
    });
  });

  it("turns a cancelled transaction into StaleLeaseError", async () => {
    dynamo.on(TransactWriteCommand).rejects(awsError("TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons"));
    await expect(ledger.setLive(live, 4)).rejects.toBeInstanceOf(StaleLeaseError);
  });

  it("does not mistake a transaction conflict for a lost lease", async () => {
    const conflict = awsError("TransactionCanceledException", "Transaction cancelled", {
      CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict" }],
    });
    dynamo.on(TransactWriteCommand).rejects(conflict);
    const attempt = ledger.setLive(live, 4);
    await expect(attempt).rejects.not.toBeInstanceOf(StaleLeaseError);
    await expect(attempt).rejects.toMatchObject({ name: "TransactionCanceledException" });
  });

  it("maps DynamoDB throttling to ThrottledError", async () => {
    dynamo.on(TransactWriteCommand).rejects(awsError("ThrottlingException"));
    await expect(ledger.setLive(live, 4)).rejects.toBeInstanceOf(ThrottledError);
  });
});
