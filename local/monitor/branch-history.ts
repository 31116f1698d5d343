// What the monitor is told about the branch: which commit became its head, in order. I7 compares live
// commits by it, I5 counts deliberate pushes of a commit, I9 checks every head was dealt with.

export class BranchHistory {
  private readonly heads: string[] = [];
  private readonly labels = new Map<string, string>();
  private readonly chosen: string[] = [];

  /** `commit` became the branch head (a push); `label` is how reports name it. */
  head(commit: string, label = commit.slice(0, 12)): void {
    this.heads.push(commit);
    this.labels.set(commit, label);
  }

  /** An operator deployed `commit` on purpose (`glidepath deploy`, `rollback`): not a push, but no accident either. */
  choose(commit: string): void {
    this.chosen.push(commit);
  }

  /** How many times an operator chose the commit. */
  choices(commit: string): number {
    return this.chosen.filter((choice) => choice === commit).length;
  }

  /** Position of the commit's latest push (a force-push back to a commit makes it newest again); -1 if never pushed. */
  order(commit: string): number {
    return this.heads.lastIndexOf(commit);
  }

  /** How many times the commit was pushed on purpose (not counting an event delivered twice). */
  pushes(commit: string): number {
    return this.heads.filter((head) => head === commit).length;
  }

  /** Each pushed commit once, in order of its latest push. */
  commits(): string[] {
    return [...new Set([...this.heads].reverse())].reverse();
  }

  label(commit: string | null | undefined): string {
    if (!commit) return "none";
    return this.labels.get(commit) ?? commit.slice(0, 12);
  }
}
