// `glidepath local up` end to end, in this process: a sandbox deploying a local repository's commits, served on
// an ephemeral loopback port, and the operator commands of another "shell" (their own CLI runs) reaching it
// through GLIDEPATH_ENDPOINT with ordinary SDK clients — the code paths they take on AWS.
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { awsOperatorBackend } from "../../cli/operator-backend.ts";
import { runCli, type CliIo } from "../../cli/run-cli.ts";
import { commitFiles, initRepository } from "../../local/git.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";
import { glidepath } from "./run-cli.ts";

const temporaryFolder = useTemporaryFolders("glidepath-local-up-");

/** Starts `glidepath local up …` and returns its output so far, and a Ctrl-C that resolves with its exit code. */
function localUp(args: string[]) {
  const output = { stdout: "", stderr: "" };
  let interrupt!: () => void;
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const io: CliIo = {
    stdout: { write: (text: string) => (output.stdout += text), isTTY: false },
    stderr: { write: (text: string) => (output.stderr += text) },
    env: { ...process.env },
    interrupted: () => interrupted,
  };
  const exit = runCli(["local", "up", ...args], io);
  return { output, stop: () => (interrupt(), exit) };
}

async function eventually<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resume) => setTimeout(resume, 100));
  }
}

describe("glidepath local up", () => {
  it("serves a running sandbox that status and history reach through GLIDEPATH_ENDPOINT", async () => {
    const repo = join(temporaryFolder(), "shop-api");
    await initRepository(repo);
    const commit = await commitFiles(repo, { "behaviour.json": "{}" }, "v1");
    const up = localUp(["--repo", repo, "--port", "0", "--speed", "600"]);
    try {
      const url = await eventually(async () => /GLIDEPATH_ENDPOINT=(http:\/\/127\.0\.0\.1:\d+)/.exec(up.output.stdout)?.[1], "local up to print its endpoint");
      const env = { GLIDEPATH_ENDPOINT: url, GLIDEPATH_TABLE: "", GLIDEPATH_STATE_MACHINE_ARN: "" };

      const history = await eventually(async () => {
        const run = await glidepath("history", "--app", "shop-api", "--env", "sandbox", "--json", { env });
        expect(run.code, run.stdout + run.stderr).toBe(0);
        const document = JSON.parse(run.stdout) as { deployments: Array<{ commit: string; outcome: string; executionArn: string }> };
        return document.deployments.find((d) => d.commit === commit && d.outcome === "promoted") ? document : undefined;
      }, "the first commit to be promoted");
      expect(history.deployments[0]).toMatchObject({ commit, outcome: "promoted", executionArn: expect.stringContaining(":execution:glidepath:shop-api-sandbox-") });

      // `--local` names the same endpoint (GLIDEPATH_ENDPOINT when set, else local up's default port).
      const status = await glidepath("status", "--app", "shop-api", "--env", "sandbox", "--json", "--local", { env });
      expect(status.code, status.stderr).toBe(0);
      expect((JSON.parse(status.stdout) as { live: { commit: string } }).live.commit).toBe(commit);
    } finally {
      expect(await up.stop()).toBe(0);
    }
  }, 90_000);

  it.each([["status", "--json"], ["history"]])("says nothing answers when no sandbox listens at the endpoint (%s)", async (command, ...flags) => {
    const url = `http://127.0.0.1:${await aClosedPort()}`;
    const run = await glidepath(command, "--app", "shop-api", "--env", "sandbox", "--local", ...flags, { env: { GLIDEPATH_ENDPOINT: url, GLIDEPATH_TABLE: "", GLIDEPATH_STATE_MACHINE_ARN: "" } });
    expect(run.code).toBe(2);
    const message = `nothing answers at ${url}: is \`glidepath local up\` running?`;
    if (flags.includes("--json")) expect(JSON.parse(run.stdout)).toEqual({ error: { name: "InputError", message } });
    else expect(run.stderr).toContain(message);
    expect(run.stdout + run.stderr).not.toContain("ECONNREFUSED");
  });

  it("gives up at the first refused connection rather than retrying it as a network error", async () => {
    const backend = awsOperatorBackend({ GLIDEPATH_ENDPOINT: `http://127.0.0.1:${await aClosedPort()}` }, { stateMachine: "optional" });
    await expect(backend.adapters.ledger.getLive("shop-api", "sandbox")).rejects.toMatchObject({ name: "InputError", $metadata: { attempts: 1 } });
  });

  it("refuses a GLIDEPATH_ENDPOINT off loopback", async () => {
    const run = await glidepath("history", "--app", "shop-api", "--env", "sandbox", { env: { GLIDEPATH_ENDPOINT: "http://10.0.0.5:4510" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("GLIDEPATH_ENDPOINT must be a loopback address");
  });
});

/** A loopback port nothing listens on: one the system just handed out and that was closed again. */
async function aClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}
