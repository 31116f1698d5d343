// The webhook's shared secret, an SSM SecureString read with decryption and cached briefly: a warm Lambda
// should not call SSM (40 TPS shared) on every push, yet a rotated secret should take effect within minutes.
import { GetParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { Clock } from "../adapters/ports.ts";

export const SECRET_CACHE_SECONDS = 300;

export function makeSecretReader(ssm: Pick<SSMClient, "send">, parameterName: string, clock: Clock): () => Promise<string> {
  let cached: { value: string; until: number } | undefined;
  return async () => {
    if (cached && clock.now() < cached.until) return cached.value;
    const response = await ssm.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
    const value = response.Parameter?.Value;
    if (!value) throw new Error(`SSM parameter ${parameterName} has no value; put the webhook secret there`);
    cached = { value, until: clock.now() + SECRET_CACHE_SECONDS * 1000 };
    return value;
  };
}
