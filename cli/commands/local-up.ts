// `glidepath local up`: a sandbox that keeps running, its simulated AWS served on loopback as AWS-compatible
// HTTP endpoints, so the operator commands run against it from any shell through GLIDEPATH_ENDPOINT — the same
// code paths as on AWS, only the clients' endpoint differs. (Chosen over handing the simulator to other
// processes by some private protocol: the CLI's real SDK clients then serialize, sign and parse as on AWS,
// and any AWS tool pointed at the endpoint works too.)
import { resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { isRepository } from "../../local/git.ts";
import { colourWanted, formatEvent } from "../../local/report/live.ts";
import { startSandbox, type Sandbox } from "../../local/sandbox/sandbox.ts";
import { SANDBOX_ENDPOINT_PORT } from "../../local/sandbox/sandbox-names.ts";
import { serveSimulatedAws } from "../../local/sim/wire/loopback-server.ts";
import { watchLocalRepository } from "../../local/watch-sandbox.ts";
import { InputError } from "../config-file.ts";
import { cliIo, printLines, runCommand } from "../output.ts";
import { MAX_SPEED, speed } from "./demo.ts";

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError(`${value} is not a port (0–65535; 0 picks a free one)`);
  return number;
}

interface UpOptions {
  repo?: string;
  branch: string;
  speed: number;
  port: number;
}

export function registerLocalUp(local: Command): void {
  local
    .command("up")
    .description("keep a sandbox running and serve its simulated AWS on 127.0.0.1 for the operator commands (GLIDEPATH_ENDPOINT)")
    .option("-r, --repo <path>", "also deploy every new commit on a branch of this git repository, as `local watch` does")
    .option("-b, --branch <name>", "branch of --repo to watch", "main")
    .option("--speed <n>", `virtual time runs this many times faster than real time (at most ${MAX_SPEED})`, speed, 60)
    .option("--port <port>", "loopback port to serve on (0: a free one)", port, SANDBOX_ENDPOINT_PORT)
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath local up -r ../shop-api
  $ GLIDEPATH_ENDPOINT=http://127.0.0.1:${SANDBOX_ENDPOINT_PORT} glidepath status --app shop-api --env sandbox --watch`,
    )
    .action((options: UpOptions) =>
      runCommand(async () => {
        if (options.repo && !(await isRepository(options.repo))) throw new InputError(`${resolve(options.repo)} is not a git repository (--repo)`);
        const colour = colourWanted(cliIo().stdout, cliIo().env);
        const write = (line: string) => printLines([line]);
        let sandbox: Sandbox;
        let stop: () => Promise<void>;
        if (options.repo) {
          const watching = await watchLocalRepository({ repo: options.repo, branch: options.branch, speed: options.speed, write, colour });
          ({ sandbox } = watching);
          stop = () => watching.stop();
        } else {
          let startedAt = 0;
          sandbox = await startSandbox({ pace: { speed: options.speed }, traffic: "synthetic", onEvent: (event) => write(formatEvent(event, startedAt, { colour })) });
          startedAt = sandbox.clock.now();
          stop = () => sandbox.close();
        }
        const endpoint = await serveSimulatedAws({ sim: sandbox.sim, dynalite: sandbox.dynalite, executions: sandbox.executions }, options.port).catch(async (error: Error) => {
          await stop();
          throw new InputError(`cannot serve on 127.0.0.1:${options.port} (--port): ${error.message}`);
        });
        const { app, env } = sandbox.config;
        printLines([
          `Sandbox up: simulated AWS on ${endpoint.url} (loopback only)${options.repo ? `, deploying commits on ${options.branch} of ${resolve(options.repo)}` : ""}.`,
          "In another shell:",
          `  export GLIDEPATH_ENDPOINT=${endpoint.url}`,
          `  glidepath status --app ${app} --env ${env} --watch`,
          `  glidepath history --app ${app} --env ${env}`,
          "Ctrl-C to stop.",
        ]);
        await cliIo().interrupted();
        await endpoint.close();
        await stop();
      }),
    );
}
