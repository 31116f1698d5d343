// The images the envs promoted from an env still need: a promoted env runs the AMI its upstream baked (tagged
// with the upstream's app/env), so the upstream's image retention must keep what any env downstream of it,
// however far, has live, as its rollback target, or in a deployment in progress.
import type { ConfigStore, Ledger } from "../adapters/ports.ts";
import { parseConfig, type Config } from "../core/config.ts";
import { downstreamOf } from "../core/env-path.ts";

/** How far back each downstream env's ledger is read for its previous live image and running deployments. */
const LEDGER_LOOKBACK = 50;

/**
 * Image id → why it stays, for every env downstream of `app/env` (by `source.promotedFrom`, transitively).
 * Example: prod promoted from staging, prod live on ami-1 → `{ ami-1 → "shop-api/prod (promoted from here) runs it" }`.
 */
export async function imagesNeededDownstream(deps: { configStore: ConfigStore; ledger: Ledger }, app: string, env: string): Promise<Map<string, string>> {
  const configs = await appConfigs(deps.configStore, app);
  const needed = new Map<string, string>();
  const seen = new Set([env]);
  for (let frontier = [env]; frontier.length > 0; ) {
    const next = frontier.flatMap((upstream) => downstreamOf(configs, app, upstream)).filter((name) => !seen.has(name));
    next.forEach((name) => seen.add(name));
    for (const downstream of next) {
      const live = await deps.ledger.getLive(app, downstream);
      const deployments = await deps.ledger.listDeployments(app, downstream, LEDGER_LOOKBACK);
      const previous = deployments.find((d) => d.outcome === "promoted" && d.imageId && d.imageId !== live?.imageId)?.imageId;
      const running = deployments.filter((d) => d.outcome === "in_progress" && d.imageId).map((d) => d.imageId!);
      const who = `${app}/${downstream} (promoted from here)`;
      if (live?.imageId && !needed.has(live.imageId)) needed.set(live.imageId, `${who} runs it`);
      if (previous && !needed.has(previous)) needed.set(previous, `${who} rolls back to it`);
      for (const imageId of running) if (!needed.has(imageId)) needed.set(imageId, `${who} is deploying it`);
    }
    frontier = next;
  }
  return needed;
}

/** The app's configs that validate (one that does not cannot be promoted into, so it needs nothing). */
async function appConfigs(configStore: ConfigStore, app: string): Promise<Config[]> {
  const listed = (await configStore.list()).filter((entry) => entry.app === app);
  const parsed = await Promise.all(listed.map(async ({ env }) => parseConfig((await configStore.load(app, env)).document)));
  return parsed.flatMap((result) => (result.ok ? [result.config] : []));
}
