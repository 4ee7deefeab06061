import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { refusal, type PreviewAddress, type Refusal } from "../src/site/preview-host.ts";

/**
 * What the preview needs of Eleventy's dev server (@11ty/eleventy-dev-server 2.1.2, pinned):
 * to listen on one address, to fail rather than move to another port, and to answer only
 * requests that name this computer. The preview shows private notes and the names of
 * contacts who did not consent.
 */

/**
 * The dev server listens on every network interface and has no option for the address:
 * it listens on `host` instead. When the port is taken it would quietly try the next ten,
 * while the learner is told the one they asked for: `failed` is called instead, as for any
 * other error in listening. Replaces a method of the dev server's class, in this process.
 */
export async function listenOn(host: string, failed: (error: Error) => void): Promise<void> {
  const { default: DevServer } = await import("@11ty/eleventy-dev-server");
  DevServer.prototype._serverListen = function (port: number) {
    const server = this.server;
    server.removeAllListeners("error");
    server.on("error", failed);
    server.listen({ port, host });
  };
}

/**
 * A middleware for the dev server (its `middleware` option) that refuses, with 421 and a
 * line of text, a page asked for by a name other than this computer's: a page on another
 * site that has pointed its own name at 127.0.0.1 (DNS rebinding) reads nothing.
 */
export function refuseOtherHosts(address: PreviewAddress) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const refused = refusal(request.headers, address, "page");
    if (!refused) return next();
    response.writeHead(refused.status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
    response.end(refused.text);
  };
}

/**
 * The same for the live-reload WebSocket, which sends whole pages to every page connected
 * and which any site may try to open: its `Host` and `Origin` are checked before the dev
 * server's own listener sees the upgrade. For the dev server's `ready` option, which runs
 * once it listens (and so has set up its WebSocket server), before any request is read.
 */
export function guardUpgrades(server: Server, address: PreviewAddress): void {
  const listeners = server.listeners("upgrade") as Array<(request: IncomingMessage, socket: Duplex, head: Buffer) => void>;
  server.removeAllListeners("upgrade");
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refused = refusal(request.headers, address, "socket");
    if (refused) return refuseSocket(socket, refused);
    for (const listener of listeners) listener.call(server, request, socket, head);
  });
}

function refuseSocket(socket: Duplex, { status, text }: Refusal): void {
  // Once upgraded, the socket is no longer the HTTP server's: a reset must not throw.
  socket.on("error", () => socket.destroy());
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, "Connection: close", "Content-Type: text/plain; charset=utf-8", `Content-Length: ${Buffer.byteLength(text)}`];
  socket.end(`${head.join("\r\n")}\r\n\r\n${text}`);
}
