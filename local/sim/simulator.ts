// The simulated AWS account: one in-memory model per service, sharing a virtual clock, a seeded RNG and a
// fault injector. SDK clients reach it through the middleware in clients.ts.
import type { VirtualClock } from "../clock.ts";
import type { ServiceModel, SimContext } from "./context.ts";
import { unsupported, type SimulatedService } from "./errors.ts";
import { FaultInjector } from "./faults.ts";
import { enforceInputConstraints } from "./input-constraints.ts";
import { instantRuntime, type InstanceRuntime } from "./instance-runtime.ts";
import { SeededRandom } from "./rng.ts";
import { AutoScalingModel } from "./autoscaling.ts";
import { CloudWatchModel } from "./cloudwatch.ts";
import { CodeDeployModel } from "./codedeploy.ts";
import { Ec2Model } from "./ec2.ts";
import { ElbV2Model } from "./elbv2.ts";
import { EventBridgeModel } from "./eventbridge.ts";
import { ImageBuilderModel } from "./imagebuilder.ts";
import { Route53Model } from "./route53.ts";
import { SsmModel } from "./ssm.ts";
import { defaultTimings, type SimTimings } from "./timings.ts";

export interface SimulatorOptions {
  clock: VirtualClock;
  seed?: number;
  runtime?: InstanceRuntime;
  timings?: Partial<SimTimings>;
}

export interface SimulatedCall {
  t: number;
  service: SimulatedService;
  operation: string;
  error?: string;
}

/** A call as an observer sees it once answered: what was asked, and the error name if it failed. */
export interface ObservedCall extends SimulatedCall {
  input: unknown;
}

export class Simulator {
  readonly clock: VirtualClock;
  readonly faults = new FaultInjector();
  readonly rng: SeededRandom;
  readonly timings: SimTimings;
  readonly route53: Route53Model;
  readonly cloudwatch: CloudWatchModel;
  readonly ssm: SsmModel;
  readonly ec2: Ec2Model;
  readonly imagebuilder: ImageBuilderModel;
  readonly autoscaling: AutoScalingModel;
  readonly codedeploy: CodeDeployModel;
  readonly eventbridge: EventBridgeModel;
  readonly elbv2: ElbV2Model;
  /** Every call that reached the simulator, in order (for reports and assertions). */
  readonly calls: SimulatedCall[] = [];
  private readonly models: Partial<Record<SimulatedService, ServiceModel>>;
  private readonly callObservers: Array<(call: ObservedCall) => void> = [];

  constructor(options: SimulatorOptions) {
    this.clock = options.clock;
    this.rng = new SeededRandom(options.seed ?? 1);
    this.timings = { ...defaultTimings, ...options.timings };
    const ctx: SimContext = {
      clock: this.clock,
      rng: this.rng,
      timings: this.timings,
      faults: this.faults,
      runtime: options.runtime ?? instantRuntime,
    };
    this.route53 = new Route53Model(ctx);
    this.cloudwatch = new CloudWatchModel(ctx);
    this.ssm = new SsmModel(ctx);
    this.eventbridge = new EventBridgeModel(ctx);
    // EC2 and Image Builder send their images' state changes to the default bus themselves.
    this.ec2 = new Ec2Model(ctx, this.eventbridge);
    this.imagebuilder = new ImageBuilderModel(ctx, this.ec2, this.eventbridge);
    this.autoscaling = new AutoScalingModel(ctx, this.ec2, this.cloudwatch);
    this.codedeploy = new CodeDeployModel(ctx);
    this.elbv2 = new ElbV2Model(ctx, this.autoscaling);
    this.models = {
      route53: this.route53,
      cloudwatch: this.cloudwatch,
      ssm: this.ssm,
      ec2: this.ec2,
      imagebuilder: this.imagebuilder,
      autoscaling: this.autoscaling,
      codedeploy: this.codedeploy,
      eventbridge: this.eventbridge,
      elbv2: this.elbv2,
    };
  }

  /** Marks a commit's image bakes as failing (EC2 CreateImage and Image Builder). */
  failBuildsFor(commit: string): void {
    this.faults.failBuildsFor(commit);
  }

  /** Calls `observer` after every call has been answered or refused (an invariant monitor, a recorder). */
  observeCalls(observer: (call: ObservedCall) => void): void {
    this.callObservers.push(observer);
  }

  /** Answers one SDK call. Unknown operations fail loudly; injected faults fire before the model sees the call. */
  async call(service: SimulatedService, operation: string, input: unknown): Promise<unknown> {
    const model = this.models[service];
    const handler = model?.operations[operation];
    if (!model || !handler) unsupported(`${service}:${operation}`);
    const record: SimulatedCall = { t: this.clock.now(), service, operation };
    this.calls.push(record);
    try {
      model.beforeCall?.(operation);
      this.faults.check(service, operation);
      enforceInputConstraints(service, operation, input ?? {});
      return await handler(structuredClone(input ?? {}));
    } catch (error) {
      record.error = (error as Error).name;
      throw error;
    } finally {
      for (const observer of this.callObservers) observer({ ...record, input });
    }
  }
}
