// Builds the EventBridge event CodeCommit sends for a push, so local pushes enter exactly as AWS ones do.

export interface LocalPush {
  repositoryName: string;
  branch: string;
  commit: string;
  /** The branch's previous head; absent when the branch was just created. */
  oldCommit?: string;
  time: Date;
  region?: string;
  account?: string;
}

/**
 * A CodeCommit "Repository State Change" event for a branch push (aws-facts.md).
 * Example: `codeCommitPushEvent({ repositoryName: "shop-api", branch: "main", commit: "abc…", time })`
 *   → detail `{ event: "referenceCreated", referenceType: "branch", referenceName: "main", commitId: "abc…", … }`.
 */
export function codeCommitPushEvent(push: LocalPush): Record<string, unknown> {
  const region = push.region ?? "us-east-1";
  const account = push.account ?? "000000000000";
  return {
    version: "0",
    id: `local-${push.commit.slice(0, 12)}-${push.time.getTime()}`,
    "detail-type": "CodeCommit Repository State Change",
    source: "aws.codecommit",
    account,
    time: push.time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region,
    resources: [`arn:aws:codecommit:${region}:${account}:${push.repositoryName}`],
    detail: {
      event: push.oldCommit ? "referenceUpdated" : "referenceCreated",
      repositoryName: push.repositoryName,
      repositoryId: "00000000-0000-4000-8000-000000000000",
      referenceType: "branch",
      referenceName: push.branch,
      referenceFullName: `refs/heads/${push.branch}`,
      commitId: push.commit,
      ...(push.oldCommit ? { oldCommitId: push.oldCommit } : {}),
    },
  };
}
