// "Start the flag release": the first Task of a flag release (stacks/definition/flag-release.ts). It takes the
// app/env's lease, as a deployment does, so a flag release and a deployment never change one app/env at once and
// an alarm always has one change to blame; records the release in the ledger as a deployment of the live
// release whose plan sets the flag's percentage (so status, history, the circuit breaker and the bake judge
// treat it like any rollout); and notes the flag document version to revert to.
import * as z from "../core/zod-mini.ts";
import { parseConfig } from "../core/config.ts";
import { formatDuration } from "../core/duration.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";
import { ConfigInvalidError, FlagReleaseRefusedError } from "../errors.ts";
import { describeFlag } from "../flags/document.ts";
import { flagReleasePlan, flagReleaseStrategy } from "../flags/release-plan.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { iso, type DeploymentContext } from "../task-support/inputs.ts";
import type { PlanStep } from "../core/model.ts";

export const startFlagReleaseInput = z.object({
  app: z.string().check(z.minLength(1)),
  env: z.string().check(z.minLength(1)),
  deploymentId: z.string().check(z.minLength(1)),
  executionStartedAt: z.optional(z.string()),
  flagRelease: z.object({
    flag: z.string().check(z.minLength(1)),
    steps: z.array(z.number()),
    bakeSeconds: z.number().check(z.int()),
    by: z.string().check(z.minLength(1)),
    reason: z._default(z.string(), ""),
  }),
});
export type StartFlagReleaseInput = z.output<typeof startFlagReleaseInput>;

export interface StartFlagReleaseOutput {
  deployment: DeploymentContext;
  plan: { steps: PlanStep[] };
  flag: string;
  /** The flag document version the release started from: what an alarm reverts to. */
  revertTo: number;
  reason: string;
}

/** Slack on top of the release's own waits before the lease would expire unrenewed. */
const LEASE_SLACK_SECONDS = 900;

export function makeStartFlagRelease({ adapters, clock }: TaskDeps) {
  return async function startFlagRelease({ app, env, deploymentId, executionStartedAt, flagRelease }: StartFlagReleaseInput): Promise<StartFlagReleaseOutput> {
    const { flag } = flagRelease;
    const loaded = await adapters.configStore.load(app, env);
    const parsed = parseConfig(loaded.document);
    if (!parsed.ok) throw new ConfigInvalidError(parsed.problems, `${app}/${env} config version ${loaded.version}`);
    const live = await adapters.ledger.getLive(app, env);
    if (!live?.commit) throw new FlagReleaseRefusedError(`${app}/${env} has no live release: a flag is released on top of one`);
    const stored = await adapters.flags.latest(app, env);
    const current = stored?.document.flags[flag];
    if (!stored || !current) throw new FlagReleaseRefusedError(`${app}/${env} has no flag ${flag} (create it with glidepath flag set ${flag} --off)`);
    const plan = flagReleasePlan(flagRelease, current);
    if (!plan.ok) throw new FlagReleaseRefusedError(`flag release of ${flag}: ${plan.problems.join("; ")}`);
    const bakes = plan.steps.filter((step) => step.kind === "bake").length;
    const renewForSeconds = flagRelease.bakeSeconds + LEASE_SLACK_SECONDS;
    const grant = await adapters.lease.acquire(app, env, deploymentId, bakes * flagRelease.bakeSeconds + LEASE_SLACK_SECONDS);
    if (!grant) {
      const holder = await adapters.lease.current(app, env);
      throw new FlagReleaseRefusedError(`${app}/${env} is busy: ${holder?.owner ?? "another deployment"} holds its lease; release the flag once it has ended`);
    }
    const strategy = flagReleaseStrategy(flag);
    const started = iso(clock.now());
    await adapters.ledger.createDeployment({
      app,
      env,
      deploymentId,
      commit: live.commit,
      configVersion: loaded.version,
      strategy,
      plan: plan.steps,
      fromSlot: live.liveSlot,
      toSlot: live.liveSlot,
      previousLive: { commit: live.commit, imageId: live.imageId },
      flagRelease: { flag, revertTo: stored.version },
      steps: [],
      outcome: "in_progress",
      startedAt: started,
      ...(executionStartedAt ? { executionStartedAt } : {}),
    });
    const deployment: DeploymentContext = {
      app,
      env,
      deploymentId,
      commit: live.commit,
      config: parsed.config,
      // The release changes no traffic: the live slot is both sides, so the bakes judge its alarms.
      liveSlot: live.liveSlot,
      idleSlot: live.liveSlot,
      fencingToken: grant.fencingToken,
      renewForSeconds,
      imageId: live.imageId ?? "unknown",
    };
    await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.started, deployment, started, {
      strategy,
      steps: plan.steps.length,
      fromSlot: live.liveSlot,
      toSlot: live.liveSlot,
      previousCommit: live.commit,
    }));
    const percents = plan.steps.flatMap((step) => (step.kind === "setFlag" ? [`${step.percent}%`] : []));
    const reason = `Flag release of ${flag} (${describeFlag(current)} now, flags version ${stored.version}) by ${flagRelease.by}${flagRelease.reason ? `: ${flagRelease.reason}` : ""}; ${percents.join(" → ")}, baking ${formatDuration(flagRelease.bakeSeconds)} under ${app}/${env}'s alarms after each`;
    return { deployment, plan: { steps: plan.steps }, flag, revertTo: stored.version, reason };
  };
}

export const task = defineTask(makeStartFlagRelease, startFlagReleaseInput);
