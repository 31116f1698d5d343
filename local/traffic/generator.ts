// The sandbox's traffic generator: simulated clients resolve the service's record (each caching the answer
// for its TTL in VIRTUAL time, as stub resolvers do), send real HTTP GETs at a real-time rate, and report
// per-slot samples per virtual-time bucket that become CloudWatch metrics.
import { Agent, request } from "node:http";
import { seededRandom } from "../app/seeded-random.ts";
import { SlotBuckets, type RequestOutcome, type Slot, type TrafficSample } from "./slot-buckets.ts";

export type { Slot, TrafficSample } from "./slot-buckets.ts";

export interface Resolution {
  slot: Slot;
  /** Base URL of the slot's endpoint on 127.0.0.1. */
  url: string;
  /** Seconds (virtual) the client may reuse this answer. */
  ttl: number;
}

export interface TrafficOptions {
  /** Resolves the record for one client (a weighted choice per call); undefined when nothing answers. */
  resolve: (clientId: number) => Resolution | undefined;
  clients: number;
  /** Total requests per REAL second across all clients. */
  ratePerSecond: number;
  /** Virtual epoch ms; stamps buckets and expires cached resolutions. */
  now: () => number;
  seed?: number | string;
  /** Width of a sample bucket in virtual ms. */
  bucketMs: number;
  /** Stop sending after this many requests (default: no limit). */
  maxRequests?: number;
  /** Real ms before a request counts as a failed connection. */
  timeoutMs?: number;
  onSample: (sample: TrafficSample) => void;
  /** Called when `resolve` or `onSample` throws; the generator keeps running (default: console.error). */
  onError?: (error: unknown) => void;
}

interface TrafficStats {
  sent: number;
  inFlight: number;
  /** Requests not sent because the record did not resolve. */
  unresolved: number;
  /** Times a client asked the resolver, i.e. cache misses. */
  resolutions: number;
}

export interface Traffic {
  stats(): TrafficStats;
  /** Reports every bucket with answered requests now, even if its virtual time is not over. */
  flush(): void;
  /** Stops sending, waits for in-flight requests, reports what remains and closes every socket. */
  stop(): Promise<void>;
}

interface CachedAnswer {
  answer: Resolution;
  expiresAt: number;
}

export function startTraffic(options: TrafficOptions): Traffic {
  const { resolve, clients, ratePerSecond, now, bucketMs, onSample } = options;
  if (!(clients >= 1) || !Number.isInteger(clients)) throw new RangeError(`clients must be a positive integer, got ${clients}`);
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be positive, got ${ratePerSecond}`);
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const pickClient = seededRandom(options.seed ?? 1);
  const buckets = new SlotBuckets(bucketMs, onSample);
  const cache = new Map<number, CachedAnswer>();
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const stats: TrafficStats = { sent: 0, inFlight: 0, unresolved: 0, resolutions: 0 };
  const inFlight = new Set<Promise<void>>();
  const startedReal = performance.now();
  let attempted = 0;
  let stopping: Promise<void> | undefined;

  const onError = options.onError ?? ((error: unknown) => console.error("traffic generator:", error));
  // A throwing callback inside a timer would crash the process; the run should go on and say why.
  const guarded = (work: () => void) => {
    try {
      work();
    } catch (error) {
      onError(error);
    }
  };

  const resolveFor = (clientId: number): Resolution | undefined => {
    const cached = cache.get(clientId);
    if (cached && now() < cached.expiresAt) return cached.answer;
    stats.resolutions++;
    let answer: Resolution | undefined;
    guarded(() => (answer = resolve(clientId)));
    if (answer) cache.set(clientId, { answer, expiresAt: now() + answer.ttl * 1000 });
    else cache.delete(clientId);
    return answer;
  };

  const sendOne = () => {
    attempted++;
    const clientId = Math.floor(pickClient() * clients);
    const answer = resolveFor(clientId);
    if (!answer) {
      stats.unresolved++;
      return;
    }
    stats.sent++;
    const ticket = buckets.begin(now(), answer.slot);
    const done = get(new URL("/", answer.url), agent, timeoutMs).then((outcome) => {
      buckets.finish(ticket, outcome);
      guarded(() => buckets.closeDue(now()));
    });
    stats.inFlight++;
    inFlight.add(done);
    void done.finally(() => {
      stats.inFlight--;
      inFlight.delete(done);
    });
  };

  // Catch up on whatever the elapsed real time owes, so a slow tick never lowers the rate.
  const tick = () => {
    const owed = Math.floor(((performance.now() - startedReal) * ratePerSecond) / 1000) + 1;
    while (attempted < Math.min(owed, maxRequests)) sendOne();
    guarded(() => buckets.closeDue(now()));
  };
  const ticker = setInterval(tick, Math.min(50, Math.max(5, 1000 / ratePerSecond)));
  tick();

  return {
    stats: () => ({ ...stats }),
    flush: () => buckets.flush(),
    stop() {
      stopping ??= (async () => {
        clearInterval(ticker);
        while (inFlight.size > 0) await Promise.all([...inFlight]);
        guarded(() => buckets.flush());
        agent.destroy();
      })();
      return stopping;
    },
  };
}

function get(url: URL, agent: Agent, timeoutMs: number): Promise<RequestOutcome> {
  const began = performance.now();
  return new Promise((settle) => {
    let settled = false;
    const finish = (status: number | undefined) => {
      if (settled) return;
      settled = true;
      settle({ status, latencyMs: performance.now() - began });
    };
    const req = request(url, { method: "GET", agent }, (res) => {
      res.resume();
      res.on("end", () => finish(res.statusCode));
      res.on("error", () => finish(undefined));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timed out")));
    req.on("error", () => finish(undefined));
    req.end();
  });
}
