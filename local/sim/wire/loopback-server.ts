// `glidepath local up`'s endpoint: the sandbox's simulated AWS served to other processes as AWS-compatible HTTP
// on one loopback port, so the operator CLI (GLIDEPATH_ENDPOINT) runs its ordinary SDK clients against it.
// Requests are routed and read by each protocol's own addressing (route-request.ts) and answered with the same
// wire encoders the in-process clients use; DynamoDB requests go to the sandbox's dynalite as the JSON
// documents they are, Step Functions requests to its local executions.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Executions } from "../../../functions/adapters/ports.ts";
import { DynaliteError, type InProcessDynalite } from "../../dynalite.ts";
import { nextRequestId, type SimulatedService } from "../errors.ts";
import type { Simulator } from "../simulator.ts";
import { encodeError, type ServiceError } from "./encode-error.ts";
import { encodeOutput } from "./encode-output.ts";
import { routeRequest, UnroutableRequestError, type RoutedRequest } from "./route-request.ts";
import { serviceCatalog } from "./service-catalog.ts";
import { answerSfn } from "./sfn-answers.ts";

export interface SimulatedAccount {
  sim: Simulator;
  dynalite: InProcessDynalite;
  executions: Executions;
}

export interface LoopbackEndpoint {
  /** `http://127.0.0.1:<port>`: what GLIDEPATH_ENDPOINT names. */
  url: string;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** Serves `account` on 127.0.0.1 (never another interface) on `port`, or a free one when 0. */
export async function serveSimulatedAws(account: SimulatedAccount, port = 0): Promise<LoopbackEndpoint> {
  const catalog = serviceCatalog();
  const server = createServer((request, response) => {
    void answer(account, catalog, request).then(
      (answered) => send(response, answered),
      (error: Error) => send(response, { status: 500, headers: { "content-type": "application/json" }, body: JSON.stringify({ __type: "InternalFailure", message: error.message }) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the loopback endpoint has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, answer: Answer): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}

async function answer(account: SimulatedAccount, catalog: ReturnType<typeof serviceCatalog>, request: IncomingMessage): Promise<Answer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
  let routed: RoutedRequest;
  try {
    routed = await routeRequest(catalog, { method: request.method ?? "GET", url: new URL(request.url ?? "/", "http://127.0.0.1"), headers, body: Buffer.concat(chunks) });
  } catch (error) {
    if (!(error instanceof UnroutableRequestError)) throw error;
    return { status: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ __type: error.name, message: error.message }) };
  }
  const { entry, op, input } = routed;
  if (entry.service === "dynamodb") return answerDynamoDb(account.dynalite, op.name, routed.body);
  const requestId = nextRequestId();
  try {
    const output =
      entry.service === "sfn"
        ? await answerSfn(account.executions, op.name, input as Record<string, string>, () => new Date(account.sim.clock.now()))
        : ((await account.sim.call(entry.service as SimulatedService, op.name, input)) as Record<string, unknown> | undefined);
    return fromHttp(encodeOutput(entry.protocol, op, output ?? {}, requestId));
  } catch (error) {
    if (!(error instanceof Error && "$fault" in error)) throw error;
    return fromHttp(encodeError(entry.protocol, error as ServiceError, requestId));
  }
}

function fromHttp(response: { statusCode: number; headers: Record<string, string>; body?: unknown }): Answer {
  return { status: response.statusCode, headers: response.headers, body: response.body as Uint8Array };
}

/** dynalite takes the request's JSON document and answers with the one its own server would send. */
async function answerDynamoDb(dynalite: InProcessDynalite, operation: string, body: Uint8Array): Promise<Answer> {
  const headers = { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": nextRequestId() };
  try {
    const document = JSON.parse(new TextDecoder().decode(body) || "{}") as Record<string, unknown>;
    return { status: 200, headers, body: JSON.stringify(await dynalite.call(operation, document)) };
  } catch (error) {
    if (!(error instanceof DynaliteError)) throw error;
    return { status: error.statusCode, headers, body: JSON.stringify(error.body) };
  }
}
