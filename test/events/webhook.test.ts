import { GetParameterCommand, GetParametersByPathCommand, SSMClient } from "@aws-sdk/client-ssm";
import { SFNClient } from "@aws-sdk/client-sfn";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GitPush } from "../../functions/core/push.ts";
import type { StartOutcome } from "../../functions/events/start-deployment.ts";
import { handler, makeWebhook } from "../../functions/events/webhook.ts";
import { gitPushFromWebhook } from "../../functions/events/webhook-payload.ts";
import { signGitHub, verifyGitHubSignature, verifyGitLabToken } from "../../functions/events/webhook-signature.ts";

const SECRET = "s3cret-shared-with-the-git-host";
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

const githubBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ ref: "refs/heads/main", before: "f".repeat(40), after: COMMIT, deleted: false, repository: { full_name: "acme/shop-api" }, ...overrides });
const gitlabBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ object_kind: "push", ref: "refs/heads/main", after: COMMIT, checkout_sha: COMMIT, project: { path_with_namespace: "acme/shop-api" }, ...overrides });

function setup() {
  const started: Array<{ push: GitPush; source: string }> = [];
  const webhook = makeWebhook({
    secret: async () => SECRET,
    start: async (push, source): Promise<StartOutcome> => {
      started.push({ push, source });
      return { status: "started", app: "shop-api", env: "prod", executionName: "shop-api-prod-0123456789ab", executionArn: "arn:x", executions: [] };
    },
  });
  return { webhook, started };
}

const github = (body: string, headers: Record<string, string> = {}, isBase64Encoded = false) => ({
  headers: { "x-github-event": "push", "x-hub-signature-256": signGitHub(body, SECRET), ...headers },
  body: isBase64Encoded ? Buffer.from(body).toString("base64") : body,
  isBase64Encoded,
});

describe("the webhook", () => {
  it("starts a deployment for a validly signed GitHub push", async () => {
    const { webhook, started } = setup();
    const response = await webhook(github(githubBody()));
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body)).toMatchObject({ status: "started", executionName: "shop-api-prod-0123456789ab" });
    expect(started).toEqual([{ push: { repository: "acme/shop-api", branch: "main", commit: COMMIT, deleted: false, isTag: false, before: "f".repeat(40) }, source: "github" }]);
  });

  it("verifies the signature over the decoded bytes of a base64-encoded body", async () => {
    const { webhook, started } = setup();
    const body = githubBody({ head_commit: { message: "café ☕" } });
    expect((await webhook(github(body, {}, true))).statusCode).toBe(202);
    expect(started).toHaveLength(1);
  });

  it.each([
    ["a signature made with another secret", { "x-hub-signature-256": signGitHub(githubBody(), "wrong") }],
    ["a truncated signature", { "x-hub-signature-256": signGitHub(githubBody(), SECRET).slice(0, 40) }],
    ["a sha1 signature", { "x-hub-signature-256": "sha1=0123456789abcdef0123456789abcdef01234567" }],
  ])("answers 401 to %s and starts nothing", async (_case, headers) => {
    const { webhook, started } = setup();
    const response = await webhook(github(githubBody(), headers));
    expect(response.statusCode).toBe(401);
    expect(response.body).toMatch(/X-Hub-Signature-256/);
    expect(started).toEqual([]);
  });

  it("answers 401 when the body was changed after signing", async () => {
    const { webhook, started } = setup();
    const request = github(githubBody());
    const response = await webhook({ ...request, body: githubBody({ after: "f".repeat(40) }) });
    expect(response.statusCode).toBe(401);
    expect(started).toEqual([]);
  });

  it("answers 401 when no signature header is present at all", async () => {
    const { webhook, started } = setup();
    const response = await webhook({ headers: { "content-type": "application/json" }, body: githubBody(), isBase64Encoded: false });
    expect(response.statusCode).toBe(401);
    expect(response.body).toMatch(/missing signature/);
    expect(started).toEqual([]);
  });

  it("answers 401 to a GitHub event without a signature", async () => {
    const { webhook } = setup();
    expect((await webhook({ headers: { "x-github-event": "push" }, body: githubBody(), isBase64Encoded: false })).statusCode).toBe(401);
  });

  it("accepts GitLab's token and normalizes its payload", async () => {
    const { webhook, started } = setup();
    const response = await webhook({ headers: { "x-gitlab-event": "Push Hook", "x-gitlab-token": SECRET }, body: gitlabBody(), isBase64Encoded: false });
    expect(response.statusCode).toBe(202);
    expect(started[0]).toEqual({ push: { repository: "acme/shop-api", branch: "main", commit: COMMIT, deleted: false, isTag: false }, source: "gitlab" });
  });

  it.each([["a wrong token", "nope"], ["a token one character longer", `${SECRET}x`], ["an empty token", ""]])(
    "answers 401 to GitLab with %s",
    async (_case, token) => {
      const { webhook, started } = setup();
      const response = await webhook({ headers: { "x-gitlab-token": token }, body: gitlabBody(), isBase64Encoded: false });
      expect(response.statusCode).toBe(401);
      expect(started).toEqual([]);
    },
  );

  it("answers GitHub's ping with 200 and starts nothing", async () => {
    const { webhook, started } = setup();
    const response = await webhook(github(JSON.stringify({ zen: "Keep it simple." }), { "x-github-event": "ping" }));
    expect(response.statusCode).toBe(200);
    expect(started).toEqual([]);
  });

  it.each([
    ["an issue event", github(githubBody(), { "x-github-event": "issues" }), /X-GitHub-Event issues is not a push event/],
    ["a body without ref", github(JSON.stringify({ repository: { full_name: "acme/shop-api" }, after: COMMIT })), /not a github push event: ref: /],
    ["a body that is not JSON", github("ref=refs/heads/main"), /body is not JSON/],
    ["an odd ref", github(githubBody({ ref: "refs/pull/1/head" })), /neither refs\/heads/],
  ])("answers 400 with a clear message to %s", async (_case, request, message) => {
    const { webhook, started } = setup();
    const response = await webhook(request);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error).toMatch(message);
    expect(started).toEqual([]);
  });
});

describe("normalizing push payloads", () => {
  it.each([
    ["a GitHub tag push", "github", { ref: "refs/tags/v1.2.0", after: COMMIT, repository: { full_name: "acme/shop-api" } }, { branch: "v1.2.0", isTag: true, deleted: false }],
    ["a GitHub branch deletion", "github", { ref: "refs/heads/main", after: "0".repeat(40), deleted: true, repository: { full_name: "acme/shop-api" } }, { branch: "main", deleted: true }],
    ["a GitLab branch deletion", "gitlab", { ref: "refs/heads/main", after: "0".repeat(40), checkout_sha: null, project: { path_with_namespace: "acme/shop-api" } }, { deleted: true }],
    ["a GitLab push using checkout_sha", "gitlab", { ref: "refs/heads/feature/x", after: "a".repeat(40), checkout_sha: COMMIT, project: { path_with_namespace: "g/p" } }, { repository: "g/p", branch: "feature/x", commit: COMMIT }],
  ] as const)("reads %s", (_case, host, body, expected) => {
    expect(gitPushFromWebhook(host, body)).toMatchObject(expected);
  });
});

describe("signature checks", () => {
  it("match GitHub's documented example", () => {
    // From GitHub's "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!".
    const header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(verifyGitHubSignature(Buffer.from("Hello, World!"), header, "It's a Secret to Everybody")).toBe(true);
    expect(verifyGitHubSignature(Buffer.from("Hello, World?"), header, "It's a Secret to Everybody")).toBe(false);
  });
  it("refuse everything when the secret is empty", () => {
    expect(verifyGitHubSignature(Buffer.from("x"), signGitHub("x", ""), "")).toBe(false);
    expect(verifyGitLabToken("", "")).toBe(false);
  });
});

describe("the webhook's Lambda handler", () => {
  const ssm = mockClient(SSMClient);
  const sfn = mockClient(SFNClient);
  const SECRET_PARAM = "/glidepath-secrets/prod/webhook";
  beforeEach(() => {
    ssm.reset();
    sfn.reset();
    vi.stubEnv("GLIDEPATH_STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:123456789012:stateMachine:glidepath");
    vi.stubEnv("GLIDEPATH_WEBHOOK_SECRET_PARAM", SECRET_PARAM);
  });
  afterEach(() => vi.unstubAllEnvs());
  afterAll(() => {
    ssm.restore();
    sfn.restore();
  });
  const request = (headers: Record<string, string>) => ({ headers, body: githubBody(), isBase64Encoded: false }) as unknown as LambdaFunctionURLEvent;

  // Runs first: a handler whose first build failed builds again on the next invocation.
  it("names GLIDEPATH_WEBHOOK_SECRET_PARAM when it is not set", async () => {
    vi.stubEnv("GLIDEPATH_WEBHOOK_SECRET_PARAM", "");
    await expect(handler(request({ "x-github-event": "push" }))).rejects.toThrow("GLIDEPATH_WEBHOOK_SECRET_PARAM");
  });

  it("checks the signature against the secret SSM holds under GLIDEPATH_WEBHOOK_SECRET_PARAM", async () => {
    vi.stubEnv("GLIDEPATH_TABLE", "glidepath-test");
    ssm.on(GetParameterCommand, { Name: SECRET_PARAM }).resolves({ Parameter: { Value: SECRET } });
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
    expect((await handler(request({ "x-github-event": "push", "x-hub-signature-256": signGitHub(githubBody(), "wrong") }))).statusCode).toBe(401);
    expect((await handler(request({ "x-github-event": "push", "x-hub-signature-256": signGitHub(githubBody(), SECRET) }))).statusCode).toBe(200);
    expect(ssm.commandCalls(GetParameterCommand).map((call) => call.args[0].input)).toStrictEqual([{ Name: SECRET_PARAM, WithDecryption: true }]);
    expect(sfn.calls()).toHaveLength(0);
  });
});
