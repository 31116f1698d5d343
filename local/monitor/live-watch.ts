// I7: the ledger's live commit never goes back to one pushed earlier than the one it replaces, unless an
// operator chose it (InvariantMonitor.operatorChose). Fed the live
// commit wherever the monitor reads it (each execution's end, each rest point).
import type { BranchHistory } from "./branch-history.ts";
import type { ViolationLog } from "./violation-log.ts";

export class LiveWatch {
  private last: string | null = null;

  constructor(private readonly branch: BranchHistory, private readonly log: ViolationLog) {}

  /** The ledger says `live` is live at `t`; `seenAt` says where the monitor read it (e.g. "after <execution> ended"). */
  observe(live: string | null, t: number, seenAt: string): void {
    this.log.checked();
    if (!live) return;
    const previous = this.last;
    this.last = live;
    if (!previous || previous === live) return;
    const [was, now] = [this.branch.order(previous), this.branch.order(live)];
    // Going back is what an operator's rollback (or redeploy of an older commit) is for: I7 is about pushes.
    if (was >= 0 && now >= 0 && now < was && this.branch.choices(live) === 0)
      this.log.once(`I7 ${live} over ${previous}`, "I7", t, `the live commit went back from ${this.branch.label(previous)} to ${this.branch.label(live)}, which was pushed before it (seen ${seenAt})`);
  }
}
