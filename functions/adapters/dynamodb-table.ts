// The one DynamoDB table behind the ledger and the lease: key layout, document client, table creation.
//
// Key layout (pk and sk are strings; everything of one app/env shares a partition):
//   pk = app#<app>#<env>   sk = live                                   the live slot, commit and image
//   pk = app#<app>#<env>   sk = lease                                  owner, expiresAt (epoch ms), fencingToken
//   pk = app#<app>#<env>   sk = deployment#<startedAt ISO>#<id>        one deployment record
//   pk = app#<app>#<env>   sk = deployment-id#<id>                     pointer: { deploymentSk } for lookups by id
//   pk = app#<app>#<env>   sk = push#<commit>                          one push: parent (before), receivedAt, status
//   pk = app#<app>#<env>   sk = push-on#<parent>#<commit>              link: <commit> was pushed on top of <parent>
//   pk = app#<app>#<env>   sk = pending                                the push waiting for the lease (at most one)
//   pk = image#<AMI id or build version ARN>   sk = wait                the task token of the deployment waiting on
//                                                                      that image (its state-change event has no app/env)
// ISO timestamps sort as text, so a Query on begins_with(sk, "deployment#") with ScanIndexForward=false lists
// deployments newest first; the pointer item finds one deployment by id without a scan. ("deployment-id#"
// does not begin with "deployment#", so pointers never show up in listings.)
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CachedDocumentClient } from "./cached-document-client.ts";
import { awsErrorName, callAws } from "./errors.ts";

export const partitionKey = (app: string, env: string): string => `app#${app}#${env}`;
export const LIVE_SK = "live";
export const LEASE_SK = "lease";
export const DEPLOYMENT_PREFIX = "deployment#";
export const deploymentSortKey = (startedAt: string, deploymentId: string): string => `${DEPLOYMENT_PREFIX}${startedAt}#${deploymentId}`;
export const deploymentPointerKey = (deploymentId: string): string => `deployment-id#${deploymentId}`;
export const PUSH_PREFIX = "push#";
export const pushSortKey = (commit: string): string => `${PUSH_PREFIX}${commit}`;
/** Links under one parent share this prefix, so a Query on it finds the pushes made on top of a commit. */
export const pushLinkPrefix = (parent: string): string => `push-on#${parent}#`;
export const PENDING_SK = "pending";
export const imageWaitKey = (image: string): { pk: string; sk: string } => ({ pk: `image#${image}`, sk: "wait" });

/** Attributes that belong to the table layout, not to the records stored in it. */
const KEY_ATTRIBUTES = ["pk", "sk", "kind", "writtenWithToken"] as const;

export function stripKeys<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T;
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  // Optional record fields are often undefined; DynamoDB rejects undefined attribute values otherwise.
  return CachedDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** DynamoDB's "the condition did not hold", as a plain write or inside a transaction. */
export function isConditionFailure(error: unknown): boolean {
  const name = awsErrorName(error);
  if (name === "ConditionalCheckFailedException") return true;
  if (name !== "TransactionCanceledException") return false;
  // A transaction is also cancelled by conflicts or throttling; only a failed condition means "refused".
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
  return !Array.isArray(reasons) || reasons.some((reason) => reason.Code === "ConditionalCheckFailed");
}

/** dynalite (local mode) implements no transactions and answers UnknownOperationException. */
export function isUnsupportedOperation(error: unknown): boolean {
  return awsErrorName(error) === "UnknownOperationException";
}

export interface CreateTableOptions {
  /** How long to wait for ACTIVE before giving up (default 30 s). */
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Creates the table (pk/sk strings, on-demand) and waits until it is ACTIVE. An existing table is reused,
 * so local mode can call this on every start. For local mode and tests; SST creates the deployed table.
 */
export async function createTable(client: DynamoDBClient, tableName: string, options: CreateTableOptions = {}): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  } catch (error) {
    if (awsErrorName(error) !== "ResourceInUseException") throw error;
  }
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const described = await callAws(`DynamoDB DescribeTable ${tableName}`, () => client.send(new DescribeTableCommand({ TableName: tableName })));
    if (described.Table?.TableStatus === "ACTIVE") return;
    if (Date.now() > deadline) throw new Error(`DynamoDB table ${tableName} is still ${described.Table?.TableStatus ?? "unknown"} after waiting`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 50));
  }
}
