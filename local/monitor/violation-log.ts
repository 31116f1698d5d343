// The monitor's record of what it checked and what it found. A condition that keeps holding (a slot served
// by an empty fleet for 30 s) is one violation with a start and an end, not one per check.

export type InvariantId = "I1" | "I2" | "I3" | "I4" | "I5" | "I6" | "I7" | "I8" | "I9" | "I10";

export interface Violation {
  invariant: InvariantId;
  /** Virtual time since the run started, `hh:mm:ss`. */
  at: string;
  detail: string;
  /** When a continuing violation stopped holding (absent when it held to the end, or was a single event). */
  until?: string;
}

export interface InvariantReport {
  /** How many invariant checks ran (each invariant evaluated at each check point counts once). */
  checked: number;
  violations: Violation[];
}

export class ViolationLog {
  private checks = 0;
  private readonly found: Violation[] = [];
  /** Violations still holding, by what they are about (e.g. "I2 slot a"). */
  private readonly open = new Map<string, Violation>();
  /** One-off violations already reported, by key, so a re-check does not report the same finding twice. */
  private readonly reported = new Set<string>();

  constructor(private readonly startedAt: number) {}

  /** Counts `n` invariant evaluations. */
  checked(n = 1): void {
    this.checks += n;
  }

  /** The condition `key` is violated at `t`: recorded once when it starts; `detail` is built only then. */
  holds(key: string, invariant: InvariantId, t: number, detail: () => string): void {
    if (this.open.has(key)) return;
    const violation: Violation = { invariant, at: this.timeOf(t), detail: detail() };
    this.open.set(key, violation);
    this.found.push(violation);
  }

  /** The condition `key` holds no more at `t` (a no-op when it was not violated). */
  clears(key: string, t: number): void {
    const violation = this.open.get(key);
    if (!violation) return;
    this.open.delete(key);
    violation.until = this.timeOf(t);
  }

  /**
   * The same log for one of several app/envs a sandbox runs (an env path): its keys and details carry `scope`,
   * so slot a of prod and slot a of dev are different conditions.
   */
  scoped(scope: string): ViolationLog {
    const view = Object.create(this) as ViolationLog;
    view.checked = (n) => this.checked(n);
    view.holds = (key, invariant, t, detail) => this.holds(`${scope} ${key}`, invariant, t, () => `${scope}: ${detail()}`);
    view.clears = (key, t) => this.clears(`${scope} ${key}`, t);
    view.once = (key, invariant, t, detail) => this.once(`${scope} ${key}`, invariant, t, `${scope}: ${detail}`);
    return view;
  }

  /** A violation that is an event (a lease left held, a vague reason): reported once per key. */
  once(key: string, invariant: InvariantId, t: number, detail: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.found.push({ invariant, at: this.timeOf(t), detail });
  }

  report(): InvariantReport {
    return { checked: this.checks, violations: this.found.map((violation) => ({ ...violation })) };
  }

  /** `hh:mm:ss` of virtual time since the run started. */
  timeOf(t: number): string {
    return formatVirtualTime(t - this.startedAt);
  }
}

/**
 * Virtual milliseconds as `hh:mm:ss` (hours go past 24 rather than wrap).
 * Example: `formatVirtualTime(750_000)` → `"00:12:30"`.
 */
function formatVirtualTime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}
