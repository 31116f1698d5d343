// "Release the lease": lets the next deployment of this app/env start, and starts the push that waited for it.
import * as z from "../core/zod-mini.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { startPendingPush } from "../task-support/push-queue.ts";

export const releaseLeaseInput = z.object({
  app: z.string().check(z.minLength(1)),
  env: z.string().check(z.minLength(1)),
  owner: z.string().check(z.minLength(1)),
  fencingToken: z.number().check(z.int()),
});
export type ReleaseLeaseInput = z.output<typeof releaseLeaseInput>;
export interface ReleaseLeaseOutput {
  reason: string;
}

export function makeReleaseLease({ adapters, clock }: TaskDeps) {
  return async function releaseLease({ app, env, owner, fencingToken }: ReleaseLeaseInput): Promise<ReleaseLeaseOutput> {
    await adapters.lease.release(app, env, owner, fencingToken);
    const started = await startPendingPush({ ledger: adapters.ledger, lease: adapters.lease, executions: adapters.executions, clock }, app, env);
    return { reason: `Released the lease of ${app}/${env} (fencing token ${fencingToken})${started ? `; ${started}` : ""}` };
  };
}

export const task = defineTask(makeReleaseLease, releaseLeaseInput);
