// Starts a node:http server on 127.0.0.1 (port 0) whose stop() also drops idle keep-alive sockets,
// so tests and the demo never leave a socket behind.
import { createServer, type RequestListener } from "node:http";
import { listenOnFreeLoopbackPort } from "../listen.ts";

export interface LoopbackServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function listenOnLoopback(handler: RequestListener, onStop: () => void = () => {}): Promise<LoopbackServer> {
  const server = createServer(handler);
  // Short keep-alive: clients of a stopped instance must notice quickly rather than reuse a dead socket.
  server.keepAliveTimeout = 1_000;
  const port = await listenOnFreeLoopbackPort(server);
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        onStop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
