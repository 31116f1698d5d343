import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProbeCheck } from "../../functions/adapters/ports.ts";
import { makeHttpProbe } from "../../functions/adapters/probe.ts";

let server: Server;
let baseUrl: string;
let flakyCalls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case "/health":
        res.writeHead(200, { "content-type": "text/plain" }).end("status: ok");
        return;
      case "/down":
        res.writeHead(503).end("unavailable");
        return;
      case "/flaky":
        // Fails every other call: 2 of 4 attempts pass.
        flakyCalls++;
        res.writeHead(flakyCalls % 2 === 0 ? 200 : 500).end("flaky");
        return;
      case "/hang":
        return; // never answers: the probe's timeout must end it
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const probe = makeHttpProbe({ pauseMs: 0 });
const aCheck = (overrides: Partial<ProbeCheck> = {}): ProbeCheck => ({
  path: "/health",
  method: "GET",
  expectStatus: 200,
  timeoutSeconds: 2,
  attempts: 1,
  mustPass: 1,
  ...overrides,
});

describe("HTTP probe", () => {
  it("passes a check whose status and body match", async () => {
    const result = await probe.run(baseUrl, [aCheck({ bodyContains: "ok", attempts: 3 })]);
    expect(result.passed).toBe(true);
    expect(result.checks).toEqual([{ path: "/health", passed: 3, attempts: 3, ok: true, failures: [] }]);
    expect(result.reason).toBe(`all 1 smoke check(s) passed against ${baseUrl}`);
  });

  it("records the status when it differs from the expected one", async () => {
    const result = await probe.run(baseUrl, [aCheck({ path: "/down", attempts: 2, mustPass: 1 })]);
    expect(result.passed).toBe(false);
    expect(result.checks[0]?.failures).toEqual(["GET /down → 503 (expected 200)", "GET /down → 503 (expected 200)"]);
    expect(result.reason).toContain("/down passed 0/2 (needs 1)");
  });

  it("fails a check whose body lacks the expected text", async () => {
    const result = await probe.run(baseUrl, [aCheck({ bodyContains: "healthy" })]);
    expect(result.checks[0]?.failures).toEqual(['GET /health → 200 but the body does not contain "healthy"']);
  });

  it.each([
    [2, true],
    [3, false],
  ])("passes a flaky check (2 of 4 pass) when mustPass is %i: %s", async (mustPass, ok) => {
    flakyCalls = 0;
    const result = await probe.run(baseUrl, [aCheck({ path: "/flaky", attempts: 4, mustPass })]);
    expect(result.checks[0]).toMatchObject({ passed: 2, ok });
    expect(result.passed).toBe(ok);
  });

  it("gives up on a request after its timeout", async () => {
    const result = await probe.run(baseUrl, [aCheck({ path: "/hang", timeoutSeconds: 0.2 })]);
    expect(result.checks[0]?.failures).toEqual(["GET /hang: timed out after 0.2s"]);
  });

  it("reports a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await probe.run(`http://127.0.0.1:${port}`, [aCheck()]);
    expect(result.checks[0]?.failures).toEqual(["GET /health: connection refused"]);
  });

  it("fails overall when any check fails and names only the failing ones", async () => {
    const result = await probe.run(baseUrl, [aCheck(), aCheck({ path: "/missing" })]);
    expect(result.passed).toBe(false);
    expect(result.reason).toMatch(/^1 of 2 smoke check\(s\) failed .*: \/missing passed 0\/1 \(needs 1\), last: GET \/missing → 404/);
  });

  it("passes with no checks configured and says so", async () => {
    expect(await probe.run(baseUrl, [])).toEqual({ passed: true, checks: [], reason: "no smoke checks configured" });
  });
});
