// Deploy windows and freezes in the sandbox: a push during a freeze waits in the push queue, recorded and shown
// in status, and deploys once the freeze ends, started by the reconciler; an operator's deploy is refused then
// unless it overrides the freeze, which its record says. The invariant monitor (I9 included) sees nothing wrong.
import { describe, expect, it } from "vitest";
import { statusView } from "../../../functions/operator/views.ts";
import { redeploy } from "../../../functions/operator/redeploy.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { startWatched } from "../monitor/watched-sandbox.ts";

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const FREEZE_ENDS = "2026-01-01T15:00:00.000Z";

describe("a freeze in the sandbox", () => {
  it("holds a push in the queue until the freeze ends, then deploys it; a deploy by hand needs --override-freeze", async () => {
    const config = { ...sandboxConfigInput(), freeze: [{ from: "2026-01-01T12:30:00Z", to: FREEZE_ENDS, reason: "new year traffic peak" }] };
    const { sandbox, monitor, push } = await startWatched({ config });
    const { app, env } = sandbox.config;
    const ports = { ...sandbox.adapters, executionArn: (name: string) => name, now: () => sandbox.clock.now() };
    try {
      expect(sandbox.clock.now()).toBe(START);
      await push("v1");
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive(app, env))?.commit).toBe(commitIdOf("v1"));

      await sandbox.idle(40 * 60);
      await push("v2", "v1");
      await sandbox.executions.settled();
      const held = await statusView(ports, app, env);
      expect(held.gate).toEqual({ open: false, reason: `frozen until ${FREEZE_ENDS}: new year traffic peak; opens ${FREEZE_ENDS}`, opensAt: FREEZE_ENDS });
      expect(held.waiting).toEqual({ commit: commitIdOf("v2"), notBefore: FREEZE_ENDS, reason: `waiting: ${app}/${env} is frozen until ${FREEZE_ENDS}: new year traffic peak; opens ${FREEZE_ENDS}; started then by the reconciler` });
      expect(await sandbox.adapters.ledger.listDeployments(app, env, 5)).toHaveLength(1);

      const refused = redeploy({ ...sandbox.adapters, now: () => sandbox.clock.now() }, { app, env, commit: commitIdOf("v1"), kind: "redeploy", by: "alice", reason: "again" });
      await expect(refused).rejects.toMatchObject({ name: "DeployGateClosedError", message: expect.stringContaining("is frozen until 2026-01-01T15:00:00.000Z: new year traffic peak") });

      await sandbox.idle(3 * 3600);
      await sandbox.executions.settled();
      const [v2] = await sandbox.adapters.ledger.listDeployments(app, env, 1);
      expect(v2).toMatchObject({ commit: commitIdOf("v2"), outcome: "promoted" });
      expect(Date.parse(v2!.startedAt)).toBeGreaterThanOrEqual(Date.parse(FREEZE_ENDS));
      expect((await statusView(ports, app, env)).waiting).toBeUndefined();
      expect((await monitor.finish()).violations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 240_000);

  it("an emergency deploy overrides the freeze, and its record says so", async () => {
    const config = { ...sandboxConfigInput(), freeze: [{ from: "2026-01-01T12:30:00Z", to: FREEZE_ENDS, reason: "new year traffic peak" }] };
    const { sandbox, monitor, push } = await startWatched({ config });
    const { app, env } = sandbox.config;
    try {
      await push("v1");
      await sandbox.executions.settled();
      await push("v2", "v1");
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive(app, env))?.commit).toBe(commitIdOf("v2"));
      // Into the freeze.
      await sandbox.idle((Date.parse("2026-01-01T12:35:00Z") - sandbox.clock.now()) / 1000);
      const started = await sandbox.outOfBand(() =>
        redeploy({ ...sandbox.adapters, executions: sandbox.executions, now: () => sandbox.clock.now() }, { app, env, commit: commitIdOf("v1"), kind: "redeploy", by: "alice", reason: "v2 corrupts carts", overrideFreeze: true }),
      );
      monitor.operatorChose(commitIdOf("v1"));
      expect(started.requestedBy).toMatchObject({ overrideFreeze: true, reason: expect.stringContaining("v2 corrupts carts (overriding: shop-api/sandbox is frozen until 2026-01-01T15:00:00.000Z") });
      await sandbox.executions.settled();
      const [record] = await sandbox.adapters.ledger.listDeployments(app, env, 1);
      expect(record).toMatchObject({ commit: commitIdOf("v1"), outcome: "promoted", requestedBy: { kind: "redeploy", overrideFreeze: true } });
      expect((await monitor.finish()).violations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 240_000);
});
