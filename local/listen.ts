// Puts a server on a free port of 127.0.0.1: the sandbox never listens anywhere else.
import type { AddressInfo, Server } from "node:net";

/** Resolves with the port once listening; rejects if the server fails to listen. */
export async function listenOnFreeLoopbackPort(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
