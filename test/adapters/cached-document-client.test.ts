// The document client that resolves each command's middleware stack once: every call still sends its own
// input and reads its own answer, marshalled as lib-dynamodb's own client does.
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CachedDocumentClient } from "../../functions/adapters/cached-document-client.ts";
import { createTable, documentClient } from "../../functions/adapters/dynamodb-table.ts";
import { startDynalite, type RunningDynalite } from "../../local/dynalite.ts";

const TABLE = "cached-documents";
let server: RunningDynalite;
let client: DynamoDBClient;

beforeAll(async () => {
  server = await startDynalite();
  client = new DynamoDBClient({ endpoint: server.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
  await createTable(client, TABLE);
});

afterAll(async () => {
  client.destroy();
  await server.stop();
});

const key = (sk: string) => ({ pk: "app#shop#prod", sk });

describe("CachedDocumentClient", () => {
  it("is what the adapters' documentClient builds", () => {
    expect(documentClient(client)).toBeInstanceOf(CachedDocumentClient);
  });

  it("reads each item by its own key while resolving the GetItem stack once", async () => {
    const documents = CachedDocumentClient.from(client);
    await documents.send(new PutCommand({ TableName: TABLE, Item: { ...key("one"), n: 1 } }));
    await documents.send(new PutCommand({ TableName: TABLE, Item: { ...key("two"), n: 2 } }));
    const resolved = vi.spyOn(GetItemCommand.prototype, "resolveMiddleware");
    try {
      const [one, two, missing] = await Promise.all(["one", "two", "three"].map((sk) => documents.send(new GetCommand({ TableName: TABLE, Key: key(sk), ConsistentRead: true }))));
      expect(one!.Item).toEqual({ ...key("one"), n: 1 });
      expect(two!.Item).toEqual({ ...key("two"), n: 2 });
      expect(missing!.Item).toBeUndefined();
      expect(resolved).toHaveBeenCalledTimes(1);
    } finally {
      resolved.mockRestore();
    }
  });

  it("marshals inputs and unmarshals outputs as lib-dynamodb's own client does", async () => {
    const options = { marshallOptions: { removeUndefinedValues: true } };
    const cached = CachedDocumentClient.from(client, options);
    const plain = DynamoDBDocumentClient.from(client, options);
    const item = { nested: { list: [1, "two", { three: true }], gone: undefined }, set: new Set(["a", "b"]), empty: null };
    await cached.send(new PutCommand({ TableName: TABLE, Item: { ...key("cached"), ...item } }));
    await plain.send(new PutCommand({ TableName: TABLE, Item: { ...key("plain"), ...item } }));
    const update = (sk: string) => new UpdateCommand({ TableName: TABLE, Key: key(sk), UpdateExpression: "SET n = :n", ExpressionAttributeValues: { ":n": 7 }, ReturnValues: "ALL_NEW" });
    const [viaCached, viaPlain] = [await cached.send(update("cached")), await plain.send(update("plain"))];
    expect({ ...viaCached.Attributes, sk: "" }).toEqual({ ...viaPlain.Attributes, sk: "" });
    expect(viaCached.Attributes).toMatchObject({ nested: { list: [1, "two", { three: true }] }, set: new Set(["a", "b"]), n: 7 });
  });

  it("surfaces DynamoDB's errors as the SDK's exceptions", async () => {
    const documents = CachedDocumentClient.from(client);
    const put = () => documents.send(new PutCommand({ TableName: TABLE, Item: key("taken"), ConditionExpression: "attribute_not_exists(pk)" }));
    await put();
    await expect(put()).rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
  });

  it("sends a plain DynamoDB command through the SDK's own path", async () => {
    const documents = CachedDocumentClient.from(client);
    await documents.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: "app#shop#prod" }, sk: { S: "raw" }, n: { N: "3" } } }));
    expect((await documents.send(new GetCommand({ TableName: TABLE, Key: key("raw"), ConsistentRead: true }))).Item).toEqual({ ...key("raw"), n: 3 });
  });
});
