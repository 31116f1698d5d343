// Every Task's factory by TaskId, so the local sandbox and the definition tests bind each Task state to the
// real code with their own deps.
import type { TaskId } from "../catalog.ts";
import { makeAcquireLease } from "./acquire-lease.ts";
import { makeBakeImage } from "./bake-image.ts";
import { makeCheckAlarms } from "./check-alarms.ts";
import { makeCheckDnsSync } from "./check-dns-sync.ts";
import { makeCheckFleet } from "./check-fleet.ts";
import { makeCheckImage } from "./check-image.ts";
import type { TaskDeps } from "./deps.ts";
import { makeFinishRollback } from "./finish-rollback.ts";
import { makeLoadConfig } from "./load-config.ts";
import { makePreflight } from "./preflight.ts";
import { makePrepareFleet } from "./prepare-fleet.ts";
import { makePromote } from "./promote.ts";
import { makeReleaseLease } from "./release-lease.ts";
import { makeRequestApproval } from "./request-approval.ts";
import { makeRetireOldFleet } from "./retire-old-fleet.ts";
import { makeRollBack } from "./roll-back.ts";
import { makeShiftTraffic } from "./shift-traffic.ts";
import { makeSmokeTest } from "./smoke-test.ts";
import { TASK_INPUT_SCHEMAS } from "./schemas.ts";
import { parseTaskInput } from "./task-handler.ts";

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
