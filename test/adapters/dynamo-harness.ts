// Shared setup for ledger and lease tests: dynalite on loopback, a fresh table, a settable clock.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createTable, makeDynamoStore } from "../../functions/adapters/dynamodb.ts";
import type { Lease, Ledger } from "../../functions/adapters/ports.ts";
import { VirtualClock } from "../../local/clock.ts";
import { startDynalite, type RunningDynalite } from "../../local/dynalite.ts";

interface DynamoHarness {
  server: RunningDynalite;
  client: DynamoDBClient;
}

async function startDynamoHarness(): Promise<DynamoHarness> {
  const server = await startDynalite();
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  return { server, client };
}

async function stopDynamoHarness(harness: DynamoHarness): Promise<void> {
  harness.client.destroy();
  await harness.server.stop();
}

let tableCount = 0;
/** A new empty table per test, so tests do not see each other's items. */
async function freshTable(client: DynamoDBClient): Promise<string> {
  const name = `glidepath-test-${++tableCount}`;
  await createTable(client, name);
  return name;
}

/**
 * Registers the hooks a test file needs: one dynalite for the file, and before each test a fresh table,
 * clock, ledger and lease on it. Read the fields inside tests (they change per test).
 */
export function useDynamoStore(): { ledger: Ledger; lease: Lease; clock: VirtualClock } {
  let harness: DynamoHarness | undefined;
  const store = {} as { ledger: Ledger; lease: Lease; clock: VirtualClock };
  beforeAll(async () => {
    harness = await startDynamoHarness();
  });
  afterAll(async () => {
    if (harness) await stopDynamoHarness(harness);
  });
  beforeEach(async () => {
    const clock = new VirtualClock();
    Object.assign(store, { clock, ...makeDynamoStore(harness!.client, await freshTable(harness!.client), clock) });
  });
  return store;
}
