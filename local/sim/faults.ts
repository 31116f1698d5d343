// Fault injection for scenarios and drills. Every fault is deterministic and consumed in call order.
//
// - `sim.faults.inject({ service, operation, error, times, message? })`: the next `times` calls of
//   `service:operation` fail with the error named `error` (the client's modeled exception class when it has
//   one, e.g. `PriorRequestNotComplete`; else a ServiceException with that name, e.g. `Throttling`). The
//   call is refused before it reaches the model, so nothing changes, as with a refused AWS request.
// - `sim.faults.failBuildsFor(commit)` (also `sim.failBuildsFor`): every image bake whose tags (or Image
//   Builder client token) mention the commit ends `failed` (EC2 CreateImage) / `FAILED` (Image Builder).
// - `sim.faults.slowBuildsFor(commit, ms)`: every image bake whose tags (or client token) mention the
//   commit stays pending for `ms` instead of the usual bake time.
// - `sim.cloudwatch.holdAlarm(name, state, seconds)` lives with the alarms (cloudwatch.ts): the alarm is
//   forced into `state` and evaluation skips it until the hold ends.
import { awsError, type SimulatedService } from "./errors.ts";

export interface InjectedFault {
  service: SimulatedService;
  /** Operation name as in the SDK command without `Command`, e.g. `ChangeResourceRecordSets`. */
  operation: string;
  /** Error name, e.g. `Throttling`, `InternalFailure`, `PriorRequestNotComplete`. */
  error: string;
  /** How many consecutive calls fail (default 1). */
  times?: number;
  message?: string;
}

export class FaultInjector {
  private pending: Array<InjectedFault & { remaining: number }> = [];
  private badCommits = new Set<string>();
  private slowCommits = new Map<string, number>();
  /** Every fault that fired, in order, for reports. */
  readonly fired: Array<{ service: string; operation: string; error: string }> = [];

  inject(fault: InjectedFault): void {
    this.pending.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Throws the injected error if one is due for this call. */
  check(service: SimulatedService, operation: string): void {
    const fault = this.pending.find((f) => f.service === service && f.operation === operation && f.remaining > 0);
    if (!fault) return;
    fault.remaining--;
    this.pending = this.pending.filter((f) => f.remaining > 0);
    this.fired.push({ service, operation, error: fault.error });
    throw awsError(service, fault.error, fault.message ?? `Injected fault: ${fault.error}`);
  }

  failBuildsFor(commit: string): void {
    this.badCommits.add(commit);
  }

  /** Every image bake mentioning `commit` stays pending for `ms` (EC2 CreateImage and Image Builder alike). */
  slowBuildsFor(commit: string, ms: number): void {
    this.slowCommits.set(commit, ms);
  }

  /** How long a bake mentioning any of these strings takes: a slow commit's time, else `normalMs`. */
  buildMs(mentions: Iterable<string>, normalMs: number): number {
    const texts = [...mentions];
    for (const [commit, ms] of this.slowCommits) if (namesCommit(texts, commit)) return ms;
    return normalMs;
  }

  /** True when any of the given strings names a commit marked bad (full id or a prefix of ≥ 7 chars). */
  buildFails(mentions: Iterable<string>): boolean {
    const texts = [...mentions];
    return [...this.badCommits].some((commit) => namesCommit(texts, commit));
  }
}

/**
 * Whether any of `texts` (an image's name and tags, a build's client token) names `commit`: the full id, a text
 * containing it, or a prefix of it of at least 7 characters.
 */
export function namesCommit(texts: Iterable<string>, commit: string): boolean {
  for (const text of texts) if (text === commit || text.includes(commit) || (text.length >= 7 && commit.startsWith(text))) return true;
  return false;
}
