// StartDeployment: a CodeCommit push (EventBridge) → record it in the branch head chain and start one
// execution per app/env tracking that branch. The execution name `<app>-<env>-<commit12>` is the dedupe:
// EventBridge may deliver an event twice, and the second StartExecution finds the name taken. The same commit
// pushed again from another head (a force push back to it) is a new attempt with a name of its own. The
// webhook handler reuses `startFromPush` for GitHub/GitLab.
import { fromDynamoDb } from "../adapters/env/dynamodb.ts";
import { fromSfn } from "../adapters/env/sfn.ts";
import { fromSsm } from "../adapters/env/ssm.ts";
import { systemClock, type Clock, type ConfigStore, type Executions, type Ledger } from "../adapters/ports.ts";
import { parseConfig } from "../core/config.ts";
import { trackedBranchOf as branchOfSource } from "../core/env-source.ts";
import { executionName } from "../core/naming.ts";
import { gitPushFromCodeCommit, matchAllGitPush, type GitPush, type TrackedBranch } from "../core/push.ts";
import { ConfigNotFoundError } from "../errors.ts";
import { envDeps, eventHandler } from "../shell/event-handler.ts";
import { recordArrival } from "../task-support/branch-chain.ts";

export interface StartDeploymentDeps {
  configs: ConfigStore;
  executions: Executions;
  /** Where each push is recorded (the branch head chain that orders pushes). */
  ledger: Ledger;
  clock?: Clock;
  /** One line per decision; JSON so CloudWatch Logs Insights can query it. */
  log?: (line: string) => void;
}

/** Where a push came from; recorded in the execution input. */
export type PushSource = "codecommit" | "github" | "gitlab" | (string & {});

/** The input of every deployment execution. */
export interface ExecutionInput {
  app: string;
  env: string;
  commit: string;
  repository: string;
  branch: string;
  source: PushSource;
  /** ISO time the push was received. */
  receivedAt: string;
  /** The branch head before the push (`before`/`oldCommitId`); absent for a new branch. */
  before?: string;
  /** Which attempt at this commit (absent: the first); a queued push started again is the next one. */
  attempt?: number;
}

export interface StartedExecution {
  status: "started" | "already started";
  app: string;
  env: string;
  executionName: string;
  executionArn: string;
}

/**
 * What a push led to. When several app/envs track the branch, the top-level fields describe the first and
 * `executions` lists all of them; `status` is "started" if any was newly started.
 */
export type StartOutcome =
  | { status: "ignored"; reason: string }
  | (StartedExecution & { executions: StartedExecution[] });

// SSM allows ~40 GetParameter calls per second shared by everything; stay well below.
const CONFIG_LOADS_AT_ONCE = 5;

const logLine = (log: (line: string) => void, fields: Record<string, unknown>) =>
  log(JSON.stringify({ handler: "start-deployment", ...fields }));

/**
 * The branches every configured app/env tracks, read from each config's `source`. A config that fails
 * validation but still names its repository is tracked anyway: its execution then fails at LoadConfig with
 * every problem listed, which an operator sees, rather than the push vanishing into a log line.
 * Example: `/glidepath/shop-api/prod/config` with source `{ repository: "shop-api" }`
 *   → `[{ app: "shop-api", env: "prod", repository: "shop-api", branch: "main" }]`.
 */
export async function trackedBranches(configs: ConfigStore, log: (line: string) => void): Promise<TrackedBranch[]> {
  const listed = await configs.list();
  const tracked: TrackedBranch[] = [];
  for (let i = 0; i < listed.length; i += CONFIG_LOADS_AT_ONCE) {
    const batch = listed.slice(i, i + CONFIG_LOADS_AT_ONCE);
    const found = await Promise.all(batch.map(({ app, env }) => trackedBranchOf(configs, app, env, log)));
    for (const branch of found) if (branch) tracked.push(branch);
  }
  return tracked;
}

async function trackedBranchOf(configs: ConfigStore, app: string, env: string, log: (line: string) => void): Promise<TrackedBranch | null> {
  let document: unknown;
  try {
    ({ document } = await configs.load(app, env));
  } catch (error) {
    // Deleted between list and load: nothing to track. Anything else (throttling) fails the invocation so
    // EventBridge retries it; the execution name keeps the retry from starting anything twice.
    if (error instanceof ConfigNotFoundError || (error as Error)?.name === "ConfigNotFoundError") return null;
    throw error;
  }
  const parsed = parseConfig(document);
  if (parsed.ok) {
    // An env promoted from another one tracks no branch: its releases arrive by promotion, not by push.
    const branch = branchOfSource(parsed.config.source);
    return branch && { app, env, ...branch };
  }
  const source = (document as { source?: { repository?: unknown; branch?: unknown } } | null)?.source;
  const repository = typeof source?.repository === "string" ? source.repository : undefined;
  logLine(log, { app, env, configInvalid: parsed.problems, tracked: repository !== undefined });
  if (repository === undefined) return null;
  return { app, env, repository, branch: typeof source?.branch === "string" ? source.branch : "main" };
}

/**
 * Starts the deployment(s) a normalized push asks for, or says why it asks for none. Shared by the CodeCommit
 * handler below and the GitHub/GitLab webhook handler.
 * Example: a push of `0123456789abcdef…` to shop-api/main with shop-api/prod tracking it →
 *   `{ status: "started", app: "shop-api", env: "prod", executionName: "shop-api-prod-0123456789ab", … }`.
 */
export async function startFromPush(deps: StartDeploymentDeps, push: GitPush, source: PushSource): Promise<StartOutcome> {
  const log = deps.log ?? console.log;
  const clock = deps.clock ?? systemClock;
  const match = matchAllGitPush(push, await trackedBranches(deps.configs, log));
  if (match.kind === "ignore") {
    logLine(log, { status: "ignored", source, repository: push.repository, ref: push.branch, reason: match.reason });
    return { status: "ignored", reason: match.reason };
  }
  const receivedAt = new Date(clock.now()).toISOString();
  const executions: StartedExecution[] = [];
  for (const { app, env, commit, repository, branch } of match.starts) {
    const before = push.before ?? null;
    const { record } = await recordArrival(deps.ledger, { app, env, commit, before, ...(push.forced !== undefined ? { hostSaysForced: push.forced } : {}), receivedAt });
    const attempt = record.attempts;
    const name = executionName(app, env, commit, attempt);
    // A duplicate delivery must carry the same input as the first (StartExecution's idempotency compares it).
    const input: ExecutionInput = { app, env, commit, repository, branch, source, receivedAt: record.receivedAt, ...(before ? { before } : {}), ...(attempt > 1 ? { attempt } : {}) };
    const { status, executionArn } = await deps.executions.start({ name, input });
    const started: StartedExecution = { status: status === "exists" ? "already started" : "started", app, env, executionName: name, executionArn };
    logLine(log, { ...started, source, commit });
    executions.push(started);
  }
  const first = executions.find((execution) => execution.status === "started") ?? executions[0]!;
  return { ...first, executions };
}

/**
 * The CodeCommit "Repository State Change" handler, with its dependencies injected.
 * Example: `makeStartDeployment({ configs, executions })(aPushEvent())` → `{ status: "started", … }`;
 * the same event again → `{ status: "already started", executionName: "shop-api-prod-0123456789ab", … }`.
 */
export function makeStartDeployment(deps: StartDeploymentDeps) {
  return async function startDeployment(event: unknown): Promise<StartOutcome> {
    const push = gitPushFromCodeCommit(event);
    if ("kind" in push) {
      logLine(deps.log ?? console.log, { status: "ignored", reason: push.reason });
      return { status: "ignored", reason: push.reason };
    }
    return startFromPush(deps, push, "codecommit");
  };
}

export const handler = eventHandler(
  "start-deployment",
  () => {
    const { configStore, executions, ledger, clock } = envDeps(fromSsm, fromSfn, fromDynamoDb);
    return makeStartDeployment({ configs: configStore, executions, ledger, clock });
  },
  // startFromPush logs each decision (one line per app/env started), so the shell logs only failures.
  { summary: false },
);
