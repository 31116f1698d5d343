// "Smoke test the idle slot": real HTTP checks straight at the idle slot's endpoint, before any weight moves.
import * as z from "../core/zod-mini.ts";
import type { Config } from "../core/config.ts";
import { SmokeTestFailedError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { deploymentRef, iso, slotName } from "../task-support/inputs.ts";

export const smokeTestInput = z.extend(deploymentRef, {
  smoke: z.custom<Config["smoke"]>((value) => typeof value === "object" && value !== null && "checks" in value, "must be a smoke config"),
  slots: z.custom<NonNullable<Config["fleet"]["slots"]>>((value) => typeof value === "object" && value !== null, "must be the fleet slots"),
  slot: slotName,
});
export type SmokeTestInput = z.output<typeof smokeTestInput>;
export interface SmokeTestOutput {
  passed: true;
  reason: string;
}

/** A slot endpoint is a host (`lb-1.elb.amazonaws.com`, `127.0.0.1:8081`) or already a URL. */
export const baseUrlOf = (endpoint: string): string => (endpoint.includes("://") ? endpoint : `http://${endpoint}`);

export function makeSmokeTest({ adapters, clock }: TaskDeps) {
  return async function smokeTest({ app, env, deploymentId, smoke, slots, slot }: SmokeTestInput): Promise<SmokeTestOutput> {
    const startedAt = iso(clock.now());
    const baseUrl = baseUrlOf(slots[slot].endpoint);
    if (smoke.checks.length === 0) {
      const reason = `No smoke checks configured for slot ${slot}`;
      await adapters.ledger.appendStep(app, env, deploymentId, { index: -1, kind: "smoke", verdict: "healthy", reason, startedAt, endedAt: startedAt });
      return { passed: true, reason };
    }
    const result = await adapters.probe.run(
      baseUrl,
      smoke.checks.map((check) => ({ ...check, timeoutSeconds: check.timeout })),
    );
    const reason = result.passed
      ? `Smoke test of slot ${slot} (${baseUrl}) passed: ${result.reason}`
      : `Smoke test of slot ${slot} (${baseUrl}) failed: ${result.reason}`;
    await adapters.ledger.appendStep(app, env, deploymentId, {
      index: -1,
      kind: "smoke",
      verdict: result.passed ? "healthy" : "unhealthy",
      reason,
      startedAt,
      endedAt: iso(clock.now()),
    });
    if (!result.passed) throw new SmokeTestFailedError(reason);
    return { passed: true, reason };
  };
}

export const task = defineTask(makeSmokeTest, smokeTestInput);
