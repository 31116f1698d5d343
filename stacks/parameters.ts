// SSM parameters: each committed app config (validated before anything is created) and the webhook secret.
import { randomBytes } from "node:crypto";
import { configParameterName } from "../functions/core/naming.ts";
import type { AppConfig } from "./app-configs.ts";
import { configPrefix, webhookSecretParameterName } from "./names.ts";

export function createParameters(stage: string, configs: AppConfig[]) {
  const configParameters = configs.map(({ config, document, path }) =>
    new aws.ssm.Parameter(`Config-${config.app}-${config.env}`, {
      name: configParameterName(config.app, config.env, configPrefix(stage)),
      type: "String",
      // Advanced tier allows 8 KB; a config with many smoke checks outgrows the standard 4 KB.
      tier: JSON.stringify(document).length > 4000 ? "Advanced" : "Standard",
      value: JSON.stringify(document),
      description: `Glidepath config for ${config.app}/${config.env}, from ${path}`,
    }),
  );

  // A random secret on first deploy; operators read it (or replace it) with the SSM console or CLI.
  // ignoreChanges keeps a rotated secret from being put back by the next deploy.
  const webhookSecret = new aws.ssm.Parameter("WebhookSecret", {
    name: webhookSecretParameterName(stage),
    type: "SecureString",
    value: $util.secret(randomBytes(32).toString("hex")),
    description: "Shared secret of the GitHub/GitLab webhook (HMAC key / X-Gitlab-Token)",
  }, { ignoreChanges: ["value"] });

  return { configParameters, webhookSecret };
}
