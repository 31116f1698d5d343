// Every Task's factory by TaskId, from its catalog entry's module, so the local sandbox and the definition
// tests bind each Task state to the real code with their own deps, validating input as the Lambda handler does.
import { TASK_FUNCTIONS, type TaskId } from "../catalog.ts";
import { parseTaskInput } from "../shell/task-handler.ts";
import type { AnyTaskModule, TaskDeps } from "./deps.ts";
import { renewHeldLease } from "./lease-renewal.ts";

type AnyTask = (input: unknown) => Promise<any>;

/**
 * Factories that validate input with the same zod schema as the Lambda handler (so a definition bug shows
 * up locally as InvalidTaskInputError, as it would on AWS), then run the Task's logic.
 * Example: `TASK_FACTORIES.shiftTraffic(deps)({ step: { kind: "setWeight", percent: 5 } })` rejects with
 * InvalidTaskInputError naming the fields Shift traffic needs and did not get.
 */
export const TASK_FACTORIES = Object.fromEntries(
  (Object.entries(TASK_FUNCTIONS) as Array<[TaskId, { task: AnyTaskModule }]>).map(([id, { task: { make, input } }]) => [
    id,
    (deps: TaskDeps): AnyTask => {
      const run = make(deps);
      return async (event: unknown) => {
        const parsed = parseTaskInput(input, event, id);
        // As the Lambda task shell does: a Task given a `holder` renews the lease before it runs.
        await renewHeldLease(deps, event);
        return run(parsed as never);
      };
    },
  ]),
) as Record<TaskId, (deps: TaskDeps) => AnyTask>;
