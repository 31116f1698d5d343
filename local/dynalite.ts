// A DynamoDB-compatible server (dynalite, in memory) on loopback, for local mode and tests.
import type { AddressInfo } from "node:net";
import dynalite from "dynalite";

export interface RunningDynalite {
  /** e.g. `http://127.0.0.1:54321`: give it to the DynamoDB client as `endpoint`. */
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts dynalite on 127.0.0.1 on a free port; tables become ACTIVE at once. */
export async function startDynalite(): Promise<RunningDynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
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
