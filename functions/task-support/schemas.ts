// Every Task's input schema by TaskId (the handlers validate with the same ones).
import type * as z from "zod";
import type { TaskId } from "../catalog.ts";
import { acquireLeaseInput } from "../tasks/acquire-lease.ts";
import { bakeImageInput } from "../tasks/bake-image.ts";
import { checkAlarmsInput } from "../tasks/check-alarms.ts";
import { checkDnsSyncInput } from "../tasks/check-dns-sync.ts";
import { checkFleetInput } from "../tasks/check-fleet.ts";
import { checkImageInput } from "../tasks/check-image.ts";
import { failureInput } from "./failure-state.ts";
import { loadConfigInput } from "../tasks/load-config.ts";
import { preflightInput } from "../tasks/preflight.ts";
import { prepareFleetInput } from "../tasks/prepare-fleet.ts";
import { promoteInput } from "../tasks/promote.ts";
import { releaseLeaseInput } from "../tasks/release-lease.ts";
import { requestApprovalInput } from "../tasks/request-approval.ts";
import { retireOldFleetInput } from "../tasks/retire-old-fleet.ts";
import { shiftTrafficInput } from "../tasks/shift-traffic.ts";
import { smokeTestInput } from "../tasks/smoke-test.ts";

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
