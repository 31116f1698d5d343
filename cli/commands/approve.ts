// `glidepath approve --app APP --env ENV`: answers the approval step a deployment on AWS is waiting on.
import { userInfo } from "node:os";
import type { Command } from "commander";
import { adaptersFromEnv } from "../../functions/adapters/index.ts";
import { sendApprovalDecision, type ApprovalDecisionSent } from "../../functions/operator/approve.ts";
import { summaryOf } from "../command-table.ts";
import { InputError } from "../config-file.ts";
import { cliIo, printJson, printLines, runCommand } from "../output.ts";

interface ApproveOptions {
  app: string;
  env: string;
  execution?: string;
  reject?: boolean;
  reason?: string;
  json?: boolean;
}

export function registerApprove(program: Command): void {
  program
    .command("approve")
    .description(summaryOf("approve"))
    .requiredOption("--app <app>", "app of the deployment")
    .requiredOption("--env <env>", "environment of the deployment")
    .option("--execution <name>", "execution name or ARN (default: the app/env's deployment in progress)")
    .option("--reject", "reject instead: the deployment rolls back")
    .option("--reason <text>", "why; a rejection's reason becomes the rollback reason")
    .option("--json", "print the machine-readable result")
    .addHelpText(
      "after",
      `
Examples:
  $ GLIDEPATH_TABLE=glidepath-prod AWS_REGION=eu-west-1 glidepath approve --app shop-api --env prod
  $ glidepath approve --app shop-api --env prod --reject --reason "p99 latency too high in the A/B test"
  $ glidepath approve --app shop-api --env prod --execution shop-api-prod-1a2b3c4d --json`,
    )
    .action((options: ApproveOptions) =>
      runCommand(async () => {
        const env = cliIo().env;
        if (!env["GLIDEPATH_TABLE"]?.trim())
          throw new InputError("environment variable GLIDEPATH_TABLE is not set: the stage's DynamoDB table, glidepath-<stage> (e.g. GLIDEPATH_TABLE=glidepath-prod)");
        const approved = !options.reject;
        const sent = await withRegionHint(() =>
          sendApprovalDecision(adaptersFromEnv(env), {
            app: options.app,
            env: options.env,
            ...(options.execution ? { execution: options.execution } : {}),
            approved,
            reason: options.reason ?? `${approved ? "Approved" : "Rejected"} by ${operatorName()} with glidepath approve`,
          }),
        );
        if (options.json) printJson(sent);
        else printLines([describe(sent)]);
      }),
    );
}

function describe(sent: ApprovalDecisionSent): string {
  const verb = sent.approved ? "Approved" : "Rejected";
  const next = sent.approved ? "It continues to 100% of traffic." : "It rolls back to the live slot.";
  return `${verb} ${sent.deploymentId} (commit ${sent.commit.slice(0, 12)}): ${sent.question} — ${sent.reason}. ${next}`;
}

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return "an operator";
  }
}

/** The SDK's "Region is missing" does not say where a region comes from. */
async function withRegionHint<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && /region is missing/i.test(error.message))
      throw new InputError("no AWS region configured: set AWS_REGION (or a region in the AWS profile you use)");
    throw error;
  }
}
