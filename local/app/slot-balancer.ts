// A slot's endpoint: a round-robin HTTP reverse proxy in front of the slot's instance servers. The Route 53
// record's value for the slot points here, as it would point at the slot's load balancer.
import { Agent, request, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server.ts";

export interface SlotBalancer {
  name: string;
  url: string;
  port: number;
  /** Replaces the registered instances (base URLs such as `http://127.0.0.1:41234`). */
  setTargets(urls: string[]): void;
  targets(): string[];
  stop(): Promise<void>;
}

export async function startBalancer(name: string): Promise<SlotBalancer> {
  let targets: string[] = [];
  let next = 0;
  const upstream = new Agent({ keepAlive: true, maxSockets: 64 });

  const proxy = (req: IncomingMessage, res: ServerResponse) => {
    if (targets.length === 0) return badGateway(res, `slot ${name} has no registered instances`);
    const target = targets[next++ % targets.length] as string;
    const outgoing = request(
      new URL(req.url ?? "/", target),
      { method: req.method, headers: { ...req.headers, host: new URL(target).host }, agent: upstream },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, "x-glidepath-slot": name, "x-glidepath-instance": target });
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      },
    );
    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      badGateway(res, `slot ${name}: instance ${target} did not answer (${error.code ?? error.message})`);
    });
    req.pipe(outgoing);
  };

  const server = await listenOnLoopback(proxy, () => upstream.destroy());
  return {
    name,
    url: server.url,
    port: server.port,
    setTargets(urls) {
      targets = [...urls];
      next = 0;
    },
    targets: () => [...targets],
    stop: server.stop,
  };
}

function badGateway(res: ServerResponse, reason: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `502 Bad Gateway: ${reason}\n`;
  res.writeHead(502, { "content-type": "text/plain", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
