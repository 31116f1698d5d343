import { describe, expect, it } from "vitest";
import { matchAllGitPush, matchGitPush, matchPush, type GitPush, type PushMatch, type TrackedBranch } from "../../functions/core/push.ts";
import { A_COMMIT, aPushEvent } from "../fixtures/events.ts";

const prod: TrackedBranch = { app: "shop-api", env: "prod", repository: "shop-api", branch: "main" };
const staging: TrackedBranch = { app: "shop-api", env: "staging", repository: "shop-api", branch: "develop" };
const configs = [prod, staging];

const startProd: PushMatch = { kind: "start", app: "shop-api", env: "prod", commit: A_COMMIT, repository: "shop-api", branch: "main" };

describe("matchPush (CodeCommit events)", () => {
  it.each<[string, unknown, PushMatch]>([
    ["starts on a push to a tracked branch", aPushEvent(), startProd],
    ["starts on a newly created tracked branch", aPushEvent({ detail: { event: "referenceCreated" } }), startProd],
    ["starts the env that tracks the pushed branch", aPushEvent({ detail: { referenceName: "develop" } }), { ...startProd, env: "staging", branch: "develop" }],
    ["ignores a tag push", aPushEvent({ detail: { referenceType: "tag", referenceName: "v1.2.0" } }), { kind: "ignore", reason: "tag v1.2.0 of shop-api was pushed; only branch pushes deploy" }],
    ["ignores a branch deletion", aPushEvent({ detail: { event: "referenceDeleted" } }), { kind: "ignore", reason: "branch main of shop-api was deleted; nothing to deploy" }],
    ["ignores a push that leaves the head where it was", aPushEvent({ detail: { oldCommitId: "0123456789abcdef0123456789abcdef01234567" } }), { kind: "ignore", reason: "branch main of shop-api did not move (its head was already 0123456789ab); nothing to deploy" }],
    ["ignores an unknown repository", aPushEvent({ detail: { repositoryName: "billing" } }), { kind: "ignore", reason: "no app is configured for repository billing" }],
    ["ignores an untracked branch, naming the tracked ones", aPushEvent({ detail: { referenceName: "feature/x" } }), { kind: "ignore", reason: "branch feature/x of shop-api is not tracked (tracked: main, develop)" }],
    ["ignores an event from another source", { ...aPushEvent(), source: "aws.s3" }, { kind: "ignore", reason: 'not a CodeCommit Repository State Change event (source: Invalid input: expected "aws.codecommit")' }],
    ["ignores an event without detail", { source: "aws.codecommit", "detail-type": "CodeCommit Repository State Change" }, { kind: "ignore", reason: "not a CodeCommit Repository State Change event (detail: Invalid input: expected object, received undefined)" }],
  ])("%s", (_rule, event, expected) => {
    expect(matchPush(event, configs)).toEqual(expected);
  });

  it("treats an update without a commitId as a deletion", () => {
    const event = aPushEvent();
    delete event.detail.commitId;
    expect(matchPush(event, configs)).toEqual({ kind: "ignore", reason: "branch main of shop-api was deleted; nothing to deploy" });
  });
});

const aGitPush = (overrides: Partial<GitPush> = {}): GitPush => ({
  repository: "shop-api",
  branch: "main",
  commit: A_COMMIT,
  deleted: false,
  isTag: false,
  ...overrides,
});

describe("matchGitPush (webhook pushes)", () => {
  it.each<[string, GitPush, TrackedBranch[], PushMatch]>([
    ["starts on a push to a tracked branch", aGitPush(), configs, startProd],
    ["ignores a deleted branch", aGitPush({ deleted: true }), configs, { kind: "ignore", reason: "branch main of shop-api was deleted; nothing to deploy" }],
    ["treats GitHub's all-zero commit as a deletion", aGitPush({ commit: "0".repeat(40) }), configs, { kind: "ignore", reason: "branch main of shop-api was deleted; nothing to deploy" }],
    ["ignores a tag", aGitPush({ isTag: true, branch: "v2" }), configs, { kind: "ignore", reason: "tag v2 of shop-api was pushed; only branch pushes deploy" }],
    ["ignores a push when nothing is configured", aGitPush(), [], { kind: "ignore", reason: "no app is configured for repository shop-api" }],
  ])("%s", (_rule, push, tracked, expected) => {
    expect(matchGitPush(push, tracked)).toEqual(expected);
  });

  it("starts every env that tracks the same branch, in config order", () => {
    const canary: TrackedBranch = { ...prod, env: "canary" };
    const match = matchAllGitPush(aGitPush(), [canary, staging, prod]);
    expect(match.kind === "start" && match.starts.map((start) => start.env)).toEqual(["canary", "prod"]);
    expect(matchGitPush(aGitPush(), [canary, prod])).toEqual({ ...startProd, env: "canary" });
  });
});
