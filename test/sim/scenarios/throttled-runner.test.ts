// Incidents where AWS throttles the sandbox's own reads (start-deployment's config load, the runner's look at
// Route 53): the run still ends with every release's outcome and a reason naming the call that failed.
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario } from "./scenario-builders.ts";

describe("a sandbox run under sustained throttling", () => {
  it("reports every release when Route 53 throttles record changes for a long time", async () => {
    const result = await runScenario(
      aScenario({ then: [{ commit: "v2" }], faults: [{ service: "route53", operation: "ChangeResourceRecordSets", error: "Throttling", times: 50 }] }),
    );
    expect(result.deployments.map((d) => d.commit)).toEqual(["v1", "v2"]);
    const throttled = result.deployments.find((d) => d.outcome !== "promoted");
    expect(throttled?.reason).toContain("Route 53 ChangeResourceRecordSets: Throttling (HTTP 400");
  });

  it("reports a push whose config load SSM keeps throttling as failed, naming the call", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ service: "ssm", operation: "GetParameter", error: "ThrottlingException", times: 50 }] }));
    expect(result.deployments.map((d) => d.commit)).toEqual(["v1", "v2"]);
    const first = result.deployments[0]!;
    expect(first.outcome).toBe("failed");
    expect(first.reason).toMatch(/SSM GetParameter \S+: ThrottlingException \(HTTP 400/);
    expect(first.reason).toContain("start-deployment");
  });
});
