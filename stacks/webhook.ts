// The webhook's public endpoint: a Lambda function URL with auth NONE, because the HMAC signature (GitHub)
// or token (GitLab) checked by the handler is the authentication.
import type { FunctionId } from "./permissions.ts";

export function createWebhookEndpoint(functions: Record<FunctionId, aws.lambda.Function>) {
  const webhook = functions.webhook;
  const url = new aws.lambda.FunctionUrl("WebhookUrl", { functionName: webhook.name, authorizationType: "NONE" });
  // A public URL needs both grants in the function's resource policy; the second is limited to calls that
  // arrive through the URL, so nobody can invoke the function directly with an unsigned payload.
  new aws.lambda.Permission("WebhookUrlPublic", {
    action: "lambda:InvokeFunctionUrl",
    function: webhook.name,
    principal: "*",
    functionUrlAuthType: "NONE",
  });
  new aws.lambda.Permission("WebhookUrlInvoke", {
    action: "lambda:InvokeFunction",
    function: webhook.name,
    principal: "*",
    invokedViaFunctionUrl: true,
  });
  return { webhookUrl: url.functionUrl };
}
