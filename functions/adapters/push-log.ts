// The branch head chain and the push queue in the ledger's table (key layout in dynamodb-table.ts): one item
// per pushed commit, one link item per parent → child, and one pending item per app/env. The queue's
// writes are conditional, so two executions queuing at once cannot both think they are the one waiting.
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { callAws } from "./errors.ts";
import { isConditionFailure, partitionKey, PENDING_SK, PUSH_PREFIX, pushLinkPrefix, pushSortKey, stripKeys } from "./dynamodb-table.ts";
import type { PendingPush, PushLog, PushRecord } from "./ports.ts";

export function makeDynamoPushLog(documents: DynamoDBDocumentClient, tableName: string): PushLog {
  /** Runs a conditional write; false when its condition did not hold. */
  async function conditionally(what: string, write: () => Promise<unknown>): Promise<boolean> {
    try {
      await callAws(what, write);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  const samePending = (expected: { commit: string; attempt: number } | null) =>
    expected === null
      ? { ConditionExpression: "attribute_not_exists(pk)" }
      : {
          ConditionExpression: "#commit = :commit AND #attempt = :attempt",
          ExpressionAttributeNames: { "#commit": "commit", "#attempt": "attempt" },
          ExpressionAttributeValues: { ":commit": expected.commit, ":attempt": expected.attempt },
        };

  async function getPush(app: string, env: string, commit: string): Promise<PushRecord | null> {
    const response = await callAws(`DynamoDB GetItem push ${commit}`, () =>
      documents.send(new GetCommand({ TableName: tableName, Key: { pk: partitionKey(app, env), sk: pushSortKey(commit) }, ConsistentRead: true })),
    );
    return response.Item ? stripKeys<PushRecord>(response.Item) : null;
  }

  return {
    async recordPush(push) {
      const pk = partitionKey(push.app, push.env);
      await callAws(`DynamoDB PutItem push ${push.commit}`, () =>
        documents.send(new PutCommand({ TableName: tableName, Item: { ...push, pk, sk: pushSortKey(push.commit), kind: "push" } })),
      );
      if (push.parent === null) return;
      const link = { commit: push.commit, parent: push.parent, receivedAt: push.receivedAt, forced: push.forced };
      await callAws(`DynamoDB PutItem push link ${push.parent} → ${push.commit}`, () =>
        documents.send(new PutCommand({ TableName: tableName, Item: { ...link, pk, sk: `${pushLinkPrefix(push.parent!)}${push.commit}`, kind: "push-link" } })),
      );
    },

    getPush,

    async pushesOnTopOf(app, env, commit) {
      const pk = partitionKey(app, env);
      const children: PushRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await callAws(`DynamoDB Query pushes on top of ${commit}`, () =>
          documents.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
              ExpressionAttributeValues: { ":pk": pk, ":prefix": pushLinkPrefix(commit) },
              ConsistentRead: true,
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          ),
        );
        // A link says which commit; the push's own item says the rest (a later push of it may have changed it).
        for (const item of page.Items ?? []) {
          const child = await getPush(app, env, String(item["commit"]));
          if (child) children.push(child);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return children;
    },

    // Push items are keyed by commit, not time: every push of the app/env is read (a filter does not make a
    // Query read less), then ordered by arrival. An operator's `history` is the only caller.
    async failedPushes(app, env, limit) {
      const failed: PushRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await callAws(`DynamoDB Query failed pushes ${app}/${env}`, () =>
          documents.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
              FilterExpression: "#status = :failed",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":pk": partitionKey(app, env), ":prefix": PUSH_PREFIX, ":failed": "failed" },
              ConsistentRead: true,
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          ),
        );
        failed.push(...(page.Items ?? []).map((item) => stripKeys<PushRecord>(item)));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return failed.sort((x, y) => y.receivedAt.localeCompare(x.receivedAt)).slice(0, limit);
    },

    async markPush(app, env, commit, status, reason, execution) {
      await callAws(`DynamoDB UpdateItem push ${commit}`, () =>
        documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: partitionKey(app, env), sk: pushSortKey(commit) },
            UpdateExpression: `SET #status = :status, reason = :reason${execution ? ", execution = :execution" : ""}`,
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":status": status, ":reason": reason, ...(execution ? { ":execution": execution } : {}) },
          }),
        ),
      );
    },

    async getPending(app, env) {
      const response = await callAws(`DynamoDB GetItem pending ${app}/${env}`, () =>
        documents.send(new GetCommand({ TableName: tableName, Key: { pk: partitionKey(app, env), sk: PENDING_SK }, ConsistentRead: true })),
      );
      return response.Item ? stripKeys<PendingPush>(response.Item) : null;
    },

    async replacePending(next, expected) {
      const item = { ...next, pk: partitionKey(next.app, next.env), sk: PENDING_SK, kind: "pending" };
      return conditionally(`DynamoDB PutItem pending ${next.app}/${next.env}`, () =>
        documents.send(new PutCommand({ TableName: tableName, Item: item, ...samePending(expected) })),
      );
    },

    async clearPending(app, env, expected) {
      return conditionally(`DynamoDB DeleteItem pending ${app}/${env}`, () =>
        documents.send(new DeleteCommand({ TableName: tableName, Key: { pk: partitionKey(app, env), sk: PENDING_SK }, ...samePending(expected) })),
      );
    },
  };
}
