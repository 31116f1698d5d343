// `glidepath approve --app APP --env ENV`: answers the approval step a deployment is waiting on.
import type { Command } from "commander";
import { NoDeploymentInProgressError, sendApprovalDecision, type ApprovalDecisionSent } from "../../functions/operator/approve.ts";
import { approvePromotion } from "../../functions/operator/promote-env.ts";
import { describePromotion } from "./promote-env.ts";
import { summaryOf } from "../command-table.ts";
import { operatorBackend, operatorName } from "../context.ts";
import { printJson, printLines, runCommand } from "../output.ts";
import { localOption } from "../operator-options.ts";

interface ApproveOptions {
  app: string;
  env: string;
  execution?: string;
  reject?: boolean;
  reason?: string;
  json?: boolean;
}

export function registerApprove(program: Command): void {
  localOption(program.command("approve").description(summaryOf("approve")))
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
  $ glidepath approve --app shop-api --env prod --execution shop-api-prod-1a2b3c4d --json

For an env promoted from another with source.approval: true, when no deployment is in progress, it starts
the promotion whose soak has passed (as glidepath promote-env would; that needs GLIDEPATH_STATE_MACHINE_ARN too).

Needs GLIDEPATH_TABLE (the stage's table, glidepath-<stage>), AWS credentials and a region.`,
    )
    .action((options: ApproveOptions) =>
      runCommand(async () => {
        const { adapters } = operatorBackend({ stateMachine: "optional" });
        const approved = !options.reject;
        const reason = options.reason ?? `${approved ? "Approved" : "Rejected"} by ${operatorName()} with glidepath approve`;
        const sent = await sendApprovalDecision(adapters, {
          app: options.app,
          env: options.env,
          ...(options.execution ? { execution: options.execution } : {}),
          approved,
          reason,
        }).catch(async (error: Error) => {
          // No deployment waits: an env promoted with `approval: true` may have a soaked release waiting to start.
          if (!(error instanceof NoDeploymentInProgressError) || options.execution) throw error;
          const backend = operatorBackend();
          return approvePromotion({ ...backend.adapters, clock: backend.clock }, { app: options.app, env: options.env, approved, by: operatorName(), reason });
        });
        if ("executionName" in sent) {
          if (options.json) printJson(sent);
          else printLines(describePromotion(sent));
          return;
        }
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
