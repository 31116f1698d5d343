// What an operator and the demo see while one Auto Scaling group (fleet.group) is replaced: the group by name, the new version's
// share of the group's InService instances, not slot traffic shares that say nothing for one group.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../functions/core/config.ts";
import { StatusLine } from "../../local/demo/status-line.ts";
import { sandboxConfigInput } from "../../local/sandbox/sandbox-config.ts";
import { STATE } from "../../stacks/definition.ts";
import { ExecutionGate } from "../fixtures/execution-gate.ts";
import { APP, violationsAtRest } from "../fixtures/operator-sandbox.ts";
import { sandboxBackend } from "../fixtures/sandbox-backend.ts";
import { startWatched } from "../sim/monitor/watched-sandbox.ts";
import { commitIdOf } from "../../local/scenario/run-scenario.ts";
import { glidepath } from "./run-cli.ts";

function oneGroupCanary(): ConfigInput {
  const input = sandboxConfigInput();
  return {
    ...input,
    fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: "shop-api-sandbox", endpoint: "filled-in" } },
    strategy: { kind: "canary", steps: [{ percent: 25, bake: "3m" }, { percent: 100 }] },
  };
}

describe("status of a one-group deployment", () => {
  it("shows 1 of 4 InService instances on the new version at a 25% canary's bake, in --json, text, --watch and the demo's line", async () => {
    const gate = new ExecutionGate();
    // The demo's line hears the run's events as they happen, as the demo wires it.
    const status = { line: undefined as StatusLine | undefined };
    const watched = await startWatched({ config: oneGroupCanary(), pauseBefore: gate.pauseBefore, onEvent: (event) => status.line?.onEvent(event) });
    const { sandbox, monitor, push } = watched;
    const backend = sandboxBackend(sandbox);
    const cli = (...args: string[]) => glidepath(...args, { backend });
    try {
      await push("v1");
      await sandbox.executions.settled();
      const line = (status.line = new StatusLine(sandbox, sandbox.clock.now()));
      const held = gate.holdAt(STATE.bake);
      await push("v2", "v1");
      await held.reached;

      const json = JSON.parse((await cli("status", ...APP, "--json")).stdout);
      expect(json.deployment).toMatchObject({ step: { index: 2, count: 3, kind: "bake" }, instances: { onNew: 1, inService: 4, percent: 25 }, group: "shop-api-sandbox" });
      expect(json.live).toMatchObject({ commit: commitIdOf("v1"), group: "shop-api-sandbox" });
      expect(json.deployment.alarms.map((alarm: { name: string }) => alarm.name)).toEqual(["shop-api-sandbox-error-rate", "shop-api-sandbox-p99-latency"]);
      const text = (await cli("status", ...APP)).stdout;
      expect(text).toContain("instances:  1 of 4 InService run the new version (25%)");
      expect(text).not.toContain("traffic:");
      expect(text).toContain(`live:       ${commitIdOf("v1").slice(0, 12)} on group shop-api-sandbox`);
      expect(text).toContain(`deploying:  ${commitIdOf("v2").slice(0, 12)} to group shop-api-sandbox`);
      expect(line.render(false)).toContain("│ new 1/4 InService (25%) │");
      expect(line.render(false)).not.toMatch(/│ a \d+% · b \d+% │/);

      const watching = { ...backend, sleep: (ms: number) => (held.release(), backend.sleep(ms)) };
      const watchedLines = (await glidepath("status", ...APP, "--watch", { backend: watching })).stdout.trim().split("\n");
      expect(watchedLines[0]).toMatch(/^\[#+-*\] step 2\/3 Bake under alarm watch: 3m at 25% \(new 1\/4 InService, 25%, until /);
      expect(watchedLines.some((l) => l.includes("(new 4/4 InService, 100%"))).toBe(true);
      expect(line.render(false)).toContain("│ new 4/4 InService (100%) │");
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it("reports no instance share on two slots, where the weights are what moves", async () => {
    const gate = new ExecutionGate();
    const watched = await startWatched({ pauseBefore: gate.pauseBefore });
    try {
      await watched.push("v1");
      await watched.sandbox.executions.settled();
      const held = gate.holdAt(STATE.bake);
      await watched.push("v2", "v1");
      await held.reached;
      const status = JSON.parse((await glidepath("status", ...APP, "--json", { backend: sandboxBackend(watched.sandbox) })).stdout);
      expect(status.deployment).toMatchObject({ weights: { a: 10, b: 90 }, instances: null, group: null, alarms: [{ name: "shop-api-sandbox-a-error-rate" }, { name: "shop-api-sandbox-a-p99-latency" }] });
      expect(status.live).toMatchObject({ slot: "b", group: null });
      held.release();
      await watched.sandbox.executions.settled();
    } finally {
      await watched.sandbox.close();
    }
  }, 60_000);
});
