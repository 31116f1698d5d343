// When an env may change: deploy windows (the days and hours a deployment may start, in a time zone) and
// freezes (periods nothing starts, with a reason). A push outside waits in the push queue until the gate opens;
// an operator's deployment is refused unless it overrides the freeze for an emergency, which is recorded.
// Local time comes from Intl (the IANA time zone database); nothing here does time zone arithmetic itself.
import * as z from "./zod-mini.ts";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Weekday = (typeof WEEKDAYS)[number];

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `"09:30"` → 570 (minutes after midnight). */
const minutesOf = (text: string): number => {
  const [, h, m] = CLOCK.exec(text)!;
  return Number(h) * 60 + Number(m);
};

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const clockTime = z.string().check(z.regex(CLOCK, 'must be a time of day, "HH:MM" (00:00–23:59)'));

const windowSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(", ")}` })).check(z.minLength(1, "needs at least one day")),
    /** Local time the window opens on each of `days`. */
    from: clockTime,
    /** Local time it closes; earlier than `from` means the next day (22:00–02:00). */
    to: clockTime,
    timeZone: z.string().check(z.refine(isTimeZone, { message: 'must be an IANA time zone such as "Europe/Berlin" or "UTC"' })),
  })
  .check(z.refine((w) => !CLOCK.test(w.from) || w.from !== w.to, { message: "opens and closes at the same time: a window must last at least a minute", path: ["to"] }));

const freezePeriodSchema = z
  .strictObject({
    from: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date and time with a zone (2026-12-20T00:00:00Z)" }),
    to: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date and time with a zone (2027-01-04T08:00:00+01:00)" }),
    /** Shown to whoever it stops: why nothing deploys now. */
    reason: z.string().check(z.minLength(1, "is required: say why nothing deploys then")),
  })
  .check(
    z.refine(
      (f) => {
        const [from, to] = [Date.parse(f.from), Date.parse(f.to)];
        return Number.isNaN(from) || Number.isNaN(to) || from < to;
      },
      { message: "must be after from", path: ["to"] },
    ),
  );

/** `windows`: when deployments may start (none: any time). */
export const windowsSchema = z._default(z.array(windowSchema).check(z.maxLength(50)), []);
/** `freeze`: periods no deployment starts, whatever the windows say. */
export const freezeSchema = z._default(z.array(freezePeriodSchema).check(z.maxLength(50)), []);

export type DeployWindow = z.output<typeof windowSchema>;
export type Freeze = z.output<typeof freezePeriodSchema>;

export type GateState = { open: true } | { open: false; reason: string; opensAt: number | null };

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The weekday and minute of day at `at` in `timeZone`, as Intl reads the time zone database. */
function localTime(at: number, timeZone: string): { day: Weekday; minute: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return { day: String(parts["weekday"]).toLowerCase().slice(0, 3) as Weekday, minute: Number(parts["hour"]) * 60 + Number(parts["minute"]) };
}

const previousDay = (day: Weekday): Weekday => WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;

/** Whether `at` falls in the window: on one of its days from `from`, to `to` (the next day when `to` is earlier). */
export function inWindow(window: DeployWindow, at: number): boolean {
  const { day, minute } = localTime(at, window.timeZone);
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from < to) return window.days.includes(day) && minute >= from && minute < to;
  return (window.days.includes(day) && minute >= from) || (window.days.includes(previousDay(day)) && minute < to);
}

const describeWindow = (w: DeployWindow) => `${w.days.join(",")} ${w.from}–${w.to} ${w.timeZone}`;
const iso = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;
/** A week and a day: any window with a day in it opens within that. */
const SEARCH_MS = 8 * 24 * 60 * MINUTE;

function closedAt(at: number, windows: DeployWindow[], freeze: Freeze[]): { reason: string; frozenUntil?: number } | null {
  const frozen = freeze.find((f) => Date.parse(f.from) <= at && at < Date.parse(f.to));
  if (frozen) return { reason: `frozen until ${iso(Date.parse(frozen.to))}: ${frozen.reason}`, frozenUntil: Date.parse(frozen.to) };
  if (windows.length === 0 || windows.some((w) => inWindow(w, at))) return null;
  return { reason: `outside the deploy windows (${windows.map(describeWindow).join("; ")})` };
}

/**
 * Whether a deployment may start at `now`, and if not why and when it may (the first minute the gate is open).
 * Example: windows mon–fri 09:00–17:00 Europe/Berlin, Saturday noon →
 *   `{ open: false, reason: "outside the deploy windows (…)", opensAt: <Monday 09:00 Berlin> }`.
 */
export function deployGate(now: number, windows: DeployWindow[], freeze: Freeze[]): GateState {
  const closed = closedAt(now, windows, freeze);
  if (!closed) return { open: true };
  // Minute by minute (windows open on the minute), jumping over a freeze at once.
  let at = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  let found: number | null = null;
  // A week of windows after the last freeze met is searched, however long the freezes.
  let searchUntil = now + SEARCH_MS;
  for (let guard = 0; at <= searchUntil && guard < 20_000; guard++) {
    const still = closedAt(at, windows, freeze);
    if (!still) {
      found = at;
      break;
    }
    if (still.frozenUntil !== undefined) searchUntil = Math.max(searchUntil, still.frozenUntil + SEARCH_MS);
    at = still.frozenUntil !== undefined ? Math.max(still.frozenUntil, at + MINUTE) : at + MINUTE;
  }
  return { open: false, reason: `${closed.reason}${found !== null ? `; opens ${iso(found)}` : ""}`, opensAt: found };
}
