// Which service and operation a request to the loopback endpoint is, and its typed input, by each protocol's
// own addressing: the JSON protocols' `X-Amz-Target: <serviceTarget>.<Operation>`, the query protocols'
// `Action=` and `Version=` form fields, and the REST protocols' method and path (the operation's `@http` trait).
import { readQueryInput } from "./read-query-request.ts";
import { matchRestPath, readRestInput } from "./read-rest-request.ts";
import { protocolId, type OperationSchema } from "./protocol.ts";
import type { ServiceEntry } from "./service-catalog.ts";

export interface IncomingRequest {
  method: string;
  url: URL;
  headers: Record<string, string | undefined>;
  body: Uint8Array;
}

export interface RoutedRequest {
  entry: ServiceEntry;
  op: OperationSchema;
  input: Record<string, unknown>;
  /** The body as sent, for DynamoDB (dynalite reads the JSON document itself). */
  body: Uint8Array;
}

export class UnroutableRequestError extends Error {
  override name = "UnknownOperationException";
}

export async function routeRequest(catalog: ServiceEntry[], request: IncomingRequest): Promise<RoutedRequest> {
  const target = request.headers["x-amz-target"];
  if (target) {
    const [prefix, operation] = target.split(".");
    const entry = catalog.find((e) => e.protocol.serviceTarget === prefix && protocolId(e.protocol).startsWith("awsJson"));
    const op = entry?.operations.get(operation ?? "");
    if (!entry || !op) throw new UnroutableRequestError(`no simulated service answers X-Amz-Target ${target}`);
    if (entry.service === "dynamodb") return { entry, op, input: {}, body: request.body };
    const text = new TextDecoder().decode(request.body);
    const input = text.trim() ? ((await entry.protocol.codec!.createDeserializer().read(op.input, text)) as Record<string, unknown>) : {};
    return { entry, op, input: input ?? {}, body: request.body };
  }
  if ((request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(new TextDecoder().decode(request.body));
    const entry = catalog.find((e) => e.protocol.options.version === form.get("Version") && ["awsQuery", "ec2Query"].includes(protocolId(e.protocol)));
    const op = entry?.operations.get(form.get("Action") ?? "");
    if (!entry || !op) throw new UnroutableRequestError(`no simulated service answers Action=${form.get("Action")} Version=${form.get("Version")}`);
    return { entry, op, input: readQueryInput(op.input, form, protocolId(entry.protocol) === "ec2Query"), body: request.body };
  }
  for (const entry of catalog.filter((e) => protocolId(e.protocol).startsWith("rest"))) {
    for (const op of entry.operations.values()) {
      const labels = matchRestPath(op, request.method, request.url.pathname);
      if (labels) return { entry, op, input: await readRestInput(op, labels, request.url.searchParams, request.headers, request.body, entry.protocol.codec!), body: request.body };
    }
  }
  throw new UnroutableRequestError(`no simulated service answers ${request.method} ${request.url.pathname}`);
}
