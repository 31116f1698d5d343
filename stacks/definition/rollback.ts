// The rollback path every Catch leads to: traffic back on the live slot, then drain before shrink (the change
// that moved it back INSYNC — this execution's or the circuit breaker's — then one TTL for resolver caches),
// finish (scale the prepared fleet down, record the outcome, release the lease), then fail with the caught error.
// Its own Tasks retry harder and, if they still fail, end in "Roll back failed" (never loop back into
// Roll back); the Cleanup function converges the app/env from the FAILED event.
import type { TaskArns } from "../../functions/catalog.ts";
import { POLL_SECONDS } from "../../functions/core/poll-intervals.ts";
import type { States } from "./asl.ts";
import { STATE } from "./names.ts";
import { at } from "./paths.ts";
import { pollLoop } from "./poll.ts";
import { CATCH_TO_ROLLBACK_FAILED, ROLLBACK_PERSISTENCE_RETRIER, lambdaTask } from "./retry.ts";

/** Roll back and Finish rollback take the whole state (whatever exists of it) and the deployment id. */
const FAILURE_INPUT = { "deploymentId.$": "$$.Execution.Name", "state.$": "$" };

export function rollbackStates(arns: TaskArns): States {
  const task = (id: keyof TaskArns, options: Parameters<typeof lambdaTask>[2]) =>
    lambdaTask(id, arns[id], { catchers: CATCH_TO_ROLLBACK_FAILED, extraRetry: [ROLLBACK_PERSISTENCE_RETRIER], ...options });
  return {
    [STATE.rollBack]: task("rollBack", { parameters: FAILURE_INPUT, resultPath: at("rollback"), next: STATE.isRollbackPending }),
    [STATE.isRollbackPending]: {
      Type: "Choice",
      Choices: [
        { Variable: at("rollback", "changeId"), IsString: true, Next: STATE.waitForRollbackSync },
        // One group: the refresh rolls back instance by instance; Roll back asks again until it is done.
        { And: [{ Variable: at("rollback", "refreshRollingBack"), IsPresent: true }, { Variable: at("rollback", "refreshRollingBack"), BooleanEquals: true }], Next: STATE.waitForRefreshRollback },
        // Immutable: the temporary group drains out of its target groups; Roll back deletes it once drained.
        { And: [{ Variable: at("rollback", "temporaryGroupDraining"), IsPresent: true }, { Variable: at("rollback", "temporaryGroupDraining"), BooleanEquals: true }], Next: STATE.waitForTemporaryGroupDrain },
      ],
      Default: STATE.waitForRollbackDrain,
    },
    [STATE.waitForRefreshRollback]: { Type: "Wait", Seconds: POLL_SECONDS.fleet, Next: STATE.rollBack },
    [STATE.waitForTemporaryGroupDrain]: { Type: "Wait", Seconds: POLL_SECONDS.fleet, Next: STATE.rollBack },
    ...pollLoop({
      wait: STATE.waitForRollbackSync,
      check: STATE.checkRollbackSync,
      decide: STATE.isRollbackInSync,
      every: { Seconds: POLL_SECONDS.dns },
      task: (next) => task("checkDnsSync", { parameters: { "changeId.$": at("rollback", "changeId") }, resultPath: at("rollbackSync"), next }),
      exits: [{ Variable: at("rollbackSync", "status"), StringEquals: "INSYNC", Next: STATE.waitForRollbackDrain }],
    }),
    // Resolvers keep the answer that still sent users to the new fleet for up to one TTL after INSYNC.
    [STATE.waitForRollbackDrain]: { Type: "Wait", SecondsPath: at("rollback", "drainSeconds"), Next: STATE.finishRollback },
    [STATE.finishRollback]: task("finishRollback", { parameters: FAILURE_INPUT, resultPath: at("finish"), next: STATE.failed }),
    // The execution fails with the error that started the rollback: its cause names the alarm.
    [STATE.failed]: { Type: "Fail", ErrorPath: at("error", "Error"), CausePath: at("error", "Cause") },
    [STATE.rollbackFailed]: { Type: "Fail", ErrorPath: at("rollbackError", "Error"), CausePath: at("rollbackError", "Cause") },
  };
}
