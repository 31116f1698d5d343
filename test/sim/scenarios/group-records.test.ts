// Issue 11: on one group, the deployment's ledger record, its lifecycle events and the report's table name
// the group rather than the placeholder slot `a` the state machine carries for it.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import type { DeploymentRecord } from "../../../functions/core/model.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

const GROUP = "shop-api-sandbox";

function rollingOnOneGroup(): ConfigInput {
  return {
    ...sandboxConfigInput(),
    fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: GROUP, endpoint: "filled-in" } },
    strategy: { kind: "rolling", steps: [{ percent: 50, bake: "3m" }, { percent: 100 }] },
  };
}

describe("a one-group release's records", () => {
  it("name the group in the ledger record, the lifecycle events, the Promote reason and the report's lines", async () => {
    let sandbox: Sandbox | undefined;
    const records: Array<Promise<DeploymentRecord[]>> = [];
    const result = await runScenario(aScenario({ config: rollingOnOneGroup(), then: [{ commit: "v2" }] }), {
      onSandbox: (box) => (sandbox = box),
      // Read while the sandbox (and its ledger) is still up: once each release has let its lease go.
      onEvent: (event) => {
        if (event.state === "Release the lease") records.push(sandbox!.adapters.ledger.listDeployments("shop-api", "sandbox", 10));
      },
    });
    const listed = (await Promise.all(records)).at(-1)!;
    expect(listed.map((record) => [record.commit, record.toSlot, record.group])).toEqual([
      [expect.any(String), "a", GROUP],
      [expect.any(String), "a", GROUP],
    ]);
    const started = result.events.filter((event) => event.detailType === "Deployment Started");
    expect(started.map((event) => event.detail.group)).toEqual([GROUP, GROUP]);
    const promoted = result.events.filter((event) => event.detailType === "Deployment Promoted" && event.release === "v2");
    expect(promoted.map((event) => event.detail.reason)).toEqual([expect.stringMatching(new RegExp(`: group ${GROUP} is live \\(every instance of ${GROUP} runs it\\)$`))]);
    // What the report's table prints for each lifecycle event (read with the published schema, as it is recorded).
    const lines = result.timeline.lifecycle.map((event) => event.summary);
    expect(lines).toContain(`rolling, 3 steps, group ${GROUP}`);
    expect(lines.filter((line) => line.startsWith(`group ${GROUP} is live on ami-`))).toHaveLength(2);
    expect(lines.join("\n")).not.toMatch(/slot a/);
    expect(result.invariants.violations).toEqual([]);
  });
});
