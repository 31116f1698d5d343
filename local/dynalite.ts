// A DynamoDB-compatible store (dynalite, in memory), either on loopback for tests that want the wire, or in
// process for the sandbox: each request's JSON document goes straight to dynalite's type checks, validations
// and action, with no server, socket or HTTP in between (most of a sandbox's DynamoDB cost was the wire).
import { createRequire } from "node:module";
import { listenOnFreeLoopbackPort } from "./listen.ts";
import dynalite from "dynalite";

export interface RunningDynalite {
  /** e.g. `http://127.0.0.1:54321`: give it to the DynamoDB client as `endpoint`. */
  endpoint: string;
  stop(): Promise<void>;
}

/** Tables become ACTIVE at once. */
const OPTIONS = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };

/** Starts dynalite on 127.0.0.1 on a free port; tables become ACTIVE at once. */
export async function startDynalite(): Promise<RunningDynalite> {
  const server = dynalite(OPTIONS);
  const port = await listenOnFreeLoopbackPort(server);
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop() {
      // SDK clients keep connections alive; drop them so close() does not wait for idle sockets to time out.
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/** dynalite's answer to one operation: the JSON document its server would send, parsed. */
type Answer = Record<string, unknown>;

/** An error as dynalite's server would send it: HTTP status and JSON body (`__type`, `message` or `Message`). */
export class DynaliteError extends Error {
  override name = "DynaliteError";
  constructor(
    readonly statusCode: number,
    readonly body: { __type: string; message?: string; Message?: string } & Record<string, unknown>,
  ) {
    super(`${body.__type}: ${body.message ?? body.Message ?? ""}`);
  }
}

export interface InProcessDynalite {
  /**
   * Runs one operation (`GetItem`, …) on `data`, the request's JSON document, as dynalite's server does after
   * parsing a request: its type checks, its validations, then the action. Rejects with a `DynaliteError`.
   */
  call(operation: string, data: Record<string, unknown>): Promise<Answer>;
}

/** What dynalite's modules throw or call back with: an Error carrying the server's status and body. */
type RawError = Error & { statusCode?: number; body?: DynaliteError["body"] };
type Action = (store: unknown, data: Record<string, unknown>, callback: (error: RawError | null, answer?: Answer) => void) => void;
interface Validation {
  types: Record<string, unknown>;
  custom?: unknown;
}
interface Validations {
  checkTypes(data: Record<string, unknown>, types: Record<string, unknown>): Record<string, unknown>;
  checkValidations(data: Record<string, unknown>, types: Record<string, unknown>, custom: unknown, store: unknown): void;
  toLowerFirst(name: string): string;
}

/** The operations dynalite serves (its server answers anything else UnknownOperationException). */
const OPERATIONS = ["BatchGetItem", "BatchWriteItem", "CreateTable", "DeleteItem", "DeleteTable", "DescribeTable", "DescribeTimeToLive", "GetItem", "ListTables", "PutItem", "Query", "Scan", "TagResource", "UntagResource", "ListTagsOfResource", "UpdateItem", "UpdateTable"];

// dynalite's own modules (it has no exports map): its store, type checks, validations and actions.
const requireDynalite = createRequire(import.meta.url);
const validations = requireDynalite("dynalite/validations/index.js") as Validations;
const db = requireDynalite("dynalite/db/index.js") as { create(options: typeof OPTIONS): unknown };
const operations = new Map(
  OPERATIONS.map((name) => {
    const file = validations.toLowerFirst(name);
    return [name, { action: requireDynalite(`dynalite/actions/${file}.js`) as Action, validation: requireDynalite(`dynalite/validations/${file}.js`) as Validation }];
  }),
);

/** dynalite's own errors become DynaliteErrors; anything else (a bug) stays as it is. */
const asDynaliteError = (error: RawError): Error => (typeof error.statusCode === "number" && error.body ? new DynaliteError(error.statusCode, error.body) : error);

/** A fresh in-memory dynalite store, called directly: no server, socket or wire format in between. */
export function inProcessDynalite(): InProcessDynalite {
  const store = db.create({ ...OPTIONS });
  return {
    call: (operation, data) =>
      new Promise<Answer>((resolve, reject) => {
        const known = operations.get(operation);
        if (!known) return reject(new DynaliteError(400, { __type: "com.amazon.coral.service#UnknownOperationException" }));
        try {
          const checked = validations.checkTypes(data, known.validation.types);
          validations.checkValidations(checked, known.validation.types, known.validation.custom, store);
          known.action(store, checked, (error, answer) => {
            if (error) reject(asDynaliteError(error));
            // Through JSON, as the server sends it: the caller gets a document of its own, not the store's objects.
            else resolve(JSON.parse(JSON.stringify(answer ?? {})) as Answer);
          });
        } catch (error) {
          reject(asDynaliteError(error as RawError));
        }
      }),
  };
}
