// Answers an SDK client's requests with the simulator, through the wire format: the simulator's answer is
// encoded as the HTTP response AWS would send, and the SDK's own protocol deserializer reads it back, so the
// sandbox exercises what AWS's answers turn into (dates, numbers, empty lists, error classes, `$fault`); the
// SDK's retry middleware then decides on retries from the errors that deserializer made.
//
// The simulator takes the command's typed input (args.input), so no HTTP request is ever built: resolving
// the endpoint, serializing, signing and the user agent would make a request nobody reads (parsing it back
// would only test a parser of ours), and they were most of a simulated call's CPU. So the answer comes at
// the start of the middleware stack, behind the SDK's retry middleware (moved there, as the direct answers
// do), and calls the same `protocol.deserializeResponse` the SDK's deserializer middleware calls. The
// loopback server (`glidepath local up`) is where requests are built and parsed, because there the input
// arrives as bytes from another process.
import { getSmithyContext } from "@smithy/core";
import { retryMiddleware } from "@smithy/core/retry";
import type { HttpResponse } from "@smithy/core/protocols";
import { encodeError, type ServiceError } from "./encode-error.ts";
import { encodeOutput } from "./encode-output.ts";
import { operationOf, type ClientProtocol, type OperationSchema } from "./protocol.ts";

interface Stack {
  add(middleware: unknown, options: { step: "initialize"; priority: "low"; name: string }): void;
  addRelativeTo(middleware: unknown, options: { relation: "after"; toMiddleware: string; name: string }): void;
  remove(name: string): boolean;
}

/** The protocol object as the SDK's deserializer middleware uses it. */
interface DeserializingProtocol extends ClientProtocol {
  deserializeResponse(op: OperationSchema, context: Record<string, unknown>, response: HttpResponse): Promise<Record<string, unknown>>;
}

export type Answer = (operation: string, input: unknown) => unknown;

/** An error the simulator answers with as AWS would (it carries `$fault`); anything else is a bug to surface. */
function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && "$fault" in error;
}

export function answerOverWire(client: { middlewareStack: unknown; config: unknown }, answer: Answer, nextRequestId: () => string): void {
  const stack = client.middlewareStack as Stack;
  const config = client.config as Record<string, unknown> & { protocol: DeserializingProtocol };
  const protocol = config.protocol;
  const middleware =
    (_next: unknown, context: Record<string, unknown>) =>
    async (args: { input: unknown }) => {
      const op = operationOf(getSmithyContext(context)["operationSchema"]);
      const requestId = nextRequestId();
      let response: HttpResponse;
      try {
        const output = (await answer(op.name, args.input)) as Record<string, unknown> | undefined;
        response = encodeOutput(protocol, op, output ?? {}, requestId);
      } catch (error) {
        if (!isServiceError(error)) throw error;
        response = encodeError(protocol, error, requestId);
      }
      // What the SDK's deserializer middleware does with a response (its output, or the error it throws), given
      // the command's context over the client's config: inherited rather than copied, as the config is large.
      return { response, output: await protocol.deserializeResponse(op, Object.assign(Object.create(config) as Record<string, unknown>, context), response) };
    };
  // Logging with the SDK's no-op logger still filters every input and output through its schema.
  stack.remove("loggerMiddleware");
  // Low priority: a command's own input fixes (Route 53's id normalizer) run first, as they would.
  stack.add(retryMiddleware(client.config as Parameters<typeof retryMiddleware>[0]), { step: "initialize", priority: "low", name: "glidepathRetry" });
  stack.addRelativeTo(middleware, { relation: "after", toMiddleware: "glidepathRetry", name: "glidepathSimulatorOverWire" });
}
