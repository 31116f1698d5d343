// Which deployment an operator's command acts on: the one named (by execution name or ARN), or the app/env's
// newest, refused with a clear reason when it is not in progress.
import type { Ledger } from "../adapters/ports.ts";
import type { DeploymentRecord } from "../core/model.ts";

export class NoDeploymentInProgressError extends Error {
  override name = "NoDeploymentInProgressError";
}

export interface DeploymentRef {
  app: string;
  env: string;
  /** The execution (= deployment id), by name or ARN; the app/env's newest deployment when absent. */
  execution?: string;
}

/**
 * The deployment in progress an operator means.
 * Example: `{app: "shop-api", env: "prod"}` whose newest deployment was promoted → NoDeploymentInProgressError
 *   "no deployment of shop-api/prod is in progress: the latest, shop-api-prod-1a2b…, ended promoted (…)".
 */
export async function deploymentInProgress(ledger: Pick<Ledger, "getDeployment" | "listDeployments">, { app, env, execution }: DeploymentRef): Promise<DeploymentRecord> {
  if (execution) {
    // An execution ARN ends with `:<name>`, and the name is the deployment id.
    const id = execution.slice(execution.lastIndexOf(":") + 1);
    const deployment = await ledger.getDeployment(app, env, id);
    if (!deployment) throw new NoDeploymentInProgressError(`no deployment ${id} of ${app}/${env} in the ledger`);
    if (deployment.outcome !== "in_progress") throw new NoDeploymentInProgressError(`${id} is not in progress: it ended ${describeEnd(deployment)}`);
    return deployment;
  }
  const [newest] = await ledger.listDeployments(app, env, 1);
  if (!newest) throw new NoDeploymentInProgressError(`no deployment of ${app}/${env} is in progress (the ledger has none)`);
  if (newest.outcome !== "in_progress")
    throw new NoDeploymentInProgressError(`no deployment of ${app}/${env} is in progress: the latest, ${newest.deploymentId}, ended ${describeEnd(newest)}`);
  return newest;
}

function describeEnd(deployment: DeploymentRecord): string {
  return `${deployment.outcome}${deployment.reason ? ` (${deployment.reason})` : ""}`;
}

/** The deployment's last step, for an error saying where it is instead. */
export function lastStepText(deployment: DeploymentRecord): string {
  const last = deployment.steps.at(-1);
  return last ? ` (last step: ${last.kind}, ${last.reason})` : " (no step recorded yet)";
}
