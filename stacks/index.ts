// Composes the stacks. Each returns what the next needs; nothing reaches into another's resources.
import { resolve } from "node:path";
import { readConfigFiles, stackInputs, validateConfigFiles } from "./app-configs.ts";
import { configPrefix, stateMachineArn } from "./names.ts";
import { functionPermissions } from "./permissions.ts";

/** `notifications`: an SNS topic for deployments that did not go live (stacks/lifecycle-events.ts). */
export async function deployGlidepath({ stage, notifications = false }: { stage: string; notifications?: boolean }) {
  const root = process.cwd();
  // Refuse a bad config before creating anything: every problem of every file, with its path.
  const configs = validateConfigFiles(readConfigFiles(resolve(root, "config")));
  const inputs = stackInputs(configs.map((c) => c.config));

  const { resolveScope } = await import("./scope.ts");
  const { bundleFunctions } = await import("./bundle.ts");
  const { createStorage } = await import("./storage.ts");
  const { createParameters } = await import("./parameters.ts");
  const { createFunctions } = await import("./functions.ts");
  const { createPipeline } = await import("./pipeline.ts");
  const { createEvents } = await import("./events.ts");
  const { createWebhookEndpoint } = await import("./webhook.ts");
  const { createLifecycleEvents } = await import("./lifecycle-events.ts");

  const scope = await resolveScope();
  const bundles = await bundleFunctions({ root });
  const { table } = createStorage(stage);
  const { bus, topic } = createLifecycleEvents({ stage, notifications });
  const { webhookSecret } = createParameters(stage, configs);
  const permissions = functionPermissions({ ...scope, stage, ...inputs });
  const { functions } = createFunctions({ stage, scope, bundles, permissions });
  const { stateMachine } = createPipeline({ stage, scope, functions });
  createEvents({ stage, scope, inputs, functions });
  const { webhookUrl } = createWebhookEndpoint(functions);

  return {
    table: table.name,
    stateMachine: stateMachine.arn,
    expectedStateMachineArn: stateMachineArn(scope, stage),
    configPrefix: configPrefix(stage),
    webhookUrl,
    webhookSecretParameter: webhookSecret.name,
    eventBus: bus.name,
    ...(topic ? { notificationTopic: topic.arn } : {}),
    apps: configs.map((c) => `${c.config.app}/${c.config.env}`),
  };
}
