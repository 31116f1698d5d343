// The HTTP probe of smoke tests: plain fetch, no AWS client.
import type { Probe } from "../ports.ts";
import { makeHttpProbe } from "../probe.ts";

export function fromHttp(_env: NodeJS.ProcessEnv = process.env): { probe: Probe } {
  return { probe: makeHttpProbe() };
}
