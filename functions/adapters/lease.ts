// The per app/env lease in DynamoDB: one deployment at a time, with a fencing token that only ever grows.
// The lease item is never deleted (release just expires it), so a new holder's token is always higher
// than any token handed out before, and a stale holder's writes are refused.
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { StaleLeaseError } from "../errors.ts";
import { callAws } from "./errors.ts";
import { isConditionFailure, LEASE_SK, partitionKey } from "./dynamodb-table.ts";
import type { Clock, Lease, LeaseGrant } from "./ports.ts";

interface LeaseItem {
  owner?: string;
  expiresAt?: number;
  fencingToken?: number;
  acquiredAt?: number;
  releasedBy?: string;
  releasedAt?: number;
}

/**
 * The error for a lease write refused because the token is no longer current: it names who took the lease
 * and when, or who let it go ("current token is 1" tells an operator nothing). The fake lease says the same.
 * Example: → "cannot renew (as d-1) the lease of shop-api/prod with token 1: d-2 took it at … (token 2)".
 */
export function staleLeaseRefusal(
  { app, env, fencingToken, action }: { app: string; env: string; fencingToken: number; action: string },
  item: Pick<LeaseItem, "owner" | "fencingToken" | "acquiredAt" | "releasedBy" | "releasedAt"> | undefined,
): StaleLeaseError {
  const at = (ms: number | undefined) => (ms !== undefined ? ` at ${new Date(ms).toISOString()}` : "");
  const holder = item?.owner
    ? `${item.owner} took it${at(item.acquiredAt)} (token ${item.fencingToken})`
    : item?.releasedBy
      ? `it was released on behalf of ${item.releasedBy}${at(item.releasedAt)} (by the deployment itself, cleanup or the reconciler) and nobody holds it`
      : `nobody has ever held it`;
  return new StaleLeaseError(`cannot ${action} the lease of ${app}/${env} with token ${fencingToken}: ${holder}`);
}

function toGrant(item: LeaseItem | undefined): LeaseGrant | null {
  if (!item?.owner || item.expiresAt === undefined || item.fencingToken === undefined) return null;
  return { owner: item.owner, expiresAt: item.expiresAt, fencingToken: item.fencingToken, ...(item.acquiredAt !== undefined ? { acquiredAt: item.acquiredAt } : {}) };
}

export function makeDynamoLease(documents: DynamoDBDocumentClient, tableName: string, clock: Clock): Lease {
  const key = (app: string, env: string) => ({ pk: partitionKey(app, env), sk: LEASE_SK });

  async function readItem(app: string, env: string): Promise<LeaseItem | undefined> {
    const response = await callAws(`DynamoDB GetItem lease ${app}/${env}`, () =>
      documents.send(new GetCommand({ TableName: tableName, Key: key(app, env), ConsistentRead: true })),
    );
    return response.Item as LeaseItem | undefined;
  }

  async function refusal(app: string, env: string, fencingToken: number, action: string): Promise<StaleLeaseError> {
    return staleLeaseRefusal({ app, env, fencingToken, action }, await readItem(app, env));
  }

  return {
    async acquire(app, env, owner, ttlSeconds) {
      const now = clock.now();
      try {
        const response = await callAws(`DynamoDB UpdateItem lease ${app}/${env}`, () =>
          documents.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key(app, env),
              UpdateExpression: "SET #owner = :owner, expiresAt = :expiresAt, acquiredAt = :now, fencingToken = if_not_exists(fencingToken, :zero) + :one",
              // The holder itself may take it again: a retried AcquireLease whose first answer was lost.
              ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now OR #owner = :owner",
              ExpressionAttributeNames: { "#owner": "owner" },
              ExpressionAttributeValues: { ":owner": owner, ":expiresAt": now + ttlSeconds * 1000, ":now": now, ":zero": 0, ":one": 1 },
              ReturnValues: "ALL_NEW",
            }),
          ),
        );
        return toGrant(response.Attributes as LeaseItem);
      } catch (error) {
        if (isConditionFailure(error)) return null;
        throw error;
      }
    },

    async renew(app, env, owner, fencingToken, ttlSeconds) {
      const now = clock.now();
      try {
        const response = await callAws(`DynamoDB UpdateItem lease ${app}/${env}`, () =>
          documents.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key(app, env),
              UpdateExpression: "SET expiresAt = :expiresAt",
              ConditionExpression: "fencingToken = :token AND #owner = :owner",
              ExpressionAttributeNames: { "#owner": "owner" },
              ExpressionAttributeValues: { ":expiresAt": now + ttlSeconds * 1000, ":token": fencingToken, ":owner": owner },
              ReturnValues: "ALL_NEW",
            }),
          ),
        );
        const grant = toGrant(response.Attributes as LeaseItem);
        if (!grant) throw new StaleLeaseError(`lease of ${app}/${env} vanished while renewing`);
        return grant;
      } catch (error) {
        if (isConditionFailure(error)) throw await refusal(app, env, fencingToken, `renew (as ${owner})`);
        throw error;
      }
    },

    async release(app, env, owner, fencingToken) {
      try {
        await callAws(`DynamoDB UpdateItem lease ${app}/${env}`, () =>
          documents.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key(app, env),
              // Expire rather than delete: the token must survive so the next holder's is higher.
              UpdateExpression: "SET expiresAt = :zero, releasedBy = :owner, releasedAt = :now REMOVE #owner",
              ConditionExpression: "fencingToken = :token",
              ExpressionAttributeNames: { "#owner": "owner" },
              ExpressionAttributeValues: { ":zero": 0, ":token": fencingToken, ":owner": owner, ":now": clock.now() },
            }),
          ),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Releasing a lease that was never taken is a no-op; anything else means someone newer holds it.
        if ((await readItem(app, env)) === undefined) return;
        throw await refusal(app, env, fencingToken, `release (as ${owner})`);
      }
    },

    async current(app, env) {
      // An expired lease is free: acquire would take it, so it is not reported as held.
      const grant = toGrant(await readItem(app, env));
      return grant && grant.expiresAt >= clock.now() ? grant : null;
    },

    async latestToken(app, env) {
      return (await readItem(app, env))?.fencingToken ?? 0;
    },

    async read(app, env) {
      // A released lease has no owner, so it reads as free; an expired one keeps its owner until swept.
      return toGrant(await readItem(app, env));
    },
  };
}
