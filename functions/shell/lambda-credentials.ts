// What a bundled Lambda uses in place of the SDK's default credential chain (stacks/bundle.ts aliases
// `@aws-sdk/credential-provider-node` to this file). Lambda hands every function its role's credentials in
// the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which is the first source
// the default chain tries anyway; the rest of the chain (SSO, INI files, process, web identity, IMDS and the
// STS/SSO clients they carry) is about 130 KB that a Lambda never reaches. Local runs and tests do not bundle,
// so they keep the full chain.
import { fromEnv } from "@aws-sdk/credential-provider-env";

/** Same name and call shape as the default chain's export, so the clients' runtime config needs no change. */
export const defaultProvider: (init?: Parameters<typeof fromEnv>[0]) => ReturnType<typeof fromEnv> = (init) => fromEnv(init);
