import { ConditionalCheckFailedException, DynamoDBServiceException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { createTable } from "../../../functions/adapters/index.ts";
import { VirtualClock } from "../../../local/clock.ts";
import { inProcessDynalite } from "../../../local/dynalite.ts";
import { Simulator, simulatedClients } from "../../../local/sim/index.ts";

async function aTable() {
  const clients = simulatedClients(new Simulator({ clock: new VirtualClock(), seed: 1 }), { dynalite: inProcessDynalite() });
  await createTable(clients.dynamodb, "ledger");
  return DynamoDBDocumentClient.from(clients.dynamodb);
}

describe("DynamoDB answered by dynalite in process", () => {
  it("stores and reads back documents through lib-dynamodb's marshalling", async () => {
    const documents = await aTable();
    await documents.send(new PutCommand({ TableName: "ledger", Item: { pk: "shop/prod", sk: "live", commit: "abc", weights: { a: 100, b: 0 }, tags: ["x"] } }));
    const read = await documents.send(new GetCommand({ TableName: "ledger", Key: { pk: "shop/prod", sk: "live" }, ConsistentRead: true }));
    expect(read.Item).toEqual({ pk: "shop/prod", sk: "live", commit: "abc", weights: { a: 100, b: 0 }, tags: ["x"] });
    expect(read.$metadata.httpStatusCode).toBe(200);
  });

  it("fails a condition with the SDK's own ConditionalCheckFailedException", async () => {
    const documents = await aTable();
    await documents.send(new PutCommand({ TableName: "ledger", Item: { pk: "p", sk: "lease", token: 2 } }));
    const refused = await documents
      .send(
        new UpdateCommand({
          TableName: "ledger",
          Key: { pk: "p", sk: "lease" },
          UpdateExpression: "SET #t = :next",
          ConditionExpression: "#t = :expected",
          ExpressionAttributeNames: { "#t": "token" },
          ExpressionAttributeValues: { ":next": 4, ":expected": 3 },
        }),
      )
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConditionalCheckFailedException);
    expect(refused).toMatchObject({ name: "ConditionalCheckFailedException", message: "The conditional request failed", $metadata: { httpStatusCode: 400 } });
    expect((await documents.send(new GetCommand({ TableName: "ledger", Key: { pk: "p", sk: "lease" } }))).Item).toEqual({ pk: "p", sk: "lease", token: 2 });
  });

  it("refuses what dynalite's validations refuse, and an operation it does not serve, as its server would", async () => {
    const documents = await aTable();
    const invalid = await documents.send(new GetCommand({ TableName: "ledger", Key: { pk: "p" } })).catch((error: unknown) => error);
    expect(invalid).toMatchObject({ name: "ValidationException", $metadata: { httpStatusCode: 400 } });
    expect((invalid as Error).message).toMatch(/key/i);
    const unknown = await documents.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: "ledger", Item: { pk: "p", sk: "s" } } }] })).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(DynamoDBServiceException);
    expect(unknown).toMatchObject({ name: "UnknownOperationException", $metadata: { httpStatusCode: 400 } });
  });
});
