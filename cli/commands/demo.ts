// `glidepath demo` (`npm run demo`): three releases through the local sandbox with real traffic.
import { resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { runDemo, type DemoSummary } from "../../local/demo/demo.ts";
import { colourWanted } from "../../local/report/live.ts";
import { summaryOf } from "../command-table.ts";
import { cliIo, EXIT_FAILED, printJson, printLines, runCommand, setExitCode } from "../output.ts";
import { foldReason } from "../../local/report/reason-text.ts";

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(summaryOf("demo"))
    .option("--json", "print only the machine-readable summary")
    .option("--speed <n>", `virtual time runs this many times faster than real time (at most ${MAX_SPEED})`, speed, 60)
    .option("--rate <n>", "real HTTP requests per second", positiveNumber, 150)
    .option("--report-dir <dir>", "where to write the HTML report", "reports")
    .option("--seed <n>", "seed for the simulated clients and errors", positiveNumber, 1)
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath demo                      about 35 s; exits 1 if a release did not end as expected
  $ glidepath demo --speed 120 --seed 7
  $ glidepath demo --json > summary.json`,
    )
    .action((options: { json?: boolean; speed: number; rate: number; reportDir: string; seed: number }) =>
      runCommand(async () => {
        const live = !options.json;
        if (live) printLines(["Glidepath demo: a local sandbox (simulated AWS, real HTTP traffic on 127.0.0.1), three releases.", ""]);
        const summary = await runDemo({
          speed: options.speed,
          ratePerSecond: options.rate,
          reportDir: resolve(options.reportDir),
          seed: options.seed,
          live,
          colour: colourWanted(cliIo().stdout, cliIo().env),
          write: (line) => printLines([line]),
        });
        if (options.json) printJson(summary);
        else printLines(describeSummary(summary));
        if (!summary.asExpected) setExitCode(EXIT_FAILED);
      }),
    );
}

function describeSummary(summary: DemoSummary): string[] {
  return [
    "",
    "Summary",
    ...summary.deployments.map(
      // Short: the alarm's full text was printed once, when it fired, and is in the report.
      (d) => `  ${d.commit.padEnd(4)} ${d.outcome.padEnd(12)} live slot ${d.liveSlot}  (${d.virtualMinutes} virtual min)  ${foldReason(d.reason).short}`,
    ),
    `  live commit: ${summary.liveCommit ?? "none"}`,
    `  ${summary.requestsSent} real requests; ${summary.virtualMinutes} virtual minutes in ${summary.wallSeconds}s of wall time`,
    summary.asExpected ? "  every release ended as expected" : "  SOME RELEASES DID NOT END AS EXPECTED",
    `  report: ${summary.report}`,
  ];
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError(`"${value}" is not a positive number`);
  return number;
}

/** Above this, one 50 ms tick jumps more than 30 virtual seconds: alarm checks and metrics would be skipped over. */
export const MAX_SPEED = 600;

export function speed(value: string): number {
  const number = positiveNumber(value);
  if (number > MAX_SPEED) throw new InvalidArgumentError(`${number} is above ${MAX_SPEED} (faster would skip alarm checks)`);
  return number;
}
