// Incidents the event-driven waits answer (issue 9): an alarm mid-wait rolls back within the virtual minute it
// fires, whether the wait is a bake, the final bake or an approval; a day-long A/B hold is one wait.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { promoteWait } from "../../../functions/operator/wait-control.ts";
import { deployRelease } from "../../../local/sandbox/deploy-release.ts";
import type { RunEvent } from "../../../local/sandbox/runner.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { startSandbox, type Sandbox } from "../../../local/sandbox/sandbox.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { STATE } from "../../../stacks/definition.ts";

/** v2 deploys to slot a (v1 is live on b): this is the alarm that judges it. */
const V2_ALARM = "shop-api-sandbox-a-error-rate";
const MINUTE = 60_000;

/**
 * Deploys v1, then v2; once v2's execution enters `waitState`, forces V2_ALARM into ALARM `after` later for
 * `holdSeconds` (a drill, as SetAlarmState would), and reports when it fired, when v2's wait began and when
 * the execution began to roll back.
 */
async function alarmDuring(
  waitState: string,
  config: ConfigInput = sandboxConfigInput(),
  after = 3 * MINUTE + 17_000,
  { holdSeconds = 600, eventsLost = false, promoteAfter }: { holdSeconds?: number; eventsLost?: boolean; promoteAfter?: number } = {},
) {
  const events: RunEvent[] = [];
  let firedAt: number | undefined;
  let waitAt = 0;
  const sandbox: Sandbox = await startSandbox({ traffic: "synthetic", config, onEvent: (event) => events.push(event), deliverAlarmEvent: () => !eventsLost });
  try {
    await deployRelease(sandbox, { label: "v1", commitId: commitIdOf("v1") });
    const v2 = commitIdOf("v2").slice(0, 12);
    sandbox.listen((event) => {
      if (firedAt !== undefined || event.state !== waitState || !event.execution.includes(v2)) return;
      firedAt = -1;
      waitAt = sandbox.clock.now();
      sandbox.clock.schedule(after, () => {
        firedAt = sandbox.clock.now();
        sandbox.sim.cloudwatch.holdAlarm(V2_ALARM, "ALARM", holdSeconds);
      });
      // An operator's `glidepath promote` (SendTaskSuccess on the wait's token).
      if (promoteAfter !== undefined)
        sandbox.clock.schedule(promoteAfter, () => {
          void sandbox.outOfBand(() => promoteWait({ ledger: sandbox.adapters.ledger, executions: sandbox.executions, clock: sandbox.clock }, { app: "shop-api", env: "sandbox", by: "alice", reason: "looks fine" }));
        });
    });
    const [outcome] = await deployRelease(sandbox, { label: "v2", commitId: commitIdOf("v2"), previousCommitId: commitIdOf("v1") });
    const rollbackAt = events.find((event) => event.execution.includes(v2) && event.state === STATE.rollBack)?.t;
    return { outcome: outcome!, firedAt: firedAt!, waitAt, rollbackAt: rollbackAt! };
  } finally {
    await sandbox.close();
  }
}

describe("an alarm while the deployment waits", () => {
  it.each([
    ["a bake", STATE.bake, sandboxConfigInput()],
    ["the final bake", STATE.finalBake, { ...sandboxConfigInput(), finalBake: "30m" }],
    ["an approval", STATE.waitForApproval, { ...sandboxConfigInput(), strategy: { kind: "abTest", percent: 20, until: "approval" } } as ConfigInput],
  ])("during %s rolls back within the same virtual minute, the reason naming the alarm", { timeout: 120_000 }, async (_wait, state, config) => {
    const { outcome, firedAt, rollbackAt } = await alarmDuring(state, config);
    expect(firedAt).toBeGreaterThan(0);
    expect(outcome.outcome).toBe("rolled_back");
    expect(outcome.reason).toContain(V2_ALARM);
    expect(outcome.reason).toContain("AlarmTriggeredError");
    expect(rollbackAt - firedAt).toBeGreaterThanOrEqual(0);
    expect(rollbackAt - firedAt).toBeLessThan(MINUTE);
    expect(outcome.weights).toEqual({ a: 0, b: 100 });
  });
});

describe("a lost breaker event", () => {
  it("cannot stall a bake: an alarm that fired and cleared inside it fails the bake at its end, naming it", { timeout: 120_000 }, async () => {
    // The sandbox's canary bakes 3 minutes at 10%; the alarm fires a minute in and clears a minute later.
    const { outcome, waitAt, rollbackAt } = await alarmDuring(STATE.bake, sandboxConfigInput(), MINUTE, { holdSeconds: 60, eventsLost: true });
    expect(outcome.outcome).toBe("rolled_back");
    expect(outcome.control).toBeUndefined();
    expect(outcome.reason).toMatch(new RegExp(`AlarmTriggeredError: Bake 2: failed — ${V2_ALARM} entered ALARM 1 time during the bake .* and is OK now`));
    // Caught by the judge when the bake's 3 minutes were up, not by the breaker.
    expect(rollbackAt - waitAt).toBeGreaterThanOrEqual(3 * MINUTE);
    expect(rollbackAt - waitAt).toBeLessThan(4 * MINUTE);
  });
});

describe("promote during a bake whose breaker event was lost", () => {
  it("still judges the bake over what it lasted: the alarm that fired and cleared fails it, promote only shortened it", { timeout: 120_000 }, async () => {
    // The alarm fires 30 s into the 3-minute bake and clears a minute later; alice promotes at 2 minutes.
    const { outcome, waitAt, rollbackAt } = await alarmDuring(STATE.bake, sandboxConfigInput(), 30_000, { holdSeconds: 60, eventsLost: true, promoteAfter: 2 * MINUTE });
    expect(outcome.outcome).toBe("rolled_back");
    expect(outcome.reason).toMatch(new RegExp(`AlarmTriggeredError: Bake 2: failed — ${V2_ALARM} entered ALARM 1 time during the bake`));
    expect(rollbackAt - waitAt).toBeGreaterThanOrEqual(2 * MINUTE);
    expect(rollbackAt - waitAt).toBeLessThan(3 * MINUTE);
  });
});

describe("a day-long A/B hold", () => {
  it("completes in the sandbox as one wait, and is promoted after 24 virtual hours", { timeout: 180_000 }, async () => {
    const config = { ...sandboxConfigInput(), strategy: { kind: "abTest", percent: 20, until: "24h" } } as ConfigInput;
    const sandbox: Sandbox = await startSandbox({ traffic: "synthetic", config });
    try {
      await deployRelease(sandbox, { label: "v1", commitId: commitIdOf("v1") });
      const [held] = await deployRelease(sandbox, { label: "v2", commitId: commitIdOf("v2"), previousCommitId: commitIdOf("v1") });
      expect(held!.outcome).toBe("promoted");
      expect(held!.endedAt - held!.startedAt).toBeGreaterThan(24 * 60 * MINUTE);
      const judged = held!.steps.find((step) => step.kind === "bake" && step.verdict === "healthy")!;
      expect(Date.parse(judged.endedAt!) - Date.parse(judged.startedAt)).toBe(24 * 60 * MINUTE);
      const run = sandbox.executions.runs.get(held!.execution!);
      const stats = (await run!.done).result.stats;
      // Far below the 25,000-event history limit: the hold costs the same as a one-minute one.
      expect(stats.transitions).toBeLessThan(150);
    } finally {
      await sandbox.close();
    }
  });
});
