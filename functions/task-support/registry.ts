// Every Task's factory by TaskId, so the local sandbox and the definition tests bind each Task state to the
// real code with their own deps.
import type { TaskId } from "../catalog.ts";
import { makeAcquireLease } from "../tasks/acquire-lease.ts";
import { makeBakeImage } from "../tasks/bake-image.ts";
import { makeCheckAlarms } from "../tasks/check-alarms.ts";
import { makeCheckDnsSync } from "../tasks/check-dns-sync.ts";
import { makeCheckFleet } from "../tasks/check-fleet.ts";
import { makeCheckImage } from "../tasks/check-image.ts";
import type { TaskDeps } from "./deps.ts";
import { makeFinishRollback } from "../tasks/finish-rollback.ts";
import { makeLoadConfig } from "../tasks/load-config.ts";
import { makePreflight } from "../tasks/preflight.ts";
import { makePrepareFleet } from "../tasks/prepare-fleet.ts";
import { makePromote } from "../tasks/promote.ts";
import { makeReleaseLease } from "../tasks/release-lease.ts";
import { makeRequestApproval } from "../tasks/request-approval.ts";
import { makeRetireOldFleet } from "../tasks/retire-old-fleet.ts";
import { makeRollBack } from "../tasks/roll-back.ts";
import { makeShiftTraffic } from "../tasks/shift-traffic.ts";
import { makeSmokeTest } from "../tasks/smoke-test.ts";
import { TASK_INPUT_SCHEMAS } from "./schemas.ts";
import { parseTaskInput } from "../shell/task-handler.ts";

type AnyTask = (input: any) => Promise<any>;

const FACTORIES = {
  loadConfig: makeLoadConfig,
  preflight: makePreflight,
  acquireLease: makeAcquireLease,
  bakeImage: makeBakeImage,
  checkImage: makeCheckImage,
  prepareFleet: makePrepareFleet,
  checkFleet: makeCheckFleet,
  smokeTest: makeSmokeTest,
  shiftTraffic: makeShiftTraffic,
  checkDnsSync: makeCheckDnsSync,
  checkAlarms: makeCheckAlarms,
  requestApproval: makeRequestApproval,
  promote: makePromote,
  retireOldFleet: makeRetireOldFleet,
  releaseLease: makeReleaseLease,
  rollBack: makeRollBack,
  finishRollback: makeFinishRollback,
} satisfies Record<TaskId, (deps: TaskDeps) => AnyTask>;

/**
 * Factories that validate input with the same zod schema as the Lambda handler (so a definition bug shows
 * up locally as InvalidTaskInputError, as it would on AWS), then run the Task's logic.
 */
export const TASK_FACTORIES: Record<TaskId, (deps: TaskDeps) => AnyTask> = Object.fromEntries(
  (Object.keys(FACTORIES) as TaskId[]).map((id) => [
    id,
    (deps: TaskDeps) => {
      const task = FACTORIES[id](deps) as AnyTask;
      return async (input: unknown) => task(parseTaskInput(TASK_INPUT_SCHEMAS[id], input, id));
    },
  ]),
) as Record<TaskId, (deps: TaskDeps) => AnyTask>;
