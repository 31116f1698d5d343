// Each function's environment, as data: the adapters read these names (functions/adapters/index.ts).
import { configPrefix, eventBusName, stateMachineArn, tableName, webhookSecretParameterName, type AwsScope } from "./names.ts";
import type { FunctionId } from "./permissions.ts";

export function functionEnvironment(stage: string, scope: AwsScope, id: FunctionId): Record<string, string> {
  return {
    GLIDEPATH_TABLE: tableName(stage),
    GLIDEPATH_CONFIG_PREFIX: configPrefix(stage),
    // Computed, not read from the state machine resource: see names.ts on the cycle this breaks.
    GLIDEPATH_STATE_MACHINE_ARN: stateMachineArn(scope, stage),
    // Where lifecycle events go (adapters/env/eventbridge.ts); the stacks create the bus.
    GLIDEPATH_EVENT_BUS: eventBusName(stage),
    ...(id === "webhook" ? { GLIDEPATH_WEBHOOK_SECRET_PARAM: webhookSecretParameterName(stage) } : {}),
  };
}
