// The ledger and the lease from one DynamoDB client, on the table GLIDEPATH_TABLE names.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { makeDynamoStore } from "../dynamodb.ts";
import type { Lease, Ledger } from "../ports.ts";
import { tableNameFrom } from "./vars.ts";

export function fromDynamoDb(env: NodeJS.ProcessEnv = process.env): { ledger: Ledger; lease: Lease } {
  const tableName = tableNameFrom(env);
  return makeDynamoStore(new DynamoDBClient({}), tableName);
}
