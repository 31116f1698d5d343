// Every Task's factory and input schema by TaskId, so the local sandbox and the definition tests bind each
// Task state to the real code with their own deps, validating input as the Lambda handler does.
import type * as z from "zod";
import type { TaskId } from "../catalog.ts";
import { parseTaskInput } from "../shell/task-handler.ts";
import { acquireLeaseInput, makeAcquireLease } from "../tasks/acquire-lease.ts";
import { bakeImageInput, makeBakeImage } from "../tasks/bake-image.ts";
import { checkAlarmsInput, makeCheckAlarms } from "../tasks/check-alarms.ts";
import { checkDnsSyncInput, makeCheckDnsSync } from "../tasks/check-dns-sync.ts";
import { checkFleetInput, makeCheckFleet } from "../tasks/check-fleet.ts";
import { checkImageInput, makeCheckImage } from "../tasks/check-image.ts";
import { makeFinishRollback } from "../tasks/finish-rollback.ts";
import { loadConfigInput, makeLoadConfig } from "../tasks/load-config.ts";
import { makePreflight, preflightInput } from "../tasks/preflight.ts";
import { makePrepareFleet, prepareFleetInput } from "../tasks/prepare-fleet.ts";
import { makePromote, promoteInput } from "../tasks/promote.ts";
import { makeReleaseLease, releaseLeaseInput } from "../tasks/release-lease.ts";
import { makeRequestApproval, requestApprovalInput } from "../tasks/request-approval.ts";
import { makeRetireOldFleet, retireOldFleetInput } from "../tasks/retire-old-fleet.ts";
import { makeRollBack } from "../tasks/roll-back.ts";
import { makeShiftTraffic, shiftTrafficInput } from "../tasks/shift-traffic.ts";
import { makeSmokeTest, smokeTestInput } from "../tasks/smoke-test.ts";
import type { TaskDeps } from "./deps.ts";
import { failureInput } from "./failure-state.ts";
import { renewHeldLease } from "./lease-renewal.ts";

type AnyTask = (input: any) => Promise<any>;

interface TaskModule {
  make: (deps: TaskDeps) => AnyTask;
  input: z.ZodType;
}

const TASK_MODULES = {
  loadConfig: { make: makeLoadConfig, input: loadConfigInput },
  preflight: { make: makePreflight, input: preflightInput },
  acquireLease: { make: makeAcquireLease, input: acquireLeaseInput },
  bakeImage: { make: makeBakeImage, input: bakeImageInput },
  checkImage: { make: makeCheckImage, input: checkImageInput },
  prepareFleet: { make: makePrepareFleet, input: prepareFleetInput },
  checkFleet: { make: makeCheckFleet, input: checkFleetInput },
  smokeTest: { make: makeSmokeTest, input: smokeTestInput },
  shiftTraffic: { make: makeShiftTraffic, input: shiftTrafficInput },
  checkDnsSync: { make: makeCheckDnsSync, input: checkDnsSyncInput },
  checkAlarms: { make: makeCheckAlarms, input: checkAlarmsInput },
  requestApproval: { make: makeRequestApproval, input: requestApprovalInput },
  promote: { make: makePromote, input: promoteInput },
  retireOldFleet: { make: makeRetireOldFleet, input: retireOldFleetInput },
  releaseLease: { make: makeReleaseLease, input: releaseLeaseInput },
  rollBack: { make: makeRollBack, input: failureInput },
  finishRollback: { make: makeFinishRollback, input: failureInput },
} satisfies Record<TaskId, TaskModule>;

/**
 * Factories that validate input with the same zod schema as the Lambda handler (so a definition bug shows
 * up locally as InvalidTaskInputError, as it would on AWS), then run the Task's logic.
 */
export const TASK_FACTORIES = Object.fromEntries(
  (Object.entries(TASK_MODULES) as Array<[TaskId, TaskModule]>).map(([id, { make, input }]) => [
    id,
    (deps: TaskDeps) => {
      const task = make(deps);
      return async (event: unknown) => {
        const parsed = parseTaskInput(input, event, id);
        await renewHeldLease(deps, event);
        return task(parsed);
      };
    },
  ]),
) as Record<TaskId, (deps: TaskDeps) => AnyTask>;
