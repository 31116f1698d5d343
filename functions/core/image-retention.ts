// Which of an app/env's baked images retention deregisters: all but the newest few, and never one that
// something still needs (a slot launches from it, it is live or the rollback target, its deployment runs).
export interface RetentionCandidate {
  imageId: string;
  state: "pending" | "available" | "failed";
  /** ISO time the image was registered. */
  createdAt: string;
  /** The deployment that baked it (its `glidepath:deployment` tag), when tagged. */
  deploymentId?: string;
}

export interface RetentionInput {
  images: RetentionCandidate[];
  /** How many of the newest available images to keep whatever else holds (config `image.keep`). */
  keep: number;
  /** Images still referenced, each with the reason: a slot's launch template, the live or previous live record. */
  referenced: ReadonlyMap<string, string>;
  /** Deployments still in progress: their images stay even before the ledger names them. */
  runningDeployments: ReadonlySet<string>;
}

export interface RetentionDecision {
  /** Image ids to deregister (with their snapshots), oldest first. */
  retire: string[];
  /** Why each other image stays. */
  kept: Array<{ imageId: string; why: string }>;
}

/**
 * Decides which images to retire. Available images are ranked newest first and the first `keep` stay; failed
 * images count for nothing and go; pending ones (a bake in flight) and referenced ones always stay.
 * Example: images a (oldest) … e (newest), all available, `keep: 2`, `referenced: {a → "slot a's launch template"}`
 *   → `{ retire: ["b", "c"], kept: [e "one of the 2 newest", d "one of the 2 newest", a "slot a's launch template"] }`.
 */
export function decideRetention({ images, keep, referenced, runningDeployments }: RetentionInput): RetentionDecision {
  const newestFirst = [...images].sort((x, y) => (x.createdAt === y.createdAt ? y.imageId.localeCompare(x.imageId) : y.createdAt.localeCompare(x.createdAt)));
  const retire: string[] = [];
  const kept: RetentionDecision["kept"] = [];
  let availableSeen = 0;
  for (const image of newestFirst) {
    const rank = image.state === "available" ? ++availableSeen : Infinity;
    const why =
      referenced.get(image.imageId) ??
      (image.deploymentId && runningDeployments.has(image.deploymentId) ? `deployment ${image.deploymentId} is in progress` : undefined) ??
      (image.state === "pending" ? "still pending" : undefined) ??
      (rank <= keep ? `one of the ${keep} newest` : undefined);
    if (why) kept.push({ imageId: image.imageId, why });
    else retire.push(image.imageId);
  }
  return { retire: retire.reverse(), kept };
}
