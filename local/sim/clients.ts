// Ordinary AWS SDK v3 clients whose requests are answered by the Simulator instead of the network.
//
// Two ways to answer, the same simulator behind both:
// - "wire" (the default: the sandbox, the demo, `local run`, scenario tests): the SDK builds the HTTP
//   request and the simulator's answer comes back as the HTTP response AWS would send, which the SDK's own
//   deserializer and retry middleware read (wire/answer-over-wire.ts). What AWS's answers turn into is tested.
// - "direct" (the fuzzer's option, for CPU): the simulator answers at the very start of the middleware
//   stack, behind the SDK's own retry middleware (the same one the SDK puts in finalizeRequest, moved
//   there), so the SDK's retry logic sees simulated errors as it would AWS's (a `Throttling` is retried,
//   `maxAttempts: 1` turns that off), while serialization, signing and deserialization never run.
// Either way no request leaves the process.
// Each client resolves a command's stack once (`cacheMiddleware`), as nothing changes it after this file.
// Retries use a zero-delay strategy so tests never wait on real timers.
import type { Route53ClientConfig } from "@aws-sdk/client-route-53";
import { retryMiddleware } from "@smithy/core/retry";
import { makeAwsClients, type AwsClients } from "../../functions/adapters/aws-clients.ts";
import type { InProcessDynalite } from "../dynalite.ts";
import { answerDynamoDbInProcess } from "./dynamodb-in-process.ts";
import { REGION } from "./context.ts";
import { nextRequestId, type SimulatedService } from "./errors.ts";
import type { Simulator } from "./simulator.ts";
import { answerOverWire } from "./wire/answer-over-wire.ts";

export interface SimulatedClientOptions {
  /** dynalite's loopback endpoint; DynamoDB is then reached over the wire. */
  dynamodbEndpoint?: string;
  /** dynalite in this process: the DynamoDB client's requests go to it directly (dynamodb-in-process.ts). */
  dynalite?: InProcessDynalite;
  /** SDK attempts per call (default 3, as the SDK's standard mode). */
  maxAttempts?: number;
  /** How answers reach the SDK (see above); "wire" unless a caller trades that fidelity for CPU. */
  answer?: SimulatorAnswer;
}

export type SimulatorAnswer = "wire" | "direct";

type RetryStrategy = NonNullable<Route53ClientConfig["retryStrategy"]>;
interface Stack {
  add(middleware: unknown, options: { step: "initialize"; priority: "low"; name: string }): void;
  addRelativeTo(middleware: unknown, options: { relation: "after" | "before"; toMiddleware: string; name: string }): void;
  remove(name: string): boolean;
}
interface SimulatedClient {
  middlewareStack: unknown;
  config: unknown;
}

const simulatedServices: SimulatedService[] = ["route53", "cloudwatch", "ssm", "ec2", "imagebuilder", "autoscaling", "codedeploy", "eventbridge", "elbv2"];

export function simulatedClients(sim: Simulator, options: SimulatedClientOptions = {}): AwsClients {
  const maxAttempts = options.maxAttempts ?? 3;
  if (options.dynamodbEndpoint && !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(options.dynamodbEndpoint)) {
    throw new Error(`dynamodbEndpoint must be on loopback, got ${options.dynamodbEndpoint}`);
  }
  const clients = makeAwsClients({
    region: REGION,
    credentials: { accessKeyId: "AKIASIMULATED", secretAccessKey: "simulated" },
    maxAttempts,
    retryStrategy: immediateRetryStrategy(maxAttempts),
    cacheMiddleware: [...simulatedServices, "sfn"],
    // Anything that slips past the simulator would hit this unroutable loopback port, never AWS.
    endpoints: {
      ...Object.fromEntries(simulatedServices.map((s) => [s, "http://127.0.0.1:9"])),
      sfn: "http://127.0.0.1:9",
      ...(options.dynamodbEndpoint ? { dynamodb: options.dynamodbEndpoint } : {}),
    },
  });
  for (const service of simulatedServices) {
    const answer = (operation: string, input: unknown) => sim.call(service, operation, input);
    if ((options.answer ?? "wire") === "wire") answerOverWire(clients[service], answer, nextRequestId);
    else attach(clients[service], answer);
  }
  if (options.dynalite) answerDynamoDbInProcess(clients.dynamodb, options.dynalite);
  attach(clients.sfn, (operation) => {
    throw new Error(`Step Functions is not simulated (sfn:${operation}); the local runner executes the definition itself`);
  });
  return clients;
}

function attach(client: SimulatedClient, answer: (operation: string, input: unknown) => unknown): void {
  const stack = client.middlewareStack as Stack;
  const middleware =
    (_next: unknown, context: { commandName?: string }) =>
    async (args: { input: unknown }) => {
      const operation = (context.commandName ?? "").replace(/Command$/, "");
      const result = (await answer(operation, args.input)) as Record<string, unknown>;
      return { output: { ...result, $metadata: { httpStatusCode: 200, requestId: nextRequestId() } }, response: {} };
    };
  // Logging with the SDK's no-op logger still filters every input and output through its schema.
  stack.remove("loggerMiddleware");
  // Low priority: a command's own input fixes (Route 53's id normalizer) run first, as they would.
  stack.add(retryMiddleware(client.config as Parameters<typeof retryMiddleware>[0]), { step: "initialize", priority: "low", name: "glidepathRetry" });
  stack.addRelativeTo(middleware, { relation: "after", toMiddleware: "glidepathRetry", name: "glidepathSimulator" });
}

/** The SDK's standard retry decisions (throttling and transient errors, up to maxAttempts) without the wait. */
function immediateRetryStrategy(maxAttempts: number): RetryStrategy {
  // One token per attempt number, made once: every simulated call asks for one.
  const tokens = Array.from({ length: Math.max(1, maxAttempts) }, (_, count) => ({ getRetryCount: () => count, getRetryDelay: () => 0 }));
  return {
    mode: "standard",
    acquireInitialRetryToken: async () => tokens[0],
    refreshRetryTokenForRetry: async (previous: { getRetryCount(): number }, info: { errorType: string }) => {
      const retryable = info.errorType === "THROTTLING" || info.errorType === "TRANSIENT";
      if (retryable && previous.getRetryCount() + 1 < maxAttempts) return tokens[previous.getRetryCount() + 1];
      throw new Error("No retry token available");
    },
    recordSuccess: () => {},
  } as unknown as RetryStrategy;
}
