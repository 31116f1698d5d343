// Strict config validation: unknown keys, bounds on every duration and number, and the cross-field rules
// that keep a config from hanging or crashing the pipeline. Each case names the exact path it refuses.
import { describe, expect, it } from "vitest";
import { parseConfig, type ConfigInput } from "../../functions/core/config.ts";
import { aCanary, aConfig, route53Traffic } from "../fixtures/config.ts";

const alarms = aConfig().analysis!.alarms!;
const fleet = aConfig().fleet;
const traffic = route53Traffic();
/** Bypasses the input type, as a hand-written file would. */
const loose = <T,>(document: unknown): T => document as T;

function problemsOf(document: unknown): string[] {
  const result = parseConfig(document);
  return result.ok ? [] : result.problems;
}
const pathOf = (problem: string) => problem.slice(0, problem.indexOf(": "));

describe("strict config validation", () => {
  it.each<[string, unknown, string[], string]>([
    ["a misspelled key is refused with the key it was meant to be, so 'no alarms' does not pass", aConfig({ analysis: loose({ alarm: alarms }) }), ["analysis.alarm", "analysis.alarms"], "analysis.alarm: is not a known key (did you mean analysis.alarms?)"],
    ["an unknown top-level key is refused with the nearest known key", { ...aConfig(), aproval: { timeout: "1h" } }, ["aproval"], "aproval: is not a known key (did you mean approval?)"],
    ["an unknown key in a canary step names the step", aConfig({ strategy: loose({ kind: "canary", steps: [{ percent: 5, bak: "1m" }, { percent: 100 }] }) }), ["strategy.steps[0].bak"], "did you mean strategy.steps[0].bake?"],
    ["an unknown key differing only in case is refused", aConfig({ traffic: loose({ ...traffic, TTL: 60 }) }), ["traffic.TTL"], "did you mean traffic.ttl?"],
    ["an unknown key in a slot is refused", aConfig({ fleet: { ...fleet, slots: { ...fleet.slots!, a: loose({ ...fleet.slots!.a, grup: "x" }) } } }), ["fleet.slots.a.grup"], "did you mean fleet.slots.a.group?"],
    ["an unknown key with no near miss lists the known keys", aConfig({ smoke: { checks: [loose({ path: "/health", retries: 3 })] } }), ["smoke.checks[0].retries"], "known here: path, method, expectStatus, bodyContains, timeout, attempts, mustPass"],
    ["an analysis interval of 0s is refused (it would check forever)", aConfig({ analysis: { alarms, interval: "0s" } }), ["analysis.interval"], "must be 10s–1h (is 0s)"],
    ["an analysis interval above an hour is refused", aConfig({ analysis: { alarms, interval: "2h" } }), ["analysis.interval"], "must be 10s–1h"],
    ["an analysis interval written as a number is refused", aConfig({ analysis: loose({ alarms, interval: 30 }) }), ["analysis.interval"], "must be a duration such as 30s, 5m, 1h"],
    ["an approval timeout of 0s is refused", aConfig({ approval: { timeout: "0s" } }), ["approval.timeout"], "must be 1m–7d (is 0s)"],
    ["an approval timeout above 7 days is refused", aConfig({ approval: { timeout: "8d" } }), ["approval.timeout"], "must be 1m–7d"],
    ["a final bake above 7 days is refused", aConfig({ finalBake: "30d" }), ["finalBake"], "must be 0s–7d (is 30d)"],
    ["a scale-down delay above 7 days is refused", aConfig({ scaleDownDelay: "7d1s" }), ["scaleDownDelay"], "must be 0s–7d"],
    ["a canary bake above 7 days is refused", aConfig({ strategy: aCanary([{ percent: 5, bake: "99999d" }, { percent: 100 }]) }), ["strategy.steps[0].bake"], "must be 0s–7d"],
    ["a smoke timeout above 30s is refused", aConfig({ smoke: { checks: [{ path: "/health", timeout: "2m" }] } }), ["smoke.checks[0].timeout"], "must be 1s–30s"],
    ["smoke checks that cannot finish within the smoke test are refused", aConfig({ smoke: { checks: [{ path: "/health", attempts: 10, timeout: "20s" }] } }), ["smoke.checks"], "can take 200s"],
    ["a canary bake shorter than the check interval is refused (it would never be checked)", aConfig({ strategy: aCanary([{ percent: 5, bake: "10s" }, { percent: 100 }]) }), ["strategy.steps[0].bake"], "10s is shorter than analysis.interval (30s)"],
    ["a linear step shorter than the check interval is refused", aConfig({ strategy: { kind: "linear", percent: 25, every: "20s" } }), ["strategy.every"], "20s is shorter than analysis.interval (30s)"],
    ["an abTest hold shorter than the check interval is refused", aConfig({ strategy: { kind: "abTest", percent: 10, until: "5s" } }), ["strategy.until"], "5s is shorter than analysis.interval"],
    ["a final bake shorter than the check interval is refused", aConfig({ finalBake: "10s" }), ["finalBake"], "10s is shorter than analysis.interval (30s)"],
    ["canary steps less than one point apart are refused", aConfig({ strategy: aCanary([{ percent: 10 }, { percent: 10.5 }, { percent: 100 }]) }), ["strategy.steps[1].percent"], "must be at least 1 above the previous step (10)"],
    ["a canary that stops below 100 is refused", aConfig({ strategy: aCanary([{ percent: 10 }, { percent: 50 }]) }), ["strategy.steps[1].percent"], "the last step must be 100"],
    ["a canary that compiles to more than 100 plan steps is refused", aConfig({ strategy: aCanary(Array.from({ length: 100 }, (_, i) => ({ percent: i + 1 }))) }), ["strategy.steps"], "compiles to 199 plan steps, more than 100"],
    ["a vanishing linear percent is refused before anything compiles it", aConfig({ strategy: { kind: "linear", percent: 1e-300, every: "1m" } }), ["strategy.percent"], "must be 1–100"],
    ["a linear percent below 1 is refused", aConfig({ strategy: { kind: "linear", percent: 0.5, every: "1m" } }), ["strategy.percent"], "must be 1–100"],
    ["a linear percent that compiles to more than 100 plan steps is refused", aConfig({ strategy: { kind: "linear", percent: 1, every: "1m" } }), ["strategy.percent"], "compiles to 199 plan steps, more than 100"],
    ["an abTest percent below 1 is refused", aConfig({ strategy: { kind: "abTest", percent: 0.1, until: "approval" } }), ["strategy.percent"], "must be 1–100"],
    ["a TTL beyond Route 53's range is refused", aConfig({ traffic: { ...traffic, ttl: 2147483648 } }), ["traffic.ttl"], "must be 0–3600 seconds"],
    ["a TTL above an hour is refused", aConfig({ traffic: { ...traffic, ttl: 86400 } }), ["traffic.ttl"], "must be 0–3600 seconds"],
    ["a negative TTL is refused", aConfig({ traffic: { ...traffic, ttl: -1 } }), ["traffic.ttl"], "must be 0–3600 seconds"],
    ["a capacity of 0 is refused", aConfig({ fleet: { ...fleet, capacity: 0 } }), ["fleet.capacity"], "must be 1–1000"],
    ["a fractional capacity is refused", aConfig({ fleet: { ...fleet, capacity: 1.5 } }), ["fleet.capacity"], "must be a whole number"],
    ["a capacity above 1000 is refused", aConfig({ fleet: { ...fleet, capacity: 5000 } }), ["fleet.capacity"], "must be 1–1000"],
    ["keeping a single image is refused (the live one and its rollback target are two)", aConfig({ image: { kind: "createImage", instanceId: "i-0123456789abcdef0", keep: 1 } }), ["image.keep"], "must be 2–100"],
    ["keeping more than 100 images is refused", aConfig({ image: { kind: "imageBuilder", pipelineArn: "arn:aws:imagebuilder:eu-west-1:1:image-pipeline/x", keep: 101 } }), ["image.keep"], "must be 2–100"],
    ["a fractional image count is refused", aConfig({ image: { kind: "createImage", instanceId: "i-0123456789abcdef0", keep: 2.5 } }), ["image.keep"], "must be a whole number"],
    ["zero consecutive successes are refused", aConfig({ analysis: { alarms, consecutiveSuccesses: 0 } }), ["analysis.consecutiveSuccesses"], "must be 1–100"],
    ["an empty alarm list is refused unless allowNoAlarms says it is meant", aConfig({ analysis: { alarms: [] } }), ["analysis.alarms"], "set analysis.allowNoAlarms: true"],
    ["allowNoAlarms must be a boolean, not a string", aConfig({ analysis: loose({ alarms: [], allowNoAlarms: "true" }) }), ["analysis.allowNoAlarms", "analysis.alarms"], "expected boolean"],
  ])("%s", (_rule, document, paths, fragment) => {
    const problems = problemsOf(document);
    expect(problems.map(pathOf)).toEqual(paths);
    expect(problems[0]).toContain(fragment);
  });

  it("lists every problem in one pass, field bounds and cross-field rules together", () => {
    const document = {
      ...aConfig({ approval: { timeout: "0s" }, analysis: loose({ alarm: alarms, interval: "0s" }), traffic: { ...traffic, ttl: 1e9 } }),
      strategy: { kind: "linear", percent: 1e-300, every: "1m" },
      colour: "blue",
    };
    expect(problemsOf(document).map(pathOf).sort()).toEqual(
      ["analysis.alarm", "analysis.alarms", "analysis.interval", "approval.timeout", "colour", "strategy.percent", "traffic.ttl"],
    );
  });

  it.each<[string, ConfigInput]>([
    ["no alarms when allowNoAlarms is set explicitly", aConfig({ analysis: { alarms: [], allowNoAlarms: true } })],
    ["a bake of 0s, which means no bake", aConfig({ strategy: aCanary([{ percent: 10, bake: "0s" }, { percent: 100 }]), finalBake: "0s" })],
    ["the smallest interval and approval timeout", aConfig({ analysis: { alarms, interval: "10s" }, approval: { timeout: "1m" } })],
    ["the longest bakes, delay and approval", aConfig({ finalBake: "7d", scaleDownDelay: "7d", approval: { timeout: "7d" } })],
    ["a TTL of 0 and of an hour", aConfig({ traffic: { ...traffic, ttl: 3600 } })],
    ["canary steps exactly one point apart", aConfig({ strategy: aCanary([{ percent: 1 }, { percent: 2 }, { percent: 100 }]) })],
    ["a linear percent of 2, 99 plan steps", aConfig({ strategy: { kind: "linear", percent: 2, every: "1m" } })],
    ["a linear percent of 1 with no bakes, 100 plan steps", aConfig({ strategy: { kind: "linear", percent: 1, every: "0s" } })],
  ])("accepts %s", (_rule, document) => {
    expect(problemsOf(document)).toEqual([]);
  });
});
