// Records, per Lambda function, every AWS request the sandbox's functions make (action, resource, condition keys),
// for the IAM derivation test (test/infra/iam-derivation.test.ts). On when GLIDEPATH_RECORD_CALLS names a file
// (see `npm run record-calls`; not under TMPDIR, which the test run removes): each sandbox appends what it saw to
// that JSON-lines file when it closes, and merge-recorded-calls.ts folds the lines into test/infra/recorded-calls.json.
import { appendFileSync } from "node:fs";
import { resolve } from "node:path";
import type { AwsClients } from "../../functions/adapters/aws-clients.ts";
import { iamRequestsOf, type IamRequest } from "../sim/iam-requests.ts";
import type { Simulator } from "../sim/simulator.ts";
import { currentFunction } from "./function-scope.ts";

export interface RecordedCall extends IamRequest {
  function: string;
}

type Stack = { add(middleware: unknown, options: { step: "initialize"; name: string }): void };

class CallRecording {
  private readonly seen = new Map<string, RecordedCall>();

  /** Records calls the simulator answers and the DynamoDB calls that go to dynalite. */
  constructor(sim: Simulator, clients: AwsClients) {
    sim.observeCalls((call) => this.record(call.service, call.operation, withDeploymentGroup(sim, call.service, call.input)));
    const middleware =
      (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input: unknown }) => {
        this.record("dynamodb", (context.commandName ?? "").replace(/Command$/, ""), args.input);
        return next(args);
      };
    (clients.dynamodb.middlewareStack as unknown as Stack).add(middleware, { step: "initialize", name: "glidepathCallRecording" });
  }

  /** Records one call made by the function running now; calls outside any function (provisioning) are not a Lambda's. */
  record(service: string, operation: string, input: unknown): void {
    const fn = currentFunction();
    if (!fn) return;
    for (const request of iamRequestsOf(service, operation, input)) {
      const call: RecordedCall = { function: fn, ...request };
      this.seen.set(JSON.stringify(call), call);
    }
  }

  /** Appends every distinct call to the JSON-lines `file`. */
  flush(file: string): void {
    if (this.seen.size === 0) return;
    appendFileSync(file, [...this.seen.values()].map((call) => `${JSON.stringify(call)}\n`).join(""));
    this.seen.clear();
  }
}

/**
 * CodeDeploy authorizes GetDeployment against the deployment's group, which its input names only by deployment
 * id: the simulator knows the group, so the recorded resource is the one IAM would check.
 */
function withDeploymentGroup(sim: Simulator, service: string, input: unknown): unknown {
  const instanceId = service === "autoscaling" ? (input as { InstanceId?: unknown } | undefined)?.InstanceId : undefined;
  // TerminateInstanceInAutoScalingGroup authorizes against the group holding the instance, which its input does not name.
  if (typeof instanceId === "string") {
    const holder = sim.autoscaling.groupOfInstance(instanceId);
    return holder ? { ...(input as object), AutoScalingGroupName: holder } : input;
  }
  const deploymentId = service === "codedeploy" ? (input as { deploymentId?: unknown } | undefined)?.deploymentId : undefined;
  const group = typeof deploymentId === "string" ? sim.codedeploy.deploymentGroupOf(deploymentId) : undefined;
  return group ? { ...(input as object), ...group } : input;
}

/** A recording and the file it goes to when GLIDEPATH_RECORD_CALLS is set, else undefined. */
export function callRecordingFromEnv(sim: Simulator, clients: AwsClients): { recording: CallRecording; file: string } | undefined {
  const file = process.env.GLIDEPATH_RECORD_CALLS;
  return file ? { recording: new CallRecording(sim, clients), file: resolve(file) } : undefined;
}
