// Smoke tests: real HTTP requests straight at a slot's endpoint, each check tried `attempts` times.
import type { Probe, ProbeCheck, ProbeResult } from "./ports.ts";

export interface ProbeOptions {
  /** Pause between attempts of one check (capped at 200 ms so a smoke test never stalls a Lambda); 0 in tests. */
  pauseMs?: number;
  fetch?: typeof fetch;
}

const MAX_PAUSE_MS = 200;

export function makeHttpProbe(options: ProbeOptions = {}): Probe {
  const pauseMs = Math.min(Math.max(options.pauseMs ?? 100, 0), MAX_PAUSE_MS);
  const doFetch = options.fetch ?? fetch;

  async function attempt(baseUrl: string, check: ProbeCheck): Promise<string | undefined> {
    const url = new URL(check.path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
    const label = `${check.method} ${check.path}`;
    try {
      const response = await doFetch(url, { method: check.method, signal: AbortSignal.timeout(check.timeoutSeconds * 1000), redirect: "manual" });
      const body = check.method === "HEAD" ? "" : await response.text();
      if (response.status !== check.expectStatus) return `${label} → ${response.status} (expected ${check.expectStatus})`;
      if (check.bodyContains !== undefined && !body.includes(check.bodyContains))
        return `${label} → ${response.status} but the body does not contain "${check.bodyContains}"`;
      return undefined;
    } catch (error) {
      return `${label}: ${describeFetchError(error, check.timeoutSeconds)}`;
    }
  }

  return {
    async run(baseUrl: string, checks: ProbeCheck[]): Promise<ProbeResult> {
      const results: ProbeResult["checks"] = [];
      for (const check of checks) {
        const failures: string[] = [];
        let passed = 0;
        for (let i = 0; i < check.attempts; i++) {
          if (i > 0 && pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
          const failure = await attempt(baseUrl, check);
          if (failure === undefined) passed++;
          else failures.push(failure);
        }
        results.push({ path: check.path, passed, attempts: check.attempts, ok: passed >= check.mustPass, failures });
      }
      const failed = results.flatMap((result, i) => (result.ok ? [] : [{ result, mustPass: checks[i]?.mustPass ?? 1 }]));
      const reason =
        checks.length === 0
          ? "no smoke checks configured"
          : failed.length === 0
            ? `all ${results.length} smoke check(s) passed against ${baseUrl}`
            : `${failed.length} of ${results.length} smoke check(s) failed against ${baseUrl}: ` +
              failed
                .map(({ result, mustPass }) => `${result.path} passed ${result.passed}/${result.attempts} (needs ${mustPass}), last: ${result.failures.at(-1) ?? "?"}`)
                .join("; ");
      return { passed: failed.length === 0, checks: results, reason };
    },
  };
}

/** fetch's errors are generic ("fetch failed"); the useful part is in `cause.code`. */
function describeFetchError(error: unknown, timeoutSeconds: number): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") return `timed out after ${timeoutSeconds}s`;
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  switch (cause?.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "connection reset";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return `timed out after ${timeoutSeconds}s`;
  }
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}
