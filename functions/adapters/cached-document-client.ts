// A DynamoDB document client that builds each command's middleware stack once, as the SDK's own
// `cacheMiddleware` option does for plain clients. lib-dynamodb refuses that option: its commands return a
// handler bound to the one command that built it. Rebuilding the stack (about 25 middlewares copied, sorted
// and composed) on every call was a third of each DynamoDB call's CPU in the sandbox and costs the same
// on Lambda. Nothing here changes what is sent or read: marshalling, retries and errors are the SDK's.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, type TranslateConfig } from "@aws-sdk/lib-dynamodb";

type Handler = (command: unknown) => Promise<{ output: unknown }>;

/** The parts of a lib-dynamodb command this relies on (protected in its types). */
interface DocumentCommand {
  clientCommand?: { resolveMiddleware(stack: unknown, config: unknown, options: unknown): Handler; middlewareStack: unknown };
  middlewareStack: unknown;
  addMarshallingMiddleware?: (config: unknown) => void;
}

interface ConcatenatingStack {
  concat(other: unknown): unknown;
}

export class CachedDocumentClient extends DynamoDBDocumentClient {
  static override from(client: DynamoDBClient, translateConfig?: TranslateConfig): CachedDocumentClient {
    return new CachedDocumentClient(client, translateConfig);
  }

  constructor(client: DynamoDBClient, translateConfig?: TranslateConfig) {
    super(client, translateConfig);
    const sdkSend = this.send.bind(this) as (...args: unknown[]) => unknown;
    // The inner (DynamoDBClient) command's handler, per document command class, marshalling included.
    const handlers = new Map<unknown, Handler>();
    // Assigned rather than overridden: `send` has three overloads, and this keeps them as the SDK types them.
    this.send = ((...args: unknown[]) => {
      const [command, options] = args as [DocumentCommand, unknown];
      // Anything else (per-call options, a callback, a plain DynamoDB command) takes the SDK's own path.
      if (args.length !== 1 || !command.clientCommand || typeof command.addMarshallingMiddleware !== "function") return sdkSend(...args);
      let handler = handlers.get(command.constructor);
      if (!handler) {
        // What lib-dynamodb's resolveMiddleware does, keeping the inner handler instead of binding it to this command.
        command.addMarshallingMiddleware(this.config);
        const stack = (this.middlewareStack as unknown as ConcatenatingStack).concat(command.middlewareStack);
        handler = command.clientCommand.resolveMiddleware(stack, this.config, options);
        handlers.set(command.constructor, handler);
      }
      return handler(command.clientCommand).then((result) => result.output);
    }) as DynamoDBDocumentClient["send"];
  }
}
