// "Judge the bake": runs when a bake's task-token wait timed out, i.e. the bake's time is up with no alarm
// event ending it, and after an approval was given. Reads the alarms' states now and their history over the
// whole wait, from when its token was recorded, so an alarm that fired and cleared (a lost breaker event, a
// flap) still fails it. The verdict is returned, not thrown: the definition's Choice passes, or turns `fail`
// into a failure named by `failure`.
import * as z from "../core/zod-mini.ts";
import { judgeBakeWindow, requiredHealthySeconds } from "../core/bake-judge.ts";
import type { VerdictKind } from "../core/model.ts";
import { alarmPoliciesFor } from "../core/verdicts.ts";
import { InvalidTaskInputError } from "../errors.ts";
import { guardDeployment } from "../task-support/deployment-guard.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { iso, stepInput } from "../task-support/inputs.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";

export const judgeBakeInput = z.extend(stepInput, { final: z._default(z.boolean(), false) });
export type JudgeBakeInput = z.output<typeof judgeBakeInput>;

export type BakeFailure = "AlarmTriggeredError" | "AnalysisInconclusiveError";
export interface JudgeBakeOutput {
  next: "pass" | "fail";
  verdict: VerdictKind;
  /** On `fail`: the error name the execution fails with (the Fail state reads it through ErrorPath). */
  failure: BakeFailure | null;
  reason: string;
}

export function makeJudgeBake({ adapters, clock }: TaskDeps) {
  return async function judgeBake({ deployment, step, index, final }: JudgeBakeInput): Promise<JudgeBakeOutput> {
    if (step.kind === "setWeight" || step.kind === "setFlag" || step.kind === "replaceInstances" || step.kind === "scaleFleet") throw new InvalidTaskInputError(`Judge the bake got a ${step.kind} step`);
    const { app, env, deploymentId, config, idleSlot } = deployment;
    await guardDeployment({ adapters, clock }, deployment);
    const kind = final ? "finalBake" : step.kind;
    // The wait began when its Task recorded the token; a bake that timed out just now began its length ago.
    const endedAt = clock.now();
    const record = await adapters.ledger.getDeployment(app, env, deploymentId);
    const began = record?.steps.findLast((recorded) => recorded.index === index && recorded.kind === kind && recorded.taskToken)?.startedAt;
    const startedAt = began ? Date.parse(began) : endedAt - (step.kind === "bake" ? step.seconds : 0) * 1000;
    const windowSeconds = Math.round((endedAt - startedAt) / 1000);
    const policies = alarmPoliciesFor(config, idleSlot);
    const names = policies.map((policy) => policy.name);
    const [alarms, history] = names.length > 0 ? await Promise.all([adapters.alarms.states(names), adapters.alarms.history(names, startedAt, endedAt)]) : [[], []];
    const judged = judgeBakeWindow({
      policies,
      alarms,
      history,
      startedAt,
      endedAt,
      requiredHealthySeconds: requiredHealthySeconds(config.analysis.consecutiveSuccesses, config.analysis.interval, windowSeconds),
      noun: step.kind === "approval" ? "approval wait" : "bake",
    });
    const what = final ? "Final bake" : step.kind === "approval" ? `Approval wait ${index + 1}` : `Bake ${index + 1}`;
    const reason = `${what}: ${judged.next === "pass" ? "passed" : "failed"} — ${judged.reason}`;
    const failure: BakeFailure | null = judged.next === "pass" ? null : judged.verdict === "unhealthy" ? "AlarmTriggeredError" : "AnalysisInconclusiveError";
    await adapters.ledger.appendStep(app, env, deploymentId, {
      index,
      kind,
      verdict: judged.verdict,
      reason,
      startedAt: iso(startedAt),
      endedAt: iso(endedAt),
    });
    // A failed bake is announced by the rollback it leads to, with its reason.
    if (judged.next === "pass") await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.stepCompleted, deployment, iso(endedAt), { index, kind, verdict: judged.verdict, reason }));
    return { next: judged.next, verdict: judged.verdict, failure, reason };
  };
}

export const task = defineTask(makeJudgeBake, judgeBakeInput);
