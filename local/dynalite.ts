// A DynamoDB-compatible store (dynalite, in memory), either on loopback for tests that want the wire, or in
// process for the sandbox: the DynamoDB client's serialized request goes straight to dynalite's request
// handler, with no socket, port or connection in between (most of a sandbox's DynamoDB cost was loopback HTTP).
import { EventEmitter } from "node:events";
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

/** An HTTP request as the SDK serialized it (`HttpRequest` of @smithy/core/protocols). */
export interface SerializedRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

interface DynaliteAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface InProcessDynalite {
  /** Answers one serialized DynamoDB request as dynalite's server would, without the server. */
  handle(request: SerializedRequest): Promise<DynaliteAnswer>;
}

type RequestListener = (req: EventEmitter & { method: string; url: string; headers: Record<string, string> }, res: FakeResponse) => void;

interface FakeResponse {
  statusCode: number;
  contentType?: string;
  setHeader(name: string, value: string | number): void;
  end(body?: string): void;
}

/** A fresh in-memory dynalite, reached by calling its request handler directly. */
export function inProcessDynalite(): InProcessDynalite {
  // The server is never listened on: it only carries dynalite's request handler and its store.
  const listener = dynalite(OPTIONS).listeners("request")[0] as RequestListener;
  return {
    handle: (request) =>
      new Promise<DynaliteAnswer>((resolve, reject) => {
        const headers: Record<string, string> = {};
        const response: FakeResponse = {
          statusCode: 200,
          setHeader: (name, value) => void (headers[name.toLowerCase()] = String(value)),
          end: (body = "") => resolve({ statusCode: response.statusCode, headers, body: Buffer.from(body, "utf8") }),
        };
        const lowered = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
        const req = Object.assign(new EventEmitter(), { method: request.method, url: request.path || "/", headers: lowered });
        try {
          listener(req, response);
        } catch (error) {
          reject(error as Error);
          return;
        }
        const body = bodyBytes(request.body);
        if (body.length > 0) req.emit("data", body);
        // dynalite's handler answers from its 'end' listener, and throws there on a bug of its own.
        try {
          req.emit("end");
        } catch (error) {
          reject(error as Error);
        }
      }),
  };
}

/** The SDK's JSON body is a string or a Uint8Array (one with string methods that warn when used): its bytes. */
function bodyBytes(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new Error(`in-process dynalite: unexpected request body type ${Object.prototype.toString.call(body)}`);
}
