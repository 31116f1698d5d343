// Renewing the lease from a Task: every Task of an execution that holds the lease extends it, so a deployment
// that is still making progress never has its lease swept by the reconciler, however long a legal wait is.
import type { TaskDeps } from "./deps.ts";

/** Renew when less than this is left. */
const RENEW_BELOW_MS = 60 * 60 * 1000;
/** Renew for this long: longer than the longest gap between two Tasks (a bake or approval runs its own renewals). */
const RENEW_FOR_SECONDS = 2 * 60 * 60;

export interface LeaseHolder {
  app: string;
  env: string;
  deploymentId: string;
  fencingToken: number;
}

/**
 * Extends the lease when less than an hour is left. An expired lease nobody took is still ours to renew;
 * renew refuses (StaleLeaseError, naming who took it) if someone did.
 * Example: expires in 20 min → renewed to now + 2 h; expires in 3 h → left alone (no write).
 */
export async function renewLease({ adapters, clock }: TaskDeps, { app, env, deploymentId, fencingToken }: LeaseHolder): Promise<void> {
  const grant = await adapters.lease.read(app, env);
  if (grant && grant.owner === deploymentId && grant.fencingToken === fencingToken && grant.expiresAt - clock.now() >= RENEW_BELOW_MS) return;
  await adapters.lease.renew(app, env, deploymentId, fencingToken, Math.max(RENEW_FOR_SECONDS, 0));
}
