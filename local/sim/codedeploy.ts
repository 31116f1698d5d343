// Simulated CodeDeploy: deployment groups (setup helper), CreateDeployment / GetDeployment moving
// Created → InProgress → Succeeded | Failed on the virtual clock, one active deployment per group, and
// StopDeployment with autoRollbackEnabled starting a NEW rollback deployment to the last good revision.
//
// A deployment group has a compute platform (Server = EC2/On-premises by default) and may name Auto Scaling
// groups. CreateDeployment refuses a revision its platform cannot take: per the API reference's
// RevisionLocation, `String` and `AppSpecContent` revisions are for AWS Lambda (and ECS) deployments only;
// an EC2/On-premises deployment takes an S3 or GitHub revision (InvalidRevisionException).
//
// A deployment fails when `sim.failBuildsFor(commit)` names a commit that appears in its revision or
// description. Instances are not modeled here (Auto Scaling is the fleet model that boots instances).
import type { ComputePlatform, CreateDeploymentCommandInput, DeploymentInfo, RevisionLocation } from "@aws-sdk/client-codedeploy";
import type { Operation, ServiceModel, SimContext } from "./context.ts";
import { awsError } from "./errors.ts";

type Status = "Created" | "InProgress" | "Succeeded" | "Failed" | "Stopped";

interface Deployment {
  id: string;
  app: string;
  group: string;
  status: Status;
  revision?: RevisionLocation;
  description?: string;
  creator: "user" | "autoRollback";
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
  error?: { code: string; message: string };
  rollbackInfo?: { rollbackDeploymentId?: string; rollbackTriggeringDeploymentId?: string; rollbackMessage?: string };
}

const active = (d: Deployment) => d.status === "Created" || d.status === "InProgress";

interface DeploymentGroup {
  computePlatform: ComputePlatform;
  autoScalingGroups: string[];
}

/** The revision types each compute platform deploys (API reference, RevisionLocation.revisionType). */
const REVISION_TYPES: Record<ComputePlatform, readonly string[]> = {
  Server: ["S3", "GitHub"],
  Lambda: ["S3", "String", "AppSpecContent"],
  ECS: ["S3", "AppSpecContent"],
};

export class CodeDeployModel implements ServiceModel {
  private groups = new Map<string, Map<string, DeploymentGroup>>();
  private deployments = new Map<string, Deployment>();

  constructor(private readonly ctx: SimContext) {}

  /** Setup helper: an application with a deployment group (EC2/On-premises unless told otherwise). */
  createDeploymentGroup(application: string, group: string, options: { computePlatform?: ComputePlatform; autoScalingGroups?: string[] } = {}): void {
    const groups = this.groups.get(application) ?? new Map<string, DeploymentGroup>();
    groups.set(group, { computePlatform: options.computePlatform ?? "Server", autoScalingGroups: options.autoScalingGroups ?? [] });
    this.groups.set(application, groups);
  }

  private findGroup(app: string, group: string): DeploymentGroup {
    const groups = this.groups.get(app);
    if (!groups) throw awsError("codedeploy", "ApplicationDoesNotExistException", `No application found for name: ${app}`);
    const found = groups.get(group);
    if (!found) throw awsError("codedeploy", "DeploymentGroupDoesNotExistException", `No Deployment Group found for name: ${group}`);
    return found;
  }

  readonly operations: Record<string, Operation> = {
    CreateDeployment: (input: CreateDeploymentCommandInput) => {
      const app = input.applicationName ?? "";
      const group = input.deploymentGroupName ?? "";
      const { computePlatform } = this.findGroup(app, group);
      const revisionType = input.revision?.revisionType;
      if (revisionType && !REVISION_TYPES[computePlatform].includes(revisionType)) {
        throw awsError(
          "codedeploy",
          "InvalidRevisionException",
          `The revision was specified in an invalid format: revision type ${revisionType} is not supported for the ${computePlatform} compute platform`,
        );
      }
      const running = [...this.deployments.values()].find((d) => d.app === app && d.group === group && active(d));
      if (running) {
        throw awsError("codedeploy", "DeploymentLimitExceededException", `The Deployment Group '${group}' already has an active Deployment '${running.id}'`);
      }
      const deployment = this.start(app, group, "user", input.revision, input.description);
      return { deploymentId: deployment.id };
    },
    GetDeploymentGroup: (input: { applicationName?: string; deploymentGroupName?: string }) => {
      const app = input.applicationName ?? "";
      const name = input.deploymentGroupName ?? "";
      const group = this.findGroup(app, name);
      return {
        deploymentGroupInfo: {
          applicationName: app,
          deploymentGroupName: name,
          computePlatform: group.computePlatform,
          autoScalingGroups: group.autoScalingGroups.map((asg) => ({ name: asg })),
        },
      };
    },
    GetDeployment: (input: { deploymentId?: string }) => ({ deploymentInfo: this.view(this.find(input.deploymentId)) }),
    StopDeployment: (input: { deploymentId?: string; autoRollbackEnabled?: boolean }) => {
      const deployment = this.find(input.deploymentId);
      if (!active(deployment)) throw awsError("codedeploy", "DeploymentAlreadyCompletedException", `The deployment ${deployment.id} has already completed.`);
      deployment.status = "Stopped";
      deployment.completedAt = this.ctx.clock.now();
      deployment.error = { code: "DEPLOYMENT_STOPPED", message: "The deployment was stopped by a user request" };
      if (!input.autoRollbackEnabled) return { status: "Succeeded", statusMessage: "Deployment stopped." };
      const lastGood = [...this.deployments.values()]
        .filter((d) => d.app === deployment.app && d.group === deployment.group && d.status === "Succeeded")
        .sort((a, b) => (b.completedAt ?? 0) - (a.completedAt ?? 0))[0];
      if (!lastGood) {
        deployment.rollbackInfo = { rollbackMessage: "Automatic rollback not possible: no last successful deployment in this group" };
        return { status: "Succeeded", statusMessage: "Deployment stopped; nothing to roll back to." };
      }
      // A rollback is a new deployment with its own id, redeploying the last good revision.
      const rollback = this.start(deployment.app, deployment.group, "autoRollback", lastGood.revision, `Rollback of ${deployment.id}`);
      rollback.rollbackInfo = { rollbackTriggeringDeploymentId: deployment.id };
      deployment.rollbackInfo = { rollbackDeploymentId: rollback.id, rollbackMessage: `Automatic rollback triggered by a user request; rollback deployment ${rollback.id}` };
      return { status: "Pending", statusMessage: "Stopping Pending. Stopping to roll back to a previous revision." };
    },
  };

  /** The deployment group a deployment belongs to (what IAM authorizes GetDeployment against), if it exists. */
  deploymentGroupOf(deploymentId: string): { applicationName: string; deploymentGroupName: string } | undefined {
    const deployment = this.deployments.get(deploymentId);
    return deployment && { applicationName: deployment.app, deploymentGroupName: deployment.group };
  }

  private find(id: string | undefined): Deployment {
    if (!id) throw awsError("codedeploy", "DeploymentIdRequiredException", "A deployment ID must be specified.");
    const deployment = this.deployments.get(id);
    if (!deployment) throw awsError("codedeploy", "DeploymentDoesNotExistException", `The deployment ${id} could not be found.`);
    return deployment;
  }

  private start(app: string, group: string, creator: Deployment["creator"], revision?: RevisionLocation, description?: string): Deployment {
    const deployment: Deployment = {
      id: `d-${this.ctx.rng.upperAlnum(9)}`,
      app,
      group,
      status: "Created",
      creator,
      createdAt: this.ctx.clock.now(),
      ...(revision ? { revision: structuredClone(revision) } : {}),
      ...(description ? { description } : {}),
    };
    this.deployments.set(deployment.id, deployment);
    const fails = creator === "user" && this.ctx.faults.buildFails([JSON.stringify(revision ?? {}), description ?? ""]);
    this.ctx.clock.schedule(this.ctx.timings.codedeployStartMs, () => {
      if (deployment.status !== "Created") return;
      deployment.status = "InProgress";
      deployment.startedAt = this.ctx.clock.now();
      this.ctx.clock.schedule(this.ctx.timings.codedeployRunMs, () => {
        if (deployment.status !== "InProgress") return;
        deployment.status = fails ? "Failed" : "Succeeded";
        deployment.completedAt = this.ctx.clock.now();
        if (fails) deployment.error = { code: "SCRIPT_FAILED", message: "Script at specified location: scripts/validate.sh failed with exit code 1 (simulated bad build)" };
      });
    });
    return deployment;
  }

  private view(d: Deployment): DeploymentInfo {
    return {
      applicationName: d.app,
      deploymentGroupName: d.group,
      deploymentId: d.id,
      status: d.status,
      creator: d.creator as DeploymentInfo["creator"],
      createTime: new Date(d.createdAt),
      ...(d.startedAt ? { startTime: new Date(d.startedAt) } : {}),
      ...(d.completedAt ? { completeTime: new Date(d.completedAt) } : {}),
      ...(d.revision ? { revision: structuredClone(d.revision) } : {}),
      ...(d.description ? { description: d.description } : {}),
      ...(d.error ? { errorInformation: { code: d.error.code as never, message: d.error.message } } : {}),
      ...(d.rollbackInfo ? { rollbackInfo: { ...d.rollbackInfo } } : {}),
    };
  }
}
