// The one DynamoDB table holding the ledger and the per app/env lease (pk/sk strings).
import { isProductionStage, tableName } from "./names.ts";

export function createStorage(stage: string) {
  const production = isProductionStage(stage);
  const table = new aws.dynamodb.Table("Ledger", {
    name: tableName(stage),
    billingMode: "PAY_PER_REQUEST",
    hashKey: "pk",
    rangeKey: "sk",
    attributes: [
      { name: "pk", type: "S" },
      { name: "sk", type: "S" },
    ],
    // The ledger is the audit trail of every deployment: recoverable to any second of the last 35 days.
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: production,
    serverSideEncryption: { enabled: true },
  }, { protect: production });
  return { table };
}
