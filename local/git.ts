// The few git operations the sandbox needs, through the git command line (no library reimplements git well).
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

async function git(repo: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", ["-C", repo, ...args], {
    env: { ...process.env, GIT_AUTHOR_NAME: "Glidepath demo", GIT_AUTHOR_EMAIL: "demo@glidepath.invalid", GIT_COMMITTER_NAME: "Glidepath demo", GIT_COMMITTER_EMAIL: "demo@glidepath.invalid" },
  });
  return stdout.trim();
}

/** Creates an empty repository whose first branch is `branch`. */
export async function initRepository(dir: string, branch = "main"): Promise<void> {
  await mkdir(dir, { recursive: true });
  await git(dir, ["init", "--quiet", `--initial-branch=${branch}`]);
}

/** Writes the files and commits them; returns the new commit id. */
export async function commitFiles(repo: string, files: Record<string, string>, message: string): Promise<string> {
  for (const [path, content] of Object.entries(files)) await writeFile(join(repo, path), content);
  await git(repo, ["add", "--all"]);
  await git(repo, ["commit", "--quiet", "--allow-empty", "-m", message]);
  return git(repo, ["rev-parse", "HEAD"]);
}

/** The commit a branch points at, or null when the branch does not exist (yet, or any more). */
export async function branchHead(repo: string, branch: string): Promise<string | null> {
  try {
    return await git(repo, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`]);
  } catch {
    return null;
  }
}

/** The repository's branch names, sorted. */
export async function branchNames(repo: string): Promise<string[]> {
  const listed = await git(repo, ["for-each-ref", "--format=%(refname:short)", "refs/heads"]);
  return listed.split("\n").filter((name) => name !== "").sort();
}

/** A file's content at a commit, or null when the commit does not have it. */
export async function fileAt(repo: string, commit: string, path: string): Promise<string | null> {
  try {
    return await git(repo, ["show", `${commit}:${path}`]);
  } catch {
    return null;
  }
}

/** Whether `dir` is inside a git work tree. */
export async function isRepository(dir: string): Promise<boolean> {
  try {
    return (await git(dir, ["rev-parse", "--is-inside-work-tree"])) === "true";
  } catch {
    return false;
  }
}
