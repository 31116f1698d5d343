// The sample service each instance runs: a tiny HTTP app whose errors, latency and health come from the
// behaviour of the version it was deployed at, so a "bad build" really fails real requests.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type VersionBehaviour } from "./behaviour.ts";
import { listenOnLoopback, type LoopbackServer } from "./loopback-server.ts";
import { seededRandom } from "./seeded-random.ts";

export interface InstanceOptions {
  version: string;
  behaviour: VersionBehaviour;
  /** Seeds the error draw so a 30% error rate fails the same requests every run. */
  seed: number | string;
}

export type RunningInstance = LoopbackServer;

export async function startInstance({ version, behaviour, seed }: InstanceOptions): Promise<RunningInstance> {
  const random = seededRandom(seed);
  const pendingDelays = new Set<NodeJS.Timeout>();

  const answerRoot = (res: ServerResponse) => {
    if (random() < behaviour.errorRate) send(res, 500, "text/plain", `error from ${version}\n`);
    else send(res, 200, "text/plain", `hello from ${version}\n`);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "method not allowed\n");
    if (path === "/health") {
      const status = behaviour.healthy ? 200 : 503;
      return send(res, status, "application/json", JSON.stringify({ status: behaviour.healthy ? "ok" : "unhealthy", version }));
    }
    if (path === "/version") return send(res, 200, "application/json", JSON.stringify({ version }));
    if (path !== "/") return send(res, 404, "text/plain", "not found\n");
    if (behaviour.latencyMs <= 0) return answerRoot(res);
    const timer = setTimeout(() => {
      pendingDelays.delete(timer);
      answerRoot(res);
    }, behaviour.latencyMs);
    pendingDelays.add(timer);
  };

  return listenOnLoopback(handle, () => {
    for (const timer of pendingDelays) clearTimeout(timer);
    pendingDelays.clear();
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
