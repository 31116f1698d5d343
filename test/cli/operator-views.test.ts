// The operator's read commands end to end in the sandbox (status, status --watch, history, apps): the same CLI
// code and ports as on AWS, the sandbox's clients. The invariant monitor must see no violation.
import { describe, expect, it } from "vitest";
import { STATE } from "../../stacks/definition.ts";
import { commitIdOf } from "../../local/scenario/run-scenario.ts";
import { APP, aSandboxWithV1, violationsAtRest } from "../fixtures/operator-sandbox.ts";
import { glidepath } from "./run-cli.ts";

describe("glidepath status, history and apps in the sandbox", () => {
  it("status shows a canary mid-bake: step 2 of 5, 10% on the new slot, the alarm and the execution", async () => {
    const { sandbox, monitor, push, gate, cli } = await aSandboxWithV1();
    try {
      const held = gate.holdAt(STATE.bake);
      await push("v2", "v1");
      const execution = await held.reached;
      const result = await cli("status", ...APP, "--json");
      expect(result.code).toBe(0);
      const status = JSON.parse(result.stdout);
      expect(status).toMatchObject({
        app: "shop-api",
        env: "sandbox",
        live: { commit: commitIdOf("v1"), slot: "b", image: expect.stringMatching(/^ami-/) },
        deployment: {
          commit: commitIdOf("v2"),
          executionArn: expect.stringMatching(new RegExp(`:${execution}$`)),
          status: "in_progress",
          step: { index: 2, count: 5, kind: "bake" },
          weights: { a: 10, b: 90 },
          startedAt: expect.any(String),
          state: "Bake under alarm watch: 3m at 10%",
          alarms: [
            { name: "shop-api-sandbox-a-error-rate", state: expect.any(String) },
            { name: "shop-api-sandbox-a-p99-latency", state: expect.any(String) },
          ],
        },
      });
      const appsMidway = JSON.parse((await cli("apps", "--json")).stdout);
      expect(appsMidway.apps[0]).toMatchObject({ live: { commit: commitIdOf("v1") }, deployment: { commit: commitIdOf("v2"), status: "in_progress", executionArn: status.deployment.executionArn } });
      const unknown = await cli("status", "--app", "shop-ui", "--env", "sandbox");
      expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("no config for shop-ui/sandbox") });
      const text = await cli("status", ...APP);
      expect(text.stdout).toContain("step:       2 of 5 (bake): Bake under alarm watch: 3m at 10%");
      expect(text.stdout).toContain("traffic:    a 10%, b 90%");
      held.release();
      await sandbox.executions.settled();

      const after = JSON.parse((await cli("status", ...APP, "--json")).stdout);
      expect(after).toMatchObject({ live: { commit: commitIdOf("v2"), slot: "a" }, deployment: null });
      const history = JSON.parse((await cli("history", ...APP, "--json")).stdout);
      expect(history.deployments.map((d: { commit: string; outcome: string }) => [d.commit, d.outcome])).toEqual([
        [commitIdOf("v2"), "promoted"],
        [commitIdOf("v1"), "promoted"],
      ]);
      expect(history.deployments[0]).toMatchObject({ reason: expect.stringContaining("Promoted"), endedAt: expect.any(String), executionArn: expect.stringContaining(commitIdOf("v2").slice(0, 12)) });
      const apps = JSON.parse((await cli("apps", "--json")).stdout);
      expect(apps).toEqual({ apps: [{ app: "shop-api", env: "sandbox", live: { commit: commitIdOf("v2"), slot: "a", group: null, image: expect.stringMatching(/^ami-/) }, deployment: null }] });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});

describe("glidepath history of a push refused before the lease", () => {
  it("lists the push Preflight refused with the alarm named, and the monitor finds it recorded (I9)", async () => {
    const { sandbox, monitor, push, cli } = await aSandboxWithV1();
    try {
      // v1 is live on b, so v2 would go to slot a, whose alarm is already firing: Preflight refuses it.
      sandbox.sim.cloudwatch.holdAlarm("shop-api-sandbox-a-error-rate", "ALARM", 2 * 3600);
      await push("v2", "v1");
      await sandbox.executions.settled();
      // Without a record of why, the monitor counts v2 as a lost push (I9).
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);

      const history = JSON.parse((await cli("history", ...APP, "--json")).stdout);
      expect(history.deployments.map((d: { commit: string }) => d.commit)).toEqual([commitIdOf("v1")]);
      expect(history.failedPushes).toEqual([
        {
          commit: commitIdOf("v2"),
          receivedAt: expect.any(String),
          execution: expect.stringContaining(commitIdOf("v2").slice(0, 12)),
          reason: expect.stringMatching(/^Failed before changing anything: .*shop-api-sandbox-a-error-rate is already in ALARM/),
        },
      ]);
      const text = (await cli("history", ...APP)).stdout.split("\n");
      expect(text[1]).toMatch(new RegExp(`^  \\S+Z  ${commitIdOf("v2").slice(0, 7)}\\w*  failed +before taking the lease: no deployment started, nothing changed`));
      expect(text[2]).toContain("shop-api-sandbox-a-error-rate is already in ALARM");
      expect(text[3]).toMatch(new RegExp(`^  \\S+Z  ${commitIdOf("v1").slice(0, 7)}\\w*  promoted`));
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});

describe("glidepath status --watch in the sandbox", () => {
  it("prints a line per change off a terminal, redraws one line on a terminal, until the deployment ends; exits 0 when it promoted", async () => {
    const { sandbox, monitor, push, gate, backend } = await aSandboxWithV1();
    try {
      const held = gate.holdAt(STATE.bake);
      await push("v2", "v1");
      await held.reached;
      // The execution goes on once the watch has drawn its first line and waits for the next read.
      const watching = { ...backend, sleep: (ms: number) => (held.release(), backend.sleep(ms)) };
      const watched = await glidepath("status", ...APP, "--watch", { backend: watching });
      expect(watched.code).toBe(0);
      const lines = watched.stdout.trim().split("\n");
      expect(lines[0]).toMatch(/^\[#{8}-{12}\] step 2\/5 Bake under alarm watch: 3m at 10% \(a=10% b=90%, until \d\d:\d\d:\d\d UTC/);
      expect(lines.some((line) => line.includes("step 4/5 Bake under alarm watch: 3m at 50% (a=50% b=50%"))).toBe(true);
      expect(lines.at(-1)).toMatch(new RegExp(`^${commitIdOf("v2").slice(0, 12)}: promoted — Promoted`));
      expect(new Set(lines).size).toBe(lines.length);

      // On a terminal the progress line is redrawn in place, and the outcome follows on a line of its own.
      const next = gate.holdAt(STATE.bake);
      await push("v3", "v2");
      await next.reached;
      const onTerminal = await glidepath("status", ...APP, "--watch", { backend: { ...backend, sleep: (ms: number) => (next.release(), backend.sleep(ms)) }, tty: true });
      expect(onTerminal.code).toBe(0);
      const redraws = onTerminal.stdout.split("\r\u001b[K").slice(1);
      expect(redraws.length).toBeGreaterThan(1);
      expect(redraws[0]).toMatch(/^\[#{8}-{12}\] step 2\/5 Bake under alarm watch: 3m at 10% \(a=90% b=10%/);
      expect(redraws.at(-1)).toMatch(new RegExp(`\n${commitIdOf("v3").slice(0, 12)}: promoted — Promoted .*\n$`));
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
