// Answers an SDK client's requests with the simulator, through the wire format: the whole middleware stack
// runs (the SDK's serializer builds the HTTP request, its retry middleware decides on retries), and the
// innermost middleware — where the HTTP handler would send the request — encodes the simulator's answer as
// the HTTP response AWS would send. The SDK's own deserializer then makes the output or the error, so the
// sandbox exercises what AWS's answers turn into (dates, numbers, empty lists, error classes, `$fault`).
//
// The simulator takes the command's typed input (args.input), so the request is never built: the SDK's
// serializer would encode an HTTP request nobody reads (parsing it back would only test a parser of ours),
// and serializing was a fifth of a simulated call's CPU. The loopback server (`glidepath local up`) is where
// requests are built and parsed, because there the input arrives as bytes from another process.
import { getSmithyContext } from "@smithy/core";
import { encodeError, type ServiceError } from "./encode-error.ts";
import { encodeOutput } from "./encode-output.ts";
import { operationOf, type ClientProtocol } from "./protocol.ts";

interface Stack {
  add(middleware: unknown, options: { step: "serialize"; name: string }): void;
  addRelativeTo(middleware: unknown, options: { relation: "after"; toMiddleware: string; name: string }): void;
  remove(name: string): boolean;
}

export type Answer = (operation: string, input: unknown) => unknown;

/** An error the simulator answers with as AWS would (it carries `$fault`); anything else is a bug to surface. */
function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && "$fault" in error;
}

export function answerOverWire(client: { middlewareStack: unknown; config: unknown }, answer: Answer, nextRequestId: () => string): void {
  const stack = client.middlewareStack as Stack;
  const protocol = (client.config as { protocol: ClientProtocol }).protocol;
  // What the simulator never reads, each a cost on every call: the HTTP request itself (see above), the
  // signature, the user agent and recursion headers, the no-op logger's filtering of every input and output,
  // and — with the loopback endpoint given — the endpoint rule set.
  for (const unread of ["serializerMiddleware", "httpSigningMiddleware", "getUserAgentMiddleware", "recursionDetectionMiddleware", "loggerMiddleware"]) stack.remove(unread);
  if ((client.config as { isCustomEndpoint?: boolean }).isCustomEndpoint) stack.remove("endpointV2Middleware");
  // Customizations are placed relative to the serializer by name: a pass-through keeps their places.
  stack.add((next: (args: unknown) => unknown) => (args: unknown) => next(args), { step: "serialize", name: "serializerMiddleware" });
  const middleware =
    (_next: unknown, context: Record<string, unknown>) =>
    async (args: { input: unknown }) => {
      const op = operationOf(getSmithyContext(context)["operationSchema"]);
      const requestId = nextRequestId();
      try {
        const output = (await answer(op.name, args.input)) as Record<string, unknown> | undefined;
        return { response: encodeOutput(protocol, op, output ?? {}, requestId) };
      } catch (error) {
        if (!isServiceError(error)) throw error;
        return { response: encodeError(protocol, error, requestId) };
      }
    };
  stack.addRelativeTo(middleware, { relation: "after", toMiddleware: "deserializerMiddleware", name: "glidepathSimulatorOverWire" });
}
