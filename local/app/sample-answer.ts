// What the sample service answers to one request, as data: the HTTP server (sample-service.ts) and the
// in-process slots (in-process-slots.ts) both answer with it, so a "bad build" fails the same way either way.
import type { VersionBehaviour } from "./behaviour.ts";

export interface SampleAnswer {
  status: number;
  contentType: string;
  body: string;
  /** Real milliseconds the server waits before answering (the build's latency; `GET /` only). */
  delayMs: number;
}

/**
 * The answer of a build at `version` behaving as `behaviour`; `random` draws its errors.
 * Example: `sampleAnswer("v2", behaviourOf({ healthy: false }), random, "GET", "/health")` → status 503.
 */
export function sampleAnswer(version: string, behaviour: VersionBehaviour, random: () => number, method: string, path: string): SampleAnswer {
  const answer = (status: number, contentType: string, body: string, delayMs = 0): SampleAnswer => ({ status, contentType, body, delayMs });
  if (method !== "GET" && method !== "HEAD") return answer(405, "text/plain", "method not allowed\n");
  if (path === "/health") {
    const status = behaviour.healthy ? 200 : 503;
    return answer(status, "application/json", JSON.stringify({ status: behaviour.healthy ? "ok" : "unhealthy", version }));
  }
  if (path === "/version") return answer(200, "application/json", JSON.stringify({ version }));
  if (path !== "/") return answer(404, "text/plain", "not found\n");
  // Drawn when the request arrives, so the same seed fails the same requests whatever the latency.
  if (random() < behaviour.errorRate) return answer(500, "text/plain", `error from ${version}\n`, behaviour.latencyMs);
  return answer(200, "text/plain", `hello from ${version}\n`, behaviour.latencyMs);
}
