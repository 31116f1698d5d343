// The DynamoDB ledger: the live state of each app/env and one record per deployment (key layout in
// dynamodb-table.ts). Writing the live record is fenced by the lease, so a deployment that lost its lease
// cannot overwrite what a newer one promoted.
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DeploymentRecord, LiveRecord } from "../core/model.ts";
import { StaleLeaseError } from "../errors.ts";
import { callAws } from "./errors.ts";
import {
  DEPLOYMENT_PREFIX,
  deploymentPointerKey,
  deploymentSortKey,
  imageWaitKey,
  isConditionFailure,
  isUnsupportedOperation,
  LEASE_SK,
  LIVE_SK,
  partitionKey,
  stripKeys,
} from "./dynamodb-table.ts";
import type { ImageWait, Ledger } from "./ports.ts";
import { makeDynamoPushLog } from "./push-log.ts";

const DEFAULT_LIST_LIMIT = 20;

export function makeDynamoLedger(documents: DynamoDBDocumentClient, tableName: string): Ledger {
  /** The sort key of a deployment's record, found through its pointer item; undefined when unknown. */
  async function deploymentKey(app: string, env: string, deploymentId: string): Promise<{ pk: string; sk: string } | undefined> {
    const pk = partitionKey(app, env);
    const response = await callAws(`DynamoDB GetItem deployment ${deploymentId}`, () =>
      documents.send(new GetCommand({ TableName: tableName, Key: { pk, sk: deploymentPointerKey(deploymentId) }, ConsistentRead: true })),
    );
    const sk = response.Item?.["deploymentSk"];
    return typeof sk === "string" ? { pk, sk } : undefined;
  }

  /** One UpdateItem on an existing deployment record (found through its id pointer). */
  async function updateDeployment(app: string, env: string, deploymentId: string, expression: string, values: Record<string, unknown>): Promise<void> {
    const key = await requireDeploymentKey(app, env, deploymentId);
    await callAws(`DynamoDB UpdateItem deployment ${deploymentId}`, () =>
      documents.send(
        new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: expression, ConditionExpression: "attribute_exists(pk)", ExpressionAttributeValues: values }),
      ),
    );
  }

  async function getDeployment(app: string, env: string, deploymentId: string): Promise<DeploymentRecord | null> {
    const key = await deploymentKey(app, env, deploymentId);
    if (!key) return null;
    const response = await callAws(`DynamoDB GetItem deployment ${deploymentId}`, () =>
      documents.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
    );
    return response.Item ? stripKeys<DeploymentRecord>(response.Item) : null;
  }

  async function requireDeploymentKey(app: string, env: string, deploymentId: string) {
    const key = await deploymentKey(app, env, deploymentId);
    if (!key) throw new Error(`deployment ${deploymentId} of ${app}/${env} is not in the ledger`);
    return key;
  }

  return {
    ...makeDynamoPushLog(documents, tableName),

    async getLive(app, env) {
      const response = await callAws(`DynamoDB GetItem live ${app}/${env}`, () =>
        documents.send(new GetCommand({ TableName: tableName, Key: { pk: partitionKey(app, env), sk: LIVE_SK }, ConsistentRead: true })),
      );
      return response.Item ? stripKeys<LiveRecord>(response.Item) : null;
    },

    async setLive(record: LiveRecord, fencingToken: number) {
      const pk = partitionKey(record.app, record.env);
      const refused = () =>
        new StaleLeaseError(`cannot set the live slot of ${record.app}/${record.env} with token ${fencingToken}: the lease has moved on`);
      // The live item also remembers the token that wrote it and refuses older ones (fencing at the storage).
      const livePut = {
        TableName: tableName,
        Item: { ...record, pk, sk: LIVE_SK, kind: "live", writtenWithToken: fencingToken },
        ConditionExpression: "attribute_not_exists(writtenWithToken) OR writtenWithToken <= :token",
        ExpressionAttributeValues: { ":token": fencingToken },
      };
      try {
        await callAws(`DynamoDB TransactWriteItems live ${record.app}/${record.env}`, () =>
          documents.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: tableName,
                    Key: { pk, sk: LEASE_SK },
                    // A released lease keeps its token but loses its owner: a stale execution must not promote.
                    ConditionExpression: "fencingToken = :token AND attribute_exists(#owner)",
                    ExpressionAttributeNames: { "#owner": "owner" },
                    ExpressionAttributeValues: { ":token": fencingToken },
                  },
                },
                { Put: livePut },
              ],
            }),
          ),
        );
      } catch (error) {
        if (isConditionFailure(error)) throw refused();
        if (!isUnsupportedOperation(error)) throw error;
        // dynalite (local mode only) has no transactions: check the lease, then write with the live item's
        // own token condition. Not atomic, but the sandbox runs one process; AWS always takes the path above.
        const lease = await callAws(`DynamoDB GetItem lease ${record.app}/${record.env}`, () =>
          documents.send(new GetCommand({ TableName: tableName, Key: { pk, sk: LEASE_SK }, ConsistentRead: true })),
        );
        if (lease.Item?.["fencingToken"] !== fencingToken || lease.Item?.["owner"] === undefined) throw refused();
        try {
          await callAws(`DynamoDB PutItem live ${record.app}/${record.env}`, () => documents.send(new PutCommand(livePut)));
        } catch (putError) {
          if (isConditionFailure(putError)) throw refused();
          throw putError;
        }
      }
    },

    async createDeployment(record: DeploymentRecord) {
      const pk = partitionKey(record.app, record.env);
      let sk = deploymentSortKey(record.startedAt, record.deploymentId);
      // Pointer first, so an id is claimed once; a retried invocation finds its pointer and rewrites the
      // record under the sort key claimed first (no duplicate listing entries). No transaction needed.
      try {
        await callAws(`DynamoDB PutItem deployment ${record.deploymentId}`, () =>
          documents.send(
            new PutCommand({
              TableName: tableName,
              Item: { pk, sk: deploymentPointerKey(record.deploymentId), kind: "deployment-id", deploymentSk: sk },
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          ),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const existing = await deploymentKey(record.app, record.env, record.deploymentId);
        if (!existing) throw error;
        const written = await documents.send(new GetCommand({ TableName: tableName, Key: existing, ConsistentRead: true }));
        if (written.Item) return;
        sk = existing.sk;
      }
      await callAws(`DynamoDB PutItem deployment ${record.deploymentId}`, () =>
        documents.send(new PutCommand({ TableName: tableName, Item: { ...record, pk, sk, kind: "deployment" } })),
      );
    },

    getDeployment,

    async appendStep(app, env, deploymentId, step) {
      await updateDeployment(app, env, deploymentId, "SET steps = list_append(if_not_exists(steps, :empty), :step)", { ":empty": [], ":step": [step] });
    },

    async finishDeployment(app, env, deploymentId, outcome, reason, endedAt) {
      await updateDeployment(app, env, deploymentId, "SET outcome = :outcome, reason = :reason, endedAt = :endedAt", {
        ":outcome": outcome,
        ":reason": reason,
        ":endedAt": endedAt,
      });
    },

    async recordImage(app, env, deploymentId, imageId) {
      await updateDeployment(app, env, deploymentId, "SET imageId = :imageId", { ":imageId": imageId });
    },

    async recordImageWait(wait) {
      await callAws(`DynamoDB PutItem image wait ${wait.image}`, () =>
        documents.send(new PutCommand({ TableName: tableName, Item: { ...wait, ...imageWaitKey(wait.image), kind: "image-wait" } })),
      );
    },

    async getImageWait(image) {
      const response = await callAws(`DynamoDB GetItem image wait ${image}`, () =>
        documents.send(new GetCommand({ TableName: tableName, Key: imageWaitKey(image), ConsistentRead: true })),
      );
      return response.Item ? stripKeys<ImageWait>(response.Item) : null;
    },

    async recordControl(app, env, deploymentId, control) {
      const key = await requireDeploymentKey(app, env, deploymentId);
      // First signal wins: it is the real cause of the deployment ending (I3). What follows is its echo (the
      // breaker's revert setting off more alarms, a retried supersede) and must not rewrite who stopped it.
      try {
        await callAws(`DynamoDB UpdateItem deployment ${deploymentId}`, () =>
          documents.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key,
              UpdateExpression: "SET #control = :control",
              ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(#control)",
              ExpressionAttributeNames: { "#control": "control" },
              ExpressionAttributeValues: { ":control": control },
            }),
          ),
        );
        return control;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const standing = (await getDeployment(app, env, deploymentId))?.control;
        if (!standing) throw error;
        return standing;
      }
    },

    async listDeployments(app, env, limit = DEFAULT_LIST_LIMIT) {
      const records: DeploymentRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await callAws(`DynamoDB Query deployments ${app}/${env}`, () =>
          documents.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
              ExpressionAttributeValues: { ":pk": partitionKey(app, env), ":prefix": DEPLOYMENT_PREFIX },
              ScanIndexForward: false,
              Limit: limit - records.length,
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          ),
        );
        records.push(...(page.Items ?? []).map((item) => stripKeys<DeploymentRecord>(item)));
        startKey = page.LastEvaluatedKey;
      } while (startKey && records.length < limit);
      return records;
    },
  };
}
