// Ordinary AWS SDK v3 clients whose requests are answered by the Simulator instead of the network.
//
// The simulator sits in the finalizeRequest step right after the SDK's retry middleware, so the SDK's own
// retry logic sees simulated errors exactly as it would AWS's (a `Throttling` is retried, `maxAttempts: 1`
// turns that off), while signing and the HTTP handler never run: no request leaves the process. Retries
// use a zero-delay strategy so tests never wait on real timers.
import type { Route53ClientConfig } from "@aws-sdk/client-route-53";
import { makeAwsClients, type AwsClients } from "../../functions/adapters/aws-clients.ts";
import { REGION } from "./context.ts";
import { nextRequestId, type SimulatedService } from "./errors.ts";
import type { Simulator } from "./simulator.ts";

export interface SimulatedClientOptions {
  /** dynalite's loopback endpoint; DynamoDB is the one service reached over the wire. */
  dynamodbEndpoint?: string;
  /** SDK attempts per call (default 3, as the SDK's standard mode). */
  maxAttempts?: number;
}

type RetryStrategy = NonNullable<Route53ClientConfig["retryStrategy"]>;
type Stack = { addRelativeTo(middleware: unknown, options: { relation: "after" | "before"; toMiddleware: string; name: string }): void };

const simulatedServices: SimulatedService[] = ["route53", "cloudwatch", "ssm", "ec2", "imagebuilder", "autoscaling", "codedeploy"];

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
    // Anything that slips past the simulator would hit this unroutable loopback port, never AWS.
    endpoints: {
      ...Object.fromEntries(simulatedServices.map((s) => [s, "http://127.0.0.1:9"])),
      sfn: "http://127.0.0.1:9",
      ...(options.dynamodbEndpoint ? { dynamodb: options.dynamodbEndpoint } : {}),
    },
  });
  for (const service of simulatedServices) {
    attach(clients[service].middlewareStack as unknown as Stack, (operation, input) => sim.call(service, operation, input));
  }
  attach(clients.sfn.middlewareStack as unknown as Stack, (operation) => {
    throw new Error(`Step Functions is not simulated (sfn:${operation}); the local runner executes the definition itself`);
  });
  return clients;
}

function attach(stack: Stack, answer: (operation: string, input: unknown) => unknown): void {
  const middleware =
    (_next: unknown, context: { commandName?: string }) =>
    async (args: { input: unknown }) => {
      const operation = (context.commandName ?? "").replace(/Command$/, "");
      const result = (await answer(operation, args.input)) as Record<string, unknown>;
      return { output: { ...result, $metadata: { httpStatusCode: 200, requestId: nextRequestId() } }, response: {} };
    };
  stack.addRelativeTo(middleware, { relation: "after", toMiddleware: "retryMiddleware", name: "glidepathSimulator" });
}

/** The SDK's standard retry decisions (throttling and transient errors, up to maxAttempts) without the wait. */
function immediateRetryStrategy(maxAttempts: number): RetryStrategy {
  const token = (count: number) => ({ getRetryCount: () => count, getRetryDelay: () => 0 });
  return {
    mode: "standard",
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: { getRetryCount(): number }, info: { errorType: string }) => {
      const retryable = info.errorType === "THROTTLING" || info.errorType === "TRANSIENT";
      if (retryable && previous.getRetryCount() + 1 < maxAttempts) return token(previous.getRetryCount() + 1);
      throw new Error("No retry token available");
    },
    recordSuccess: () => {},
  } as unknown as RetryStrategy;
}
