import { describe, expect, it } from "vitest";
import { ReleaseProgress } from "../../../local/demo/release-progress.ts";
import type { RunEvent } from "../../../local/sandbox/runner.ts";

const event = (execution: string, kind: RunEvent["kind"], text: string, state = "Some state"): RunEvent => ({ t: 0, execution, state, kind, text });
const LABELS: Record<string, string> = { "shop-api-sandbox-aaa": "v1", "shop-api-sandbox-bbb": "v2" };

describe("the demo's release progress", () => {
  it("names the release being deployed, not the last one promoted", () => {
    const progress = new ReleaseProgress((execution) => LABELS[execution]);
    progress.onEvent(event("shop-api-sandbox-aaa", "promote", "Promoted aaa (ami-1): slot b is live"));
    expect(progress.current()).toMatchObject({ release: "v1", step: "Promoted aaa" });
    progress.onEvent(event("shop-api-sandbox-bbb", "deploy", "Took the lease of shop-api/sandbox (fencing token 2)"));
    expect(progress.current()).toEqual({ release: "v2", step: "Took the lease of shop-api/sandbox", verdict: undefined });
  });

  it("keeps the last verdict of the release in flight, and forgets it when the next release starts", () => {
    const progress = new ReleaseProgress((execution) => LABELS[execution]);
    progress.onEvent(event("shop-api-sandbox-aaa", "verdict", "Bake 2: passed — healthy for the whole bake"));
    expect(progress.current().verdict).toBe("healthy for the whole bake");
    progress.onEvent(event("shop-api-sandbox-bbb", "deploy", "Baking the image"));
    expect(progress.current().verdict).toBeUndefined();
  });

  it("does not take a poll or an out-of-band actor for a new release", () => {
    const progress = new ReleaseProgress((execution) => LABELS[execution]);
    progress.onEvent(event("shop-api-sandbox-bbb", "step", "Shifted 10% to slot a (weights a=10 b=90)"));
    progress.onEvent(event("shop-api-sandbox-bbb", "deploy", "Route 53 change C1 is still PENDING"));
    progress.onEvent(event("-", "rollback", "circuit breaker: alarm x entered ALARM"));
    expect(progress.current()).toMatchObject({ release: "v2", step: "circuit breaker" });
    expect(progress.current().step).not.toContain("PENDING");
  });

  it("says it waits for a push before the first event, and shows an unknown execution by its name", () => {
    const progress = new ReleaseProgress();
    expect(progress.current()).toEqual({ release: null, step: "waiting for a push", verdict: undefined });
    progress.onEvent(event("shop-api-sandbox-zzz", "deploy", "Took the lease"));
    expect(progress.current().release).toBe("shop-api-sandbox-zzz");
  });
});
