// The local sandbox: a simulated AWS account (SDK-level simulator + dynalite), the sample service's slots
// on 127.0.0.1, and the real definition and handlers run by a local runner. The demo, `glidepath local`
// and the scenario tests all start one of these.
import { createTable, makeAdapters, type Adapters } from "../../functions/adapters/index.ts";
import type { AwsClients } from "../../functions/adapters/aws-clients.ts";
import type { Config, ConfigInput } from "../../functions/core/config.ts";
import type { Weights } from "../../functions/core/model.ts";
import { makeCircuitBreaker } from "../../functions/events/circuit-breaker.ts";
import { makeStartDeployment, type StartOutcome } from "../../functions/events/start-deployment.ts";
import type { TaskDeps } from "../../functions/task-support/deps.ts";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { ReleaseCatalog } from "../app/release-catalog.ts";
import { seededRandom } from "../app/seeded-random.ts";
import { slotWeightsView } from "../traffic/slot-weights.ts";
import { toMetricData } from "../traffic/metrics.ts";
import type { TrafficSample } from "../traffic/generator.ts";
import { startSyntheticTraffic } from "./synthetic-traffic.ts";
import { sampleServiceFlags } from "./sample-service-flags.ts";
import type { SlotBalancer } from "../app/slot-balancer.ts";
import { makeHttpProbe } from "../../functions/adapters/probe.ts";
import { VirtualClock } from "../clock.ts";
import { inProcessDynalite, type InProcessDynalite } from "../dynalite.ts";
import { SANDBOX_TABLE } from "./sandbox-names.ts";
import type { ApprovalRequest } from "../execute-definition.ts";
import { Simulator, simulatedClients, type SimTimings, type SimulatorAnswer } from "../sim/index.ts";
import { ACCOUNT_ID, REGION } from "../sim/context.ts";
import { callRecordingFromEnv } from "./call-recording.ts";
import { runAs } from "./execution-scope.ts";
import { asFunction, outsideFunctions } from "./function-scope.ts";
import { LocalExecutions } from "./local-executions.ts";
import { holdTimeDuringCalls, holdTimeDuringProbes } from "./hold-time.ts";
import { instantPacer, realtimePacer, type Pacer } from "./pacer.ts";
import { provision } from "./provision.ts";
import { provisionEnvs, startEnvTraffic } from "./sandbox-envs.ts";
import { sandboxDefinition, sandboxFlagReleaseDefinition } from "./sandbox-definition.ts";
import { isFlagReleaseInput } from "../../functions/flags/release-input.ts";
import { startSlots, type SlotsMode } from "./slots.ts";
import { makeLauncher, virtualBackoff, withAsyncInvokeRetries, type LocalRunResult, type RunEvent } from "./runner.ts";
import { sandboxConfigInput } from "./sandbox-config.ts";
import type { TaskFaults } from "./task-faults.ts";
import { TrackingRuntime } from "./tracking-runtime.ts";
import { reportingFailedPublishes } from "./reported-events.ts";
import { wireImageEvents, type DeliverImageEvent } from "./image-event-routing.ts";
import { RECONCILE_PERIOD_SECONDS, sandboxReconciler, scheduleReconciler, type ReconcilerRun } from "./reconciler-schedule.ts";

export interface SandboxOptions {
  seed?: number;
  /**
   * How simulated AWS answers the SDK clients (local/sim/clients.ts): "wire" (default), as AWS's HTTP
   * responses through the SDK's deserializers; "direct", typed outputs without the wire format (the fuzzer's CPU option).
   */
  answer?: SimulatorAnswer;
  /** The app's config; the sandbox's own (`shop-api`/`sandbox`) by default. */
  config?: ConfigInput;
  /**
   * Further app/envs in the same account (an env path: staging and prod promoted from `config`'s env), each
   * provisioned like the first, with its own slots, alarms and synthetic traffic. In-process slots only.
   */
  envs?: ConfigInput[];
  /** `instant` jumps over waits (tests, scenarios); a speed runs virtual time that much faster than real time. */
  pace?: "instant" | { speed: number };
  timings?: Partial<SimTimings>;
  onEvent?: (event: RunEvent) => void;
  /** `synthetic`: simulated clients send requests every virtual minute (no HTTP); `none`: the caller sends real traffic. */
  traffic?: "synthetic" | "none";
  /**
   * How the slots run: `http`, real servers on 127.0.0.1 (what real traffic needs); `inProcess`, no sockets
   * (only the smoke test sends requests). Default: `inProcess` with synthetic traffic, else `http`.
   */
  slots?: SlotsMode;
  /** Every traffic sample, as it becomes a CloudWatch datapoint. */
  onSample?: (sample: TrafficSample) => void;
  /** A state at which to stop an execution (StopExecution), per execution. */
  stopAt?: (execution: string, input: unknown) => string | undefined;
  /**
   * The reconciler's schedule in virtual seconds; `false` runs no reconciler. Default: 300, as deployed, when
   * paced instantly; none when paced in real time (see below).
   */
  reconcileEverySeconds?: number | false;
  /** Faults of a Task's Lambda itself (a stop landing while it runs, a timeout), per execution. */
  taskFaults?: (execution: string, input: unknown) => TaskFaults | undefined;
  /** Whether EventBridge delivers an execution's FAILED/ABORTED/TIMED_OUT status change to cleanup (default: always). */
  deliverEndedEvent?: (execution: string, input: unknown) => boolean;
  /**
   * Whether EventBridge delivers this "Alarm State Change" to the circuit breaker (default: every one). A
   * dropped event is the case a bake's judge exists for: nothing ends the wait early, its end reads the history.
   */
  deliverAlarmEvent?: (alarm: string) => boolean;
  /**
   * Whether EventBridge delivers an image's state-change event to the image wait (default: every one), told
   * what names the bake. A lost one leaves the wait to its fallback timeout.
   */
  deliverImageEvent?: DeliverImageEvent;
  /**
   * Told when an approval step starts waiting; answer with `sandbox.executions.sendTaskSuccess(taskToken, …)`,
   * typically on the virtual clock. Unanswered within the step's timeout, it fails with States.Timeout, as on AWS.
   */
  approve?: (execution: string, request: ApprovalRequest) => void;
  /**
   * Awaited before each Task of each execution runs: a test holds an execution at a state this way to act
   * meanwhile (an operator's command). Virtual time does not move while every execution is held.
   */
  pauseBefore?: (execution: string, state: string) => Promise<void> | undefined;
}

export interface Sandbox {
  clock: VirtualClock;
  sim: Simulator;
  clients: AwsClients;
  adapters: Adapters;
  config: Config;
  /** The configs of `options.envs`, as provisioned. */
  envs: Config[];
  /** Which build each commit is: the sample service behaves as its commit's entry says. */
  catalog: ReleaseCatalog;
  runtime: TrackingRuntime;
  /** The slots' HTTP balancers, where real traffic goes (only when the slots run over HTTP). */
  balancers?: { a: SlotBalancer; b: SlotBalancer };
  executions: LocalExecutions<LocalRunResult>;
  /** The ledger's DynamoDB (dynalite in this process), which `local up` serves to other processes. */
  dynalite: InProcessDynalite;
  /** Adds a listener for progress events (besides `options.onEvent`). */
  listen(listener: (event: RunEvent) => void): void;
  /**
   * Runs `work` as an actor outside the execution (an operator's promote or abort) on a timeline of its own:
   * virtual time does not move on until it has finished, since such a call takes no time on AWS.
   */
  outOfBand<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Delivers a CodeCommit push event to the start-deployment handler, as EventBridge does (with Lambda's
   * async-invocation retries). Rejects with the last error when every try failed: the event is dropped.
   */
  push(event: unknown): Promise<StartOutcome>;
  /**
   * Delivers a push `seconds` of virtual time from now, on its own timeline: a push that lands while another
   * deployment runs (each waits on one clock, neither waits for the other).
   */
  pushAfter(seconds: number, event: unknown): Promise<StartOutcome>;
  /** Sends traffic samples to CloudWatch as the sample service's metrics (what the alarms evaluate). */
  publish(samples: TrafficSample[]): Promise<void>;
  /** Lets `seconds` of virtual time pass with nothing deploying (the reconciler still runs on its schedule). */
  idle(seconds: number): Promise<void>;
  /** Weights of the two records as Route 53 holds them now (read from the simulated zone, not rate limited). */
  weights(): Promise<Weights>;
  close(): Promise<void>;
}

const TABLE = SANDBOX_TABLE;
/** Enough requests that a 10% canary slice sees ~20 a minute: a 20% error rate then shows up within minutes. */
const SYNTHETIC_REQUESTS_PER_MINUTE = 200;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = new VirtualClock();
  const input = options.config ?? sandboxConfigInput();
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const catalog = new ReleaseCatalog();
    // One group is served as slot a: its endpoint is that slot's balancer (the group's load balancer).
    const groups = { a: input.fleet?.group?.name ?? input.fleet?.slots?.a?.group ?? "slot-a", b: input.fleet?.slots?.b?.group ?? "slot-b" };
    const slots = await startSlots(options.slots ?? (options.traffic === "synthetic" ? "inProcess" : "http"), catalog, groups, options.seed ?? 1);
    closers.push(() => slots.stop());
    const runtime = new TrackingRuntime(slots.runtime);
    const sim = new Simulator({ clock, seed: options.seed ?? 1, runtime, ...(options.timings ? { timings: options.timings } : {}) });

    const pacer: Pacer = options.pace && options.pace !== "instant" ? realtimePacer(clock, options.pace.speed) : instantPacer(clock);
    closers.push(() => pacer.stop());
    const dynalite = inProcessDynalite();
    const clients = simulatedClients(sim, { dynalite, ...(options.answer ? { answer: options.answer } : {}) });
    holdTimeDuringCalls(clients, pacer);
    closers.push(() => Object.values(clients).forEach((client) => client.destroy()));
    await createTable(clients.dynamodb, TABLE);
    // Lifecycle events go to the stage's own bus, named like its table, as the stacks make it.
    sim.eventbridge.createBus(TABLE);
    const madeAdapters = makeAdapters(clients, { tableName: TABLE, clock, probePauseMs: 0, eventBusName: TABLE });
    const probe = slots.fetch ? makeHttpProbe({ pauseMs: 0, fetch: slots.fetch }) : madeAdapters.probe;
    const adapters: Adapters = { ...madeAdapters, probe: holdTimeDuringProbes(probe, pacer) };
    const config = await provision(sim, clients, input, slots.endpoints);
    const envs = await provisionEnvs(sim, clients, options.envs ?? [], slots);

    const listeners: Array<(event: RunEvent) => void> = options.onEvent ? [options.onEvent] : [];
    const onEvent = (event: RunEvent) => listeners.forEach((listener) => listener(event));
    let executions: LocalExecutions<LocalRunResult>;
    const recorder = callRecordingFromEnv(sim, clients);
    if (recorder) closers.push(() => recorder.recording.flush(recorder.file));
    const recording = recorder?.recording;
    // What Step Functions would be asked, for the recording: the local runner stands in for the SFN API.
    const stateMachineArn = `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:${TABLE}`;
    const sfn = <T>(operation: string, input: Record<string, unknown>, call: () => T): T => {
      recording?.record("sfn", operation, input);
      return call();
    };
    const executionArn = (name: string) => `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
    const deps: TaskDeps = {
      clock,
      adapters: {
        ...adapters,
        executions: {
          start: (x) => sfn("StartExecution", { stateMachineArn }, () => executions.start(x)),
          sendTaskSuccess: (token, output) => sfn("SendTaskSuccess", {}, () => executions.sendTaskSuccess(token, output)),
          sendTaskFailure: (token, error, cause) => sfn("SendTaskFailure", {}, () => executions.sendTaskFailure(token, error, cause)),
          stop: (execution, cause) => sfn("StopExecution", { executionArn: executionArn(execution) }, () => executions.stop(execution, cause)),
          describe: (execution) => sfn("DescribeExecution", { executionArn: executionArn(execution) }, () => executions.describe(execution)),
        },
        events: reportingFailedPublishes(adapters.events, (text) => onEvent({ t: clock.now(), execution: "-", state: "EventBridge", kind: "deploy", text })),
      },
    };
    const reconcile = sandboxReconciler({ ...deps, clock }, (run) => reportReconcile(run, clock, onEvent));
    // Paced in real time (demo, watch), a Task's real duration is many virtual minutes at high speeds, so a
    // lease could expire under a healthy deployment and be swept: the reconciler runs there only when asked.
    const reconcileEvery = options.reconcileEverySeconds ?? (options.pace && options.pace !== "instant" ? false : RECONCILE_PERIOD_SECONDS);
    if (reconcileEvery !== false) scheduleReconciler(pacer, reconcile, reconcileEvery);
    const launcherOptions = {
      deps,
      pacer,
      executions: () => executions,
      ...(options.stopAt ? { stopAt: options.stopAt } : {}),
      ...(options.taskFaults ? { taskFaults: options.taskFaults } : {}),
      ...(options.deliverEndedEvent ? { deliverEndedEvent: options.deliverEndedEvent } : {}),
      ...(reconcileEvery !== false ? { afterCleanup: () => reconcile("after cleanup") } : {}),
      ...(options.approve ? { approve: options.approve } : {}),
      ...(options.pauseBefore ? { pauseBefore: options.pauseBefore } : {}),
      onEvent,
    };
    const launch = makeLauncher({ ...launcherOptions, ...sandboxDefinition() });
    // On AWS the flag release is a state machine of its own, started by its ARN; here one set of local
    // executions runs both, telling a flag release by its input. Built on first use: validation costs.
    let launchFlagRelease: typeof launch | undefined;
    executions = new LocalExecutions((name, input) =>
      isFlagReleaseInput(input) ? (launchFlagRelease ??= makeLauncher({ ...launcherOptions, ...sandboxFlagReleaseDefinition() }))(name, input) : launch(name, input),
      () => clock.now(),
    );
    wireCircuitBreaker(sim, deps, onEvent, pacer, options.deliverAlarmEvent ?? (() => true));
    wireImageEvents(sim, deps, onEvent, pacer, options.deliverImageEvent ?? (() => true));
    // The service's metrics, not a Lambda's calls, even when a function's clock tick sets them off.
    const publish = (samples: TrafficSample[]) =>
      outsideFunctions(async () => {
        samples.forEach((sample) => options.onSample?.(sample));
        for (const request of toMetricData(samples, config)) await clients.cloudwatch.send(new PutMetricDataCommand(request));
      });
    const view = slotWeightsView(sim, config);
    if (options.traffic === "synthetic") {
      const random = seededRandom(`traffic:${options.seed ?? 1}`);
      const stop = startSyntheticTraffic({
        clock,
        // One group: every request reaches its load balancer, which spreads them over its InService instances.
        slotResolver: config.fleet.group ? () => () => "a" : () => view.slotResolver(),
        // Every group behind the slot's target group serves it (an immutable deployment's temporary group too).
        behavioursServing: (slot) => sim.autoscaling.trafficSources.servingGroups(groups[slot]).flatMap((group) => runtime.commitsServing(group)).map((commit) => catalog.lookup(commit).behaviour),
        flagOn: sampleServiceFlags(config, clients, clock),
        random,
        requestsPerBucket: SYNTHETIC_REQUESTS_PER_MINUTE,
        bucketMs: 60_000,
        onSample: (sample) => void publish([sample]).catch(() => {}),
      });
      closers.push(stop);
      for (const env of envs) closers.push(startEnvTraffic({ sim, clients, clock, runtime, catalog, seed: options.seed ?? 1 }, env, SYNTHETIC_REQUESTS_PER_MINUTE));
    }

    const startDeployment = makeStartDeployment({ configs: adapters.configStore, executions: deps.adapters.executions, ledger: adapters.ledger, clock, log: () => {} });
    // EventBridge hands a push to start-deployment as an async invocation: a failed one (SSM throttling
    // its config load) gets Lambda's two retries; after the third failure the event is dropped (thrown).
    const push = (event: unknown) =>
      withAsyncInvokeRetries(
        pacer,
        (error) => onEvent({ t: clock.now(), execution: "-", state: "Start deployment", kind: "deploy", text: `start-deployment failed, Lambda retries the async invocation: ${error.message}` }),
        () => asFunction("startDeployment", () => startDeployment(event as never)),
      );
    return {
      clock,
      sim,
      clients,
      adapters,
      config,
      envs,
      catalog,
      runtime,
      ...(slots.balancers ? { balancers: slots.balancers } : {}),
      executions,
      dynalite,
      listen: (listener) => void listeners.push(listener),
      // An operator's command (promote, abort) takes no virtual time on AWS: its own timeline holds the clock.
      outOfBand: (work) => pacer.timeline(work),
      push,
      pushAfter: (seconds, event) =>
        pacer.timeline(async () => {
          await pacer.sleep(seconds);
          return push(event);
        }),
      publish,
      idle: (seconds) => pacer.sleep(seconds),
      // The harness looks at the zone directly: through the SDK it would spend the account's Route 53 request
      // rate (and meet injected faults), changing the run it observes.
      weights: async () => {
        const weights = view.authoritative();
        return { a: weights.a ?? 0, b: weights.b ?? 0 };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** CloudWatch "Alarm State Change" → the circuit breaker, as the EventBridge rule does on AWS. */
function wireCircuitBreaker(sim: Simulator, deps: TaskDeps, onEvent: (event: RunEvent) => void, pacer: Pacer, deliver: (alarm: string) => boolean): void {
  const breaker = makeCircuitBreaker({ ...deps.adapters, clock: deps.clock, ...virtualBackoff(pacer) });
  sim.cloudwatch.onTransition((transition) => {
    if (transition.to !== "ALARM") return;
    const report = (text: string) => onEvent({ t: deps.clock.now(), execution: "-", state: "Circuit breaker", kind: "rollback", text });
    if (!deliver(transition.alarm)) return report(`the ALARM event of ${transition.alarm} was lost on its way to the circuit breaker`);
    const event = { detail: { alarmName: transition.alarm, state: { value: "ALARM", reason: transition.reason } } };
    // Its own timeline: it acts at the virtual instant the alarm fired, while executions sleep through their waits.
    void pacer.timeline(() =>
      withAsyncInvokeRetries(pacer, (error) => report(`circuit breaker failed, Lambda retries the async invocation: ${error.message}`), () => runAs("circuit breaker", () => asFunction("circuitBreaker", () => breaker(event)))).then(
        (result) => result.outcome === "tripped" && result.tripped.forEach((tripped) => report(tripped.reason)),
        // Out of retries: the execution's own alarm check still rolls back.
        (error: Error) => report(`circuit breaker gave up: ${error.message}`),
      ),
    );
  });
}

/** A reconciler run that changed something or failed, as a progress line. */
function reportReconcile(run: ReconcilerRun, clock: VirtualClock, onEvent: (event: RunEvent) => void): void {
  const report = (text: string) => onEvent({ t: clock.now(), execution: "-", state: "Reconciler", kind: "rollback", text });
  if (run.error) return report(`reconciler (${run.trigger}) failed: ${run.error}`);
  for (const swept of run.result?.swept ?? []) report(`reconciler (${run.trigger}): ${swept.reason}`);
  for (const converged of run.result?.converged ?? []) report(`reconciler (${run.trigger}): ${converged.app}/${converged.env}: ${converged.actions.join("; ")}`);
  for (const failed of run.result?.errors ?? []) report(`reconciler (${run.trigger}) could not reconcile ${failed.app}/${failed.env}: ${failed.error}`);
}
