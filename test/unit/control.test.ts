import { describe, expect, it } from "vitest";
import { describeControl } from "../../functions/core/control.ts";
import type { ControlSignal } from "../../functions/core/model.ts";

describe("describeControl", () => {
  it.each<[string, Pick<ControlSignal, "kind" | "by" | "reason">, string]>([
    ["a breaker trip reads as the breaker's ledger steps do", { kind: "circuitBreaker", by: "circuit breaker", reason: "alarm x-5xx entered ALARM" }, "circuit breaker: alarm x-5xx entered ALARM"],
    ["a supersede names the superseding execution", { kind: "supersede", by: "shop-api-prod-newer", reason: "concurrency: supersede" }, "superseded by shop-api-prod-newer (concurrency: supersede)"],
    ["an operator abort names the operator and their reason", { kind: "operatorAbort", by: "alice", reason: "wrong build" }, "aborted by operator alice: wrong build"],
    ["an operator rollback names the operator and their reason", { kind: "operatorRollback", by: "bob", reason: "checkout errors" }, "rolled back by operator bob: checkout errors"],
  ])("%s", (_rule, control, expected) => {
    expect(describeControl(control)).toBe(expected);
  });
});
