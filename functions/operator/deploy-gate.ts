// The deploy gate (windows and freezes) as the operator's commands meet it: refused up front with the reason,
// unless the operator overrides it for an emergency, which their deployment's record then says.
import type { Config } from "../core/config.ts";
import { deployGate } from "../core/deploy-windows.ts";

/** The env is outside its deploy windows or frozen, and the command did not override it. */
export class DeployGateClosedError extends Error {
  override name = "DeployGateClosedError";
}

/**
 * Throws naming why nothing deploys now (and when it may), unless `overrideFreeze`; returns a note for the
 * reason of an override that was needed, else "".
 * Example: a freeze "year-end" until Jan 4 → DeployGateClosedError "shop-api/prod is frozen until …: year-end; …".
 */
export function checkDeployGate(config: Config, now: number, what: string, overrideFreeze: boolean): string {
  const gate = deployGate(now, config.windows, config.freeze);
  if (gate.open) return "";
  if (overrideFreeze) return ` (overriding: ${config.app}/${config.env} is ${gate.reason})`;
  throw new DeployGateClosedError(`${config.app}/${config.env} is ${gate.reason}: ${what} is refused then; for an emergency, --override-freeze --reason "…" starts it anyway (recorded)`);
}
