// Simulated EC2 Image Builder: pipelines registered by setup, StartImagePipelineExecution with clientToken
// idempotency, and GetImage moving BUILDING → AVAILABLE | FAILED with the output AMI registered in EC2.
//
// The AMI carries the pipeline's tags (set them with `createPipeline(name, { app, env, commit })`); a build
// fails when `sim.failBuildsFor(commit)` matches one of those tags or appears in the client token.
import type { Tag } from "@aws-sdk/client-ec2";
import type { StartImagePipelineExecutionCommandInput } from "@aws-sdk/client-imagebuilder";
import { IMAGE_BUILDER_EVENT } from "../../functions/core/image-events.ts";
import { ACCOUNT_ID, REGION, type Operation, type ServiceModel, type SimContext } from "./context.ts";
import type { Ec2Model } from "./ec2.ts";
import type { EventBridgeModel } from "./eventbridge.ts";
import { awsError } from "./errors.ts";

interface Build {
  arn: string;
  pipelineArn: string;
  clientToken: string;
  status: "BUILDING" | "AVAILABLE" | "FAILED";
  amiId?: string;
  reason?: string;
  createdAt: number;
}

export class ImageBuilderModel implements ServiceModel {
  private pipelines = new Map<string, { name: string; tags: Record<string, string>; builds: number }>();
  private builds = new Map<string, Build>();
  private byToken = new Map<string, Build>();

  constructor(private readonly ctx: SimContext, private readonly ec2: Ec2Model, private readonly eventbridge?: EventBridgeModel) {}

  /** Image Builder's "EC2 Image Builder Image State Change" (events-ref-imagebuilder): the build's ARN and its status. */
  private announce(build: Build, previous: Build["status"]): void {
    this.eventbridge?.sendServiceEvent({
      source: IMAGE_BUILDER_EVENT.source,
      "detail-type": IMAGE_BUILDER_EVENT.detailType,
      resources: [build.arn],
      detail: { "previous-state": { status: previous }, state: { status: build.status, ...(build.reason ? { reason: build.reason } : {}) } },
    });
  }

  /** Setup helper: a pipeline whose output AMIs carry `tags`. Returns its ARN. */
  createPipeline(name: string, tags: Record<string, string> = {}): string {
    const arn = `arn:aws:imagebuilder:${REGION}:${ACCOUNT_ID}:image-pipeline/${name}`;
    this.pipelines.set(arn, { name, tags, builds: 0 });
    return arn;
  }

  /** What names a build (its client token and its pipeline's tag values): how a fault finds the commit it is for. */
  buildMentions(buildVersionArn: string): string[] {
    const build = this.builds.get(buildVersionArn);
    if (!build) return [];
    return [build.clientToken, ...Object.values(this.pipelines.get(build.pipelineArn)?.tags ?? {})];
  }

  readonly operations: Record<string, Operation> = {
    StartImagePipelineExecution: (input: StartImagePipelineExecutionCommandInput) => this.start(input),
    GetImage: (input: { imageBuildVersionArn?: string }) => {
      const build = this.builds.get(input.imageBuildVersionArn ?? "");
      if (!build) throw awsError("imagebuilder", "ResourceNotFoundException", `Resource not found: ${input.imageBuildVersionArn}`);
      return {
        requestId: `sim-${build.arn}`,
        image: {
          arn: build.arn,
          state: { status: build.status, ...(build.reason ? { reason: build.reason } : {}) },
          dateCreated: new Date(build.createdAt).toISOString(),
          outputResources: { amis: build.amiId && build.status === "AVAILABLE" ? [{ region: REGION, image: build.amiId, accountId: ACCOUNT_ID }] : [] },
        },
      };
    },
  };

  private start(input: StartImagePipelineExecutionCommandInput) {
    const token = input.clientToken ?? "";
    const previous = this.byToken.get(token);
    if (previous) {
      // Same token, same request: the same build comes back, no second build starts.
      if (previous.pipelineArn !== input.imagePipelineArn) {
        throw awsError("imagebuilder", "IdempotentParameterMismatchException", `The client token ${token} was already used with different parameters.`);
      }
      return { requestId: token, clientToken: token, imageBuildVersionArn: previous.arn };
    }
    const pipeline = this.pipelines.get(input.imagePipelineArn ?? "");
    if (!pipeline) throw awsError("imagebuilder", "ResourceNotFoundException", `The image pipeline ${input.imagePipelineArn} does not exist.`);
    pipeline.builds++;
    const build: Build = {
      arn: `arn:aws:imagebuilder:${REGION}:${ACCOUNT_ID}:image/${pipeline.name}/1.0.0/${pipeline.builds}`,
      pipelineArn: input.imagePipelineArn ?? "",
      clientToken: token,
      status: "BUILDING",
      createdAt: this.ctx.clock.now(),
    };
    this.builds.set(build.arn, build);
    if (token) this.byToken.set(token, build);
    const fails = this.ctx.faults.buildFails([token, ...Object.values(pipeline.tags)]);
    this.ctx.clock.schedule(this.ctx.faults.buildMs([token, ...Object.values(pipeline.tags)], this.ctx.timings.pipelineBuildMs), () => {
      if (fails) {
        build.status = "FAILED";
        build.reason = "Image build failed: a component failed its test phase (simulated bad build)";
        return this.announce(build, "BUILDING");
      }
      const tags: Tag[] = Object.entries(pipeline.tags).map(([Key, Value]) => ({ Key, Value }));
      build.amiId = this.ec2.registerImage({ name: `${pipeline.name} ${pipeline.builds} ${build.createdAt}`, tags, bakeMs: 0, fails: false });
      build.status = "AVAILABLE";
      this.announce(build, "BUILDING");
    });
    return { requestId: token || build.arn, clientToken: token, imageBuildVersionArn: build.arn };
  }
}
