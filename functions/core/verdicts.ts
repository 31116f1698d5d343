// Judging alarms: from CloudWatch alarm states to a verdict (bake-judge.ts adds their history over a bake).
import { alarmNameFor } from "./alarm-name.ts";
import type { AlarmPolicy, Config, SlotName } from "./config.ts";
import type { AlarmState, Verdict } from "./model.ts";

const list = (names: string[]) => names.join(", ");

/**
 * The alarm policies of a config for a deployment whose new version goes to `newSlot`: `{slot}` in an
 * alarm name becomes that slot, so a per-slot alarm watches the fleet receiving the new version.
 * Example: `shop-api-prod-{slot}-5xx` with newSlot `b` → `shop-api-prod-b-5xx`.
 */
export function alarmPoliciesFor(config: Config, newSlot: SlotName): AlarmPolicy[] {
  return config.analysis.alarms.map((policy) => ({ ...policy, name: alarmNameFor(policy.name, newSlot, config.fleet) }));
}

/**
 * Judges the current alarm states against the configured policies. In order:
 * any configured alarm in ALARM → unhealthy (naming each with its state reason); a configured alarm absent
 * from CloudWatch → error; INSUFFICIENT_DATA → inconclusive unless its policy is `ignore`; otherwise healthy.
 * Example: `judge([{ name: "x-5xx", state: "ALARM", reason: "5 > 1" }], [{ name: "x-5xx", missingData: "wait" }])`
 *   → `{ verdict: "unhealthy", reason: "x-5xx is in ALARM (5 > 1)" }`.
 */
export function judge(alarms: AlarmState[], policies: AlarmPolicy[]): Verdict {
  if (policies.length === 0) return { verdict: "healthy", reason: "no alarms configured" };
  const byName = new Map(alarms.map((alarm) => [alarm.name, alarm]));
  const stateOf = (policy: AlarmPolicy) => byName.get(policy.name);

  const firing = policies.flatMap((policy) => {
    const alarm = stateOf(policy);
    return alarm?.state === "ALARM" ? [`${alarm.name} is in ALARM${alarm.reason ? ` (${alarm.reason})` : ""}`] : [];
  });
  if (firing.length > 0) return { verdict: "unhealthy", reason: firing.join("; ") };

  const missing = policies.filter((policy) => !stateOf(policy)).map((policy) => policy.name);
  if (missing.length === 1) return { verdict: "error", reason: `alarm ${missing[0]} does not exist` };
  if (missing.length > 1) return { verdict: "error", reason: `alarms ${list(missing)} do not exist` };

  const noData = policies.filter((policy) => stateOf(policy)?.state === "INSUFFICIENT_DATA");
  const failing = noData.filter((policy) => policy.missingData === "fail").map((policy) => policy.name);
  if (failing.length > 0) {
    const phrase = failing.length === 1 ? "has no data and its policy is fail" : "have no data and their policy is fail";
    return { verdict: "inconclusive", reason: `${list(failing)} ${phrase}` };
  }
  const waiting = noData.filter((policy) => policy.missingData === "wait").map((policy) => policy.name);
  if (waiting.length > 0)
    return { verdict: "inconclusive", reason: `${list(waiting)} ${waiting.length === 1 ? "has" : "have"} no data yet; waiting for data` };

  const ignored = noData.map((policy) => policy.name);
  const ok = policies.filter((policy) => stateOf(policy)?.state === "OK").map((policy) => policy.name);
  if (ok.length === 0) return { verdict: "healthy", reason: `no alarm has data and each one's policy is ignore: ${list(ignored)}` };
  const ignoredNote = ignored.length > 0 ? `; ignoring ${list(ignored)} (no data)` : "";
  return { verdict: "healthy", reason: `${ok.length === 1 ? "alarm" : "all alarms"} OK: ${list(ok)}${ignoredNote}` };
}

/**
 * True when some configured alarm has no data and its policy says that fails the bake
 * (bake-judge.ts: such a bake fails on the policy's own reason).
 * Example: `[{ name: "x", state: "INSUFFICIENT_DATA" }]` with policy `{ name: "x", missingData: "fail" }` → `true`.
 */
export function policyFailsOnNoData(alarms: AlarmState[], policies: AlarmPolicy[]): boolean {
  const noData = new Set(alarms.filter((alarm) => alarm.state === "INSUFFICIENT_DATA").map((alarm) => alarm.name));
  return policies.some((policy) => policy.missingData === "fail" && noData.has(policy.name));
}
