// Every Task's input schema by TaskId (the handlers validate with the same ones).
import type * as z from "zod";
import type { TaskId } from "../catalog.ts";
import { acquireLeaseInput } from "./acquire-lease.ts";
import { bakeImageInput } from "./bake-image.ts";
import { checkAlarmsInput } from "./check-alarms.ts";
import { checkDnsSyncInput } from "./check-dns-sync.ts";
import { checkFleetInput } from "./check-fleet.ts";
import { checkImageInput } from "./check-image.ts";
import { failureInput } from "./failure-state.ts";
import { loadConfigInput } from "./load-config.ts";
import { preflightInput } from "./preflight.ts";
import { prepareFleetInput } from "./prepare-fleet.ts";
import { promoteInput } from "./promote.ts";
import { releaseLeaseInput } from "./release-lease.ts";
import { requestApprovalInput } from "./request-approval.ts";
import { retireOldFleetInput } from "./retire-old-fleet.ts";
import { shiftTrafficInput } from "./shift-traffic.ts";
import { smokeTestInput } from "./smoke-test.ts";

export const TASK_INPUT_SCHEMAS: Record<TaskId, z.ZodType> = {
  loadConfig: loadConfigInput,
  preflight: preflightInput,
  acquireLease: acquireLeaseInput,
  bakeImage: bakeImageInput,
  checkImage: checkImageInput,
  prepareFleet: prepareFleetInput,
  checkFleet: checkFleetInput,
  smokeTest: smokeTestInput,
  shiftTraffic: shiftTrafficInput,
  checkDnsSync: checkDnsSyncInput,
  checkAlarms: checkAlarmsInput,
  requestApproval: requestApprovalInput,
  promote: promoteInput,
  retireOldFleet: retireOldFleetInput,
  releaseLease: releaseLeaseInput,
  rollBack: failureInput,
  finishRollback: failureInput,
};
