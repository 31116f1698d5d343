import { describe, expect, it } from "vitest";
import { makeAwsClients } from "../../functions/adapters/aws-clients.ts";
import { adaptersFromEnv, makeAdapters } from "../../functions/adapters/index.ts";
import { createTable } from "../../functions/adapters/dynamodb.ts";
import { startDynalite } from "../../local/dynalite.ts";
import { VirtualClock } from "../../local/clock.ts";

const localClients = (dynamodbEndpoint = "http://127.0.0.1:1") =>
  makeAwsClients({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, endpoints: { dynamodb: dynamodbEndpoint }, maxAttempts: 1 });

describe("building adapters", () => {
  it("builds every adapter from one set of clients", () => {
    const adapters = makeAdapters(localClients(), { tableName: "glidepath" });
    expect(Object.keys(adapters).sort()).toEqual(["alarms", "configStore", "events", "executions", "flags", "fleets", "images", "lease", "ledger", "probe", "traffic"]);
    expect(Object.keys(adapters.fleets).sort()).toEqual(["autoscaling", "codedeploy"]);
  });

  it("refuses an empty table name", () => {
    expect(() => makeAdapters(localClients(), { tableName: "" })).toThrow(/tableName is required/);
  });

  it("names GLIDEPATH_TABLE when it is missing from the environment", () => {
    expect(() => adaptersFromEnv({}, localClients())).toThrow("environment variable GLIDEPATH_TABLE is not set");
  });

  it("reads the table, prefix and state machine from the environment", async () => {
    const server = await startDynalite();
    const clients = localClients(server.endpoint);
    try {
      await createTable(clients.dynamodb, "from-env");
      const adapters = adaptersFromEnv({ GLIDEPATH_TABLE: "from-env", GLIDEPATH_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:1:stateMachine:g" }, clients);
      const grant = await adapters.lease.acquire("shop", "prod", "exec-1", 60);
      expect(grant?.fencingToken).toBe(1);
    } finally {
      for (const client of Object.values(clients)) client.destroy();
      await server.stop();
    }
  });

  it("passes the injected clock to the lease", async () => {
    const server = await startDynalite();
    const clients = localClients(server.endpoint);
    const clock = new VirtualClock(1_000_000);
    try {
      await createTable(clients.dynamodb, "clocked");
      const adapters = makeAdapters(clients, { tableName: "clocked", clock });
      expect((await adapters.lease.acquire("shop", "prod", "exec-1", 60))?.expiresAt).toBe(1_060_000);
    } finally {
      for (const client of Object.values(clients)) client.destroy();
      await server.stop();
    }
  });
});
