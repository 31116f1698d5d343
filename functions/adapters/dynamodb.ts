// Ledger and Lease on one DynamoDB table (layout documented in dynamodb-table.ts).
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { documentClient } from "./dynamodb-table.ts";
import { makeDynamoLease } from "./lease.ts";
import { makeDynamoLedger } from "./ledger.ts";
import { systemClock, type Clock, type Ledger, type Lease } from "./ports.ts";

export { createTable } from "./dynamodb-table.ts";

export function makeDynamoStore(client: DynamoDBClient, tableName: string, clock: Clock = systemClock): { ledger: Ledger; lease: Lease } {
  const documents = documentClient(client);
  return { ledger: makeDynamoLedger(documents, tableName), lease: makeDynamoLease(documents, tableName, clock) };
}
