// The webhook's public endpoint: a Lambda function URL with auth NONE, because the HMAC signature (GitHub)
// or token (GitLab) checked by the handler is the authentication.
import type { FunctionId } from "./permissions.ts";

export function createWebhookEndpoint(functions: Record<FunctionId, aws.lambda.Function>) {
  const url = new aws.lambda.FunctionUrl("WebhookUrl", { functionName: functions.webhook.name, authorizationType: "NONE" });
  return { webhookUrl: url.functionUrl };
}
