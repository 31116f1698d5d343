// The sample service each instance runs: a tiny HTTP app whose errors, latency and health come from the
// behaviour of the version it was deployed at, so a "bad build" really fails real requests.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type VersionBehaviour } from "./behaviour.ts";
import { sampleAnswer, type SampleAnswer } from "./sample-answer.ts";
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

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const answer = sampleAnswer(version, behaviour, random, req.method ?? "GET", (req.url ?? "/").split("?")[0] ?? "/");
    if (answer.delayMs <= 0) return send(res, answer);
    const timer = setTimeout(() => {
      pendingDelays.delete(timer);
      send(res, answer);
    }, answer.delayMs);
    pendingDelays.add(timer);
  };

  return listenOnLoopback(handle, () => {
    for (const timer of pendingDelays) clearTimeout(timer);
    pendingDelays.clear();
  });
}

function send(res: ServerResponse, { status, contentType, body }: SampleAnswer): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
