// The scheduled reconciler is an invocation of its own: whatever code queued the pacer step or cleanup that set
// it off, its AWS calls are the reconciler's, so the invariant monitor never charges them to an execution (I8).
import { describe, expect, it } from "vitest";
import { runAs, currentActor } from "../../../local/sandbox/execution-scope.ts";
import { currentFunction } from "../../../local/sandbox/function-scope.ts";
import { sandboxReconciler } from "../../../local/sandbox/reconciler-schedule.ts";
import { aConfig } from "../../fixtures/config.ts";
import { aDeployedWorld } from "../../fixtures/fake-adapters.ts";

describe("the sandbox's reconciler", () => {
  it("makes its calls as the reconciler, even when set off from inside an execution's flow", async () => {
    const world = aDeployedWorld(aConfig(), { live: "b" });
    const configStore = world.deps.adapters.configStore;
    const list = configStore.list.bind(configStore);
    const seen: Array<[string | undefined, string | undefined]> = [];
    configStore.list = async () => {
      seen.push([currentActor(), currentFunction()]);
      return list();
    };
    const runs: unknown[] = [];
    const reconcile = sandboxReconciler({ ...world.deps, clock: world.clock }, (run) => runs.push(run));
    await runAs("shop-api-prod-0123456789ab", () => reconcile("after cleanup"));
    expect(runs).toHaveLength(1);
    expect(seen).toEqual([["reconciler", "reconciler"]]);
  });
});
