// Runs the real `glidepath` command (cli/bin.js) as a child process and returns its exit code and output.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const cli = join(import.meta.dirname, "../../cli/bin.js");

/** Arguments, optionally followed by `{ env }`: variables to set (or, as "", to unset) for this run only. */
export async function glidepath(...args: Array<string | { env: Record<string, string> }>): Promise<{ code: number; stdout: string; stderr: string }> {
  const words = args.filter((arg): arg is string => typeof arg === "string");
  const overrides = args.find((arg) => typeof arg !== "string")?.env ?? {};
  const env = { ...process.env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === "") delete env[name];
    else env[name] = value;
  }
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...words], { env, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
