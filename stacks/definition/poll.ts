// The one shape every polling wait in the definition takes: Wait → Check (a Task) → Choice, which leaves the
// loop on one of its rules and otherwise waits again. Waiting is a Wait state, never a sleeping Lambda.
import type { AslState, States } from "./asl.ts";

export interface PollLoop {
  /** State names: the Wait, the checking Task and the Choice. */
  wait: string;
  check: string;
  decide: string;
  /** How long each Wait lasts: fixed seconds, or a path into the state. */
  every: { Seconds: number } | { SecondsPath: string };
  /** The checking Task, given the state it goes to next (the Choice). */
  task: (next: string) => AslState;
  /** Choice rules that leave the loop; anything else waits again. */
  exits: Array<Record<string, unknown>>;
}

/**
 * The three states of a polling loop. Enter it at `wait` (poll after a pause), `check` (poll at once) or
 * `decide` (when the state before it already answered once).
 * Example: `pollLoop({ wait: "Wait for DNS to sync", check: "Check DNS sync", decide: "Is DNS in sync?", every: { Seconds: 10 }, … })`.
 */
export function pollLoop({ wait, check, decide, every, task, exits }: PollLoop): States {
  return {
    [wait]: { Type: "Wait", ...every, Next: check },
    [check]: task(decide),
    [decide]: { Type: "Choice", Choices: exits, Default: wait },
  };
}
