// The sample service's flags, as a service embeds them: the glidepath/flags client over the sandbox's SSM, on
// the virtual clock. Its reads are the service's calls, not a Lambda's (like its metrics), so they are kept out
// of every function's recorded calls.
import type { AwsClients } from "../../functions/adapters/aws-clients.ts";
import type { Config } from "../../functions/core/config.ts";
import { createFlagClient } from "../../functions/flags/client.ts";
import type { VirtualClock } from "../clock.ts";
import { outsideFunctions } from "./function-scope.ts";

/** How often the sample service reads its flags: every request between two reads uses the document at hand. */
const REFRESH_SECONDS = 30;

/** `flagOn(flag, userId)` for the sample service: synchronous, from the cached document, refreshed in the background. */
export function sampleServiceFlags(config: Config, clients: Pick<AwsClients, "ssm">, clock: VirtualClock): (flag: string, userId: string) => boolean {
  const flags = createFlagClient({
    app: config.app,
    env: config.env,
    ssm: { send: (command) => outsideFunctions(() => clients.ssm.send(command)) },
    refreshSeconds: REFRESH_SECONDS,
    now: () => clock.now(),
  });
  return (flag, userId) => flags.evaluateNow(flag, { userId }).on;
}
