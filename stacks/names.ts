// Deterministic names for what the stacks create. Pure: tests and the handlers' environment read the same
// values. The state machine's ARN is computed from its name (not read from the resource) to break the
// cycle "functions need the state machine ARN, the state machine needs the functions' ARNs".

import { IMAGE_TAG } from "../functions/core/naming.ts";

export interface AwsScope {
  partition: string;
  region: string;
  account: string;
}

/** Stages whose data must survive `sst remove` and accidents: deletion protection, retained resources. */
export const isProductionStage = (stage: string): boolean => stage === "prod" || stage === "production";

export const stateMachineName = (stage: string): string => `glidepath-${stage}`;
/** The flag release state machine, next to the deployment's (`glidepath flag rollout` derives its ARN so). */
export const flagReleaseStateMachineName = (stage: string): string => `${stateMachineName(stage)}-flags`;

export function flagReleaseStateMachineArn(scope: AwsScope, stage: string): string {
  return `${stateMachineArn(scope, stage)}-flags`;
}

/** Example: `stateMachineArn({partition:"aws",region:"eu-west-1",account:"1234"}, "prod")` → `arn:aws:states:eu-west-1:1234:stateMachine:glidepath-prod`. */
export function stateMachineArn(scope: AwsScope, stage: string): string {
  return `arn:${scope.partition}:states:${scope.region}:${scope.account}:stateMachine:${stateMachineName(stage)}`;
}

/** Executions of our state machine have ARNs `…:execution:<machine name>:<execution name>`. */
export function executionArnPrefix(scope: AwsScope, stage: string): string {
  return `arn:${scope.partition}:states:${scope.region}:${scope.account}:execution:${stateMachineName(stage)}:`;
}

export const tableName = (stage: string): string => `glidepath-${stage}`;

/** The event bus Glidepath's lifecycle events go to (functions/core/lifecycle-events.ts): its own, per stage. */
export const eventBusName = (stage: string): string => `glidepath-${stage}`;

/**
 * Where app configs live in SSM. Production stages use the documented `/glidepath`; other stages get their
 * own root so a `dev` stage in the same account never reads or overwrites production's configs.
 */
export const configPrefix = (stage: string): string => (isProductionStage(stage) ? "/glidepath" : `/glidepath-${stage}`);

/** The webhook's shared secret, outside the config prefix so config listing never sees it. */
export const webhookSecretParameterName = (stage: string): string => `/glidepath-secrets/${stage}/webhook`;

export const functionName = (stage: string, id: string): string => `glidepath-${stage}-${id}`;

export const logGroupName = (stage: string, id: string): string => `/aws/lambda/${functionName(stage, id)}`;

export const stateMachineLogGroupName = (stage: string): string => `/aws/vendedlogs/states/${stateMachineName(stage)}`;

/** Tag operators put on the slot groups, launch templates and deployment groups Glidepath may change. */
export const MANAGED_TAG_KEY = IMAGE_TAG.managed;
export const MANAGED_TAG_VALUE = "true";
