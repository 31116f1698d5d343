// I7: the ledger's live commit never goes back to one pushed earlier than the one it replaces, unless an
// operator chose it (InvariantMonitor.operatorChose) or an alarm rolled the newer one back after its promotion
// (the ledger says so: `rolledBackAfterPromotion`). Fed the live commit wherever the monitor reads it (each
// execution's end, each rest point).
import type { BranchHistory } from "./branch-history.ts";
import type { ViolationLog } from "./violation-log.ts";

export class LiveWatch {
  private last: string | null = null;
  /** Commits whose promotion was rolled back after it (an alarm): the live commit may go back from them. */
  private readonly undone = new Set<string>();

  constructor(private readonly branch: BranchHistory, private readonly log: ViolationLog) {}

  /** The ledger records `commit`'s deployment rolled back after promotion: going back from it is that rollback. */
  rolledBackAfterPromotion(commit: string): void {
    this.undone.add(commit);
  }

  /** The ledger says `live` is live at `t`; `seenAt` says where the monitor read it (e.g. "after <execution> ended"). */
  observe(live: string | null, t: number, seenAt: string): void {
    this.log.checked();
    if (!live) return;
    const previous = this.last;
    this.last = live;
    if (!previous || previous === live) return;
    const [was, now] = [this.branch.order(previous), this.branch.order(live)];
    // Going back is what an operator's rollback (or redeploy of an older commit) is for: I7 is about pushes.
    if (was >= 0 && now >= 0 && now < was && this.branch.choices(live) === 0 && !this.undone.has(previous))
      this.log.once(`I7 ${live} over ${previous}`, "I7", t, `the live commit went back from ${this.branch.label(previous)} to ${this.branch.label(live)}, which was pushed before it (seen ${seenAt})`);
  }
}
