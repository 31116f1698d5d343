// "Check DNS sync": polls a Route 53 change until INSYNC (resolver caches are the TTL wait's job, not this);
// an ALB change needs no poll.
import * as z from "../core/zod-mini.ts";
import { ALB_CHANGE_PREFIX } from "../adapters/alb-change.ts";
import type { ChangeStatus } from "../adapters/ports.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";

export const checkDnsSyncInput = z.object({ changeId: z.nullable(z.string().check(z.minLength(1))) });
export type CheckDnsSyncInput = z.output<typeof checkDnsSyncInput>;
export interface CheckDnsSyncOutput {
  status: ChangeStatus;
  reason: string;
}

export function makeCheckDnsSync({ adapters }: TaskDeps) {
  return async function checkDnsSync({ changeId }: CheckDnsSyncInput): Promise<CheckDnsSyncOutput> {
    if (changeId === null) return { status: "INSYNC", reason: "No Route 53 change to wait for" };
    const status = await adapters.traffic.changeStatus(changeId);
    // An ALB's ModifyListener/ModifyRule is in effect when it returns: its change is INSYNC from the start.
    if (changeId.startsWith(ALB_CHANGE_PREFIX)) return { status, reason: `ALB change ${changeId} took effect when it was written` };
    return { status, reason: status === "INSYNC" ? `Route 53 change ${changeId} is INSYNC` : `Route 53 change ${changeId} is still PENDING` };
  };
}

export const task = defineTask(makeCheckDnsSync, checkDnsSyncInput);
