// Webhook (Lambda function URL, auth NONE: the signature is the auth): a signed GitHub or GitLab push →
// the same start path as CodeCommit pushes (`startFromPush`). The signature is checked over the raw bytes
// before the body is parsed, so nothing unauthenticated is ever interpreted.
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { fromSsmSecrets } from "../adapters/env/secrets.ts";
import { fromDynamoDb } from "../adapters/env/dynamodb.ts";
import { fromSfn } from "../adapters/env/sfn.ts";
import { fromSsm } from "../adapters/env/ssm.ts";
import { webhookSecretParameterFrom } from "../adapters/env/vars.ts";
import type { GitPush } from "../core/push.ts";
import { envDeps, eventHandler } from "../shell/event-handler.ts";
import { startFromPush, type StartOutcome } from "./start-deployment.ts";
import { gitPushFromWebhook, type GitHost } from "./webhook-payload.ts";
import { verifyGitHubSignature, verifyGitLabToken } from "./webhook-signature.ts";

export interface WebhookDeps {
  /** The shared secret; the Secrets adapter behind it caches it, so a warm Lambda rarely calls SSM. */
  secret: () => Promise<string>;
  start: (push: GitPush, source: GitHost) => Promise<StartOutcome>;
}

type Request = Pick<LambdaFunctionURLEvent, "headers" | "body" | "isBase64Encoded">;

/** The structured function URL response (not the bare-string form). */
export interface WebhookResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const reply = (statusCode: number, body: Record<string, unknown>): WebhookResponse => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** Function URLs lowercase header names already; lowercase again so direct invocations behave the same. */
function header(request: Request, name: string): string | undefined {
  const entry = Object.entries(request.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

/** Which host sent it, by the header its signature travels in. */
function hostOf(request: Request): GitHost | null {
  if (header(request, "x-hub-signature-256") !== undefined || header(request, "x-github-event") !== undefined) return "github";
  if (header(request, "x-gitlab-token") !== undefined || header(request, "x-gitlab-event") !== undefined) return "gitlab";
  return null;
}

export function makeWebhook(deps: WebhookDeps) {
  return async (request: Request): Promise<WebhookResponse> => {
    const host = hostOf(request);
    if (!host) return reply(401, { error: "missing signature: send X-Hub-Signature-256 (GitHub) or X-Gitlab-Token (GitLab)" });
    const raw = Buffer.from(request.body ?? "", request.isBase64Encoded ? "base64" : "utf8");
    const secret = await deps.secret();
    const authentic =
      host === "github"
        ? verifyGitHubSignature(raw, header(request, "x-hub-signature-256"), secret)
        : verifyGitLabToken(header(request, "x-gitlab-token"), secret);
    if (!authentic) return reply(401, { error: `bad or missing ${host === "github" ? "X-Hub-Signature-256" : "X-Gitlab-Token"}` });

    // GitHub pings a new webhook once; answering 200 lets its settings page show the hook as working.
    const githubEvent = header(request, "x-github-event");
    if (host === "github" && githubEvent === "ping") return reply(200, { status: "pong" });
    if (githubEvent !== undefined && githubEvent !== "push") return reply(400, { error: `X-GitHub-Event ${githubEvent} is not a push event; send push events only` });
    const gitlabEvent = header(request, "x-gitlab-event");
    if (gitlabEvent !== undefined && !["Push Hook", "Tag Push Hook"].includes(gitlabEvent))
      return reply(400, { error: `X-Gitlab-Event ${gitlabEvent} is not a push event; send push events only` });

    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return reply(400, { error: "body is not JSON; configure the webhook with content type application/json" });
    }
    const push = gitPushFromWebhook(host, body);
    if ("problem" in push) return reply(400, { error: `not a ${host} push event: ${push.problem}` });
    const outcome = await deps.start(push, host);
    return reply(outcome.status === "ignored" ? 200 : 202, { ...outcome });
  };
}

export const handler = eventHandler(
  "webhook",
  () => {
    const secretName = webhookSecretParameterFrom(process.env);
    const { secrets, configStore, executions, ledger, clock } = envDeps(fromSsmSecrets, fromSsm, fromSfn, fromDynamoDb);
    return makeWebhook({
      secret: () => secrets.read(secretName),
      start: (push, source) => startFromPush({ configs: configStore, executions, ledger, clock }, push, source),
    });
  },
  // The body is the response, never the request: an unauthenticated request body is not worth logging.
  { summary: ({ statusCode, body }) => ({ statusCode, body }) },
);
