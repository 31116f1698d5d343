// Renewing the lease from a Task: every Task of an execution that holds the lease extends it, so a deployment
// that is still making progress never has its lease swept by the reconciler, however long a legal wait is.
// Rollout Tasks renew through guardDeployment; the Tasks between Acquire lease and the Rollout (image, fleet,
// smoke test) get a `holder` in their parameters and are renewed by the task shell before they run.
import type { LeaseGrant } from "../adapters/ports.ts";
import * as z from "../core/zod-mini.ts";
import type { TaskDeps } from "./deps.ts";

/** Without a derived renewal (an input from before renewForSeconds existed): two hours. */
const DEFAULT_RENEW_FOR_SECONDS = 2 * 60 * 60;

const leaseHolder = z.object({
  app: z.string().check(z.minLength(1)),
  env: z.string().check(z.minLength(1)),
  deploymentId: z.string().check(z.minLength(1)),
  fencingToken: z.number().check(z.int()),
  /** Acquire lease's `renewForSeconds`: the longest wait between two Tasks, with slack. */
  renewForSeconds: z.optional(z.number().check(z.int(), z.gt(0))),
});
export type LeaseHolder = z.output<typeof leaseHolder>;

/**
 * Extends the lease to now + renewForSeconds when it would end sooner; never shortens it. An expired lease
 * nobody took is still ours to renew; renew refuses (StaleLeaseError, naming who took it) if someone did.
 * `known` is the lease as this invocation has just read it, if it has (the guard's check): not read twice.
 * Example: renewForSeconds 2700, lease ends in 20 min → renewed to now + 45 min; ends in 3 h → left alone.
 */
export async function renewLease({ adapters, clock }: TaskDeps, holder: LeaseHolder, known?: LeaseGrant | null): Promise<void> {
  const { app, env, deploymentId, fencingToken } = holder;
  const renewFor = holder.renewForSeconds ?? DEFAULT_RENEW_FOR_SECONDS;
  const grant = known === undefined ? await adapters.lease.read(app, env) : known;
  const ours = grant !== null && grant.owner === deploymentId && grant.fencingToken === fencingToken;
  if (ours && grant.expiresAt >= clock.now() + renewFor * 1000) return;
  await adapters.lease.renew(app, env, deploymentId, fencingToken, renewFor);
}

/**
 * The task shell's renewal: a Task input that carries a `holder` (parameters `holder` in the definition)
 * renews the lease before the Task runs. An input without one is left alone.
 */
export async function renewHeldLease(deps: TaskDeps, event: unknown): Promise<void> {
  const raw = (event as { holder?: unknown } | null)?.holder;
  if (raw === undefined) return;
  const parsed = leaseHolder.safeParse(raw);
  if (parsed.success) await renewLease(deps, parsed.data);
}
