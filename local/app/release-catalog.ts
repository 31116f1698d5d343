// Which version label and behaviour each commit has; the demo and scenario files fill it in so that
// deploying a given commit really deploys a good or a bad build.
import { behaviourOf, type VersionBehaviour } from "./behaviour.ts";

export interface Release {
  version: string;
  behaviour: VersionBehaviour;
}

export class ReleaseCatalog {
  private readonly releases = new Map<string, Release>();

  constructor(entries: Record<string, { version?: string; behaviour?: Partial<VersionBehaviour> }> = {}) {
    for (const [commit, entry] of Object.entries(entries)) this.set(commit, entry);
  }

  set(commit: string, entry: { version?: string; behaviour?: Partial<VersionBehaviour> }): void {
    this.releases.set(commit, { version: entry.version ?? shortCommit(commit), behaviour: behaviourOf(entry.behaviour) });
  }

  /** An unknown commit is a healthy build labelled by its short hash: only named builds misbehave. */
  lookup(commit: string | undefined): Release {
    if (commit === undefined) return { version: "unknown", behaviour: behaviourOf() };
    return this.releases.get(commit) ?? { version: shortCommit(commit), behaviour: behaviourOf() };
  }
}

function shortCommit(commit: string): string {
  return commit.slice(0, 12);
}
