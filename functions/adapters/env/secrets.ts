// Secrets from an SSM client (SecureString parameters, decrypted), cached across a warm container's invocations.
import { SSMClient } from "@aws-sdk/client-ssm";
import { systemClock, type Secrets } from "../ports.ts";
import { makeSsmSecrets } from "../ssm.ts";

export function fromSsmSecrets(_env: NodeJS.ProcessEnv = process.env): { secrets: Secrets } {
  return { secrets: makeSsmSecrets(new SSMClient({}), systemClock) };
}
