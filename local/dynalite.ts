// A DynamoDB-compatible server (dynalite, in memory) on loopback, for local mode and tests.
import { listenOnFreeLoopbackPort } from "./listen.ts";
import dynalite from "dynalite";

export interface RunningDynalite {
  /** e.g. `http://127.0.0.1:54321`: give it to the DynamoDB client as `endpoint`. */
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts dynalite on 127.0.0.1 on a free port; tables become ACTIVE at once. */
export async function startDynalite(): Promise<RunningDynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listenOnFreeLoopbackPort(server);
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop() {
      // SDK clients keep connections alive; drop them so close() does not wait for idle sockets to time out.
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
