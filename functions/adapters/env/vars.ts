// The Lambda environment variables the adapters read (stacks/environment.ts sets them).
import { DEFAULT_CONFIG_PREFIX } from "../ssm.ts";

/** Reads a required environment variable, naming it when it is missing. */
export function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === "") throw new Error(`environment variable ${name} is not set (the adapters need it)`);
  return value;
}

/** GLIDEPATH_TABLE: the DynamoDB table of the ledger and the lease (required). */
export const tableNameFrom = (env: NodeJS.ProcessEnv): string => requireEnv(env, "GLIDEPATH_TABLE");

/** GLIDEPATH_CONFIG_PREFIX: the SSM path configs live under (default `/glidepath`). */
export const configPrefixFrom = (env: NodeJS.ProcessEnv): string => env["GLIDEPATH_CONFIG_PREFIX"] || DEFAULT_CONFIG_PREFIX;

/** GLIDEPATH_WEBHOOK_SECRET_PARAM: the SSM parameter holding the webhook's shared secret (required by the webhook). */
export const webhookSecretParameterFrom = (env: NodeJS.ProcessEnv): string => requireEnv(env, "GLIDEPATH_WEBHOOK_SECRET_PARAM");
