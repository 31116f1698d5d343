// Image retention after a promotion: list the app/env's Glidepath-tagged AMIs, find what still needs them,
// and retire the rest with their snapshots. Best effort by design: a deployment that has promoted must not
// roll back over a cleanup, so a failure is reported in the reason and the next promotion tries again (each
// run recomputes the whole set, so nothing is forgotten).
import { decideRetention } from "../core/image-retention.ts";
import { IMAGE_TAG } from "../core/naming.ts";
import type { TaskAdapters } from "./deps.ts";
import { fleetFor, groupsOf, type FleetConfig } from "./fleet-of.ts";
import { imagesNeededDownstream } from "./downstream-images.ts";

/** How far back the ledger is read for the previous live image and running deployments. */
const LEDGER_LOOKBACK = 50;

export interface ImageRetentionResult {
  retired: string[];
  kept: number;
  reason: string;
}

const messageOf = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** What still references an image: each slot's launch template, the live image and the one before it. */
async function referencedImages({ adapters }: { adapters: TaskAdapters }, app: string, env: string, fleet: FleetConfig) {
  const referenced = new Map<string, string>();
  for (const { label, group } of groupsOf(fleet)) {
    const context = fleet.application ? { application: fleet.application } : {};
    for (const imageId of await fleetFor(adapters, fleet).launchImages(group, context)) {
      referenced.set(imageId, `${label}'s launch template uses it`);
    }
  }
  const live = await adapters.ledger.getLive(app, env);
  if (live?.imageId) referenced.set(live.imageId, "it is live");
  const deployments = await adapters.ledger.listDeployments(app, env, LEDGER_LOOKBACK);
  // The rollback target: the newest promoted image other than the live one.
  const previous = deployments.find((d) => d.outcome === "promoted" && d.imageId && d.imageId !== live?.imageId)?.imageId;
  if (previous && !referenced.has(previous)) referenced.set(previous, "it was live before (the rollback target)");
  const running = deployments.filter((d) => d.outcome === "in_progress");
  for (const d of running) if (d.imageId && !referenced.has(d.imageId)) referenced.set(d.imageId, `deployment ${d.deploymentId} is in progress`);
  // Envs promoted from this one run its images too.
  for (const [imageId, why] of await imagesNeededDownstream({ configStore: adapters.configStore, ledger: adapters.ledger }, app, env)) if (!referenced.has(imageId)) referenced.set(imageId, why);
  return { referenced, runningDeployments: new Set(running.map((d) => d.deploymentId)) };
}

/** Retires the app/env's images beyond the newest `keep`, keeping any still referenced. Never throws. */
export async function retireOldImages(
  { adapters }: { adapters: TaskAdapters },
  { app, env, fleet, keep }: { app: string; env: string; fleet: FleetConfig; keep: number },
): Promise<ImageRetentionResult> {
  let images;
  try {
    images = await adapters.images.listImages({ [IMAGE_TAG.app]: app, [IMAGE_TAG.env]: env, [IMAGE_TAG.managed]: "true" });
  } catch (error) {
    return { retired: [], kept: 0, reason: `kept every image: listing them failed (${messageOf(error)})` };
  }
  const surplus = images.filter((i) => i.state === "available").length > keep || images.some((i) => i.state === "failed");
  if (!surplus) return { retired: [], kept: images.length, reason: `kept all ${images.length} images (keep ${keep})` };
  let references;
  try {
    references = await referencedImages({ adapters }, app, env, fleet);
  } catch (error) {
    return { retired: [], kept: images.length, reason: `kept all ${images.length} images: could not tell which are still in use (${messageOf(error)})` };
  }
  const decision = decideRetention({ images, keep, ...references });
  const retired: string[] = [];
  const failures: string[] = [];
  for (const imageId of decision.retire) {
    const image = images.find((i) => i.imageId === imageId);
    try {
      if (image) await adapters.images.retireImage(image);
      retired.push(imageId);
    } catch (error) {
      failures.push(`${imageId} (${messageOf(error)})`);
    }
  }
  const kept = images.length - retired.length;
  const done = retired.length > 0 ? `retired ${retired.length} old image${retired.length === 1 ? "" : "s"} (${retired.join(", ")}), kept ${kept}` : `kept all ${kept} images`;
  return { retired, kept, reason: failures.length > 0 ? `${done}; could not retire ${failures.join(", ")}` : done };
}
