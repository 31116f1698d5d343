// "Check alarms": one alarm check of a bake. The verdict is returned, not thrown: the definition's Choice
// waits, passes, or turns `fail` into a failure named by `failure` with the reason as its cause.
import * as z from "zod";
import { alarmPoliciesFor, bakeDecision, judge, policyFailsOnNoData } from "../core/verdicts.ts";
import type { VerdictKind } from "../core/model.ts";
import { InvalidTaskInputError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { iso, stepInput } from "../task-support/inputs.ts";
import { guardDeployment } from "../task-support/deployment-guard.ts";

export const checkAlarmsInput = stepInput.extend({
  /** True for the final bake at 100% after the Rollout. */
  final: z.boolean().default(false),
  /** The previous check's output; absent on a bake's first check. */
  bake: z.object({ startedAt: z.number(), consecutiveHealthy: z.number().int().nonnegative(), checks: z.number().int().nonnegative() }).partial().optional(),
});
export type CheckAlarmsInput = z.output<typeof checkAlarmsInput>;

export type BakeFailure = "AlarmTriggeredError" | "AnalysisInconclusiveError";
export interface CheckAlarmsOutput {
  next: "pass" | "fail" | "wait";
  verdict: VerdictKind;
  startedAt: number;
  consecutiveHealthy: number;
  checks: number;
  /** On `fail`: the error name the execution fails with (the Fail state reads it through ErrorPath). */
  failure: BakeFailure | null;
  reason: string;
}

export function makeCheckAlarms({ adapters, clock }: TaskDeps) {
  return async function checkAlarms({ deployment, step, index, final, bake }: CheckAlarmsInput): Promise<CheckAlarmsOutput> {
    if (step.kind !== "bake") throw new InvalidTaskInputError(`Check alarms got a ${step.kind} step`);
    const { app, env, deploymentId, config, idleSlot } = deployment;
    await guardDeployment({ adapters, clock }, deployment);
    const now = clock.now();
    // The bake starts at its first check, which runs as soon as the step begins.
    const startedAt = bake?.startedAt ?? now;
    const policies = alarmPoliciesFor(config, idleSlot);
    const alarms = policies.length > 0 ? await adapters.alarms.states(policies.map((policy) => policy.name)) : [];
    const verdict = judge(alarms, policies);
    const decision = bakeDecision({
      verdict,
      elapsedSeconds: Math.floor((now - startedAt) / 1000),
      bakeSeconds: step.seconds,
      consecutiveHealthy: bake?.consecutiveHealthy ?? 0,
      requiredHealthy: config.analysis.consecutiveSuccesses,
      policyFailsOnNoData: policyFailsOnNoData(alarms, policies),
    });
    const what = final ? "Final bake" : `Bake ${index + 1}`;
    const reason = `${what}: ${decision.next === "fail" ? "failed" : decision.next === "pass" ? "passed" : "continues"} — ${decision.reason}`;
    const failure: BakeFailure | null = decision.next !== "fail" ? null : verdict.verdict === "unhealthy" ? "AlarmTriggeredError" : "AnalysisInconclusiveError";
    if (decision.next !== "wait") {
      await adapters.ledger.appendStep(app, env, deploymentId, {
        index,
        kind: final ? "finalBake" : "bake",
        verdict: verdict.verdict,
        reason,
        startedAt: iso(startedAt),
        endedAt: iso(now),
      });
    }
    return { next: decision.next, verdict: verdict.verdict, startedAt, consecutiveHealthy: decision.consecutiveHealthy, checks: (bake?.checks ?? 0) + 1, failure, reason };
  };
}

export const task = defineTask(makeCheckAlarms, checkAlarmsInput);
