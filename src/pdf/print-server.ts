import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Resource {
  type: string;
  body: string | Uint8Array;
}

/**
 * Serves the print documents from memory on 127.0.0.1, so the browser never loads a
 * file:// URL and never sees any path the build did not put here.
 */
export class PrintServer {
  private readonly resources = new Map<string, Resource>();
  private constructor(private readonly server: Server, readonly origin: string) {}

  static async start(): Promise<PrintServer> {
    let self: PrintServer | undefined;
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
      const resource = request.method === "GET" ? self?.resources.get(path) : undefined;
      if (!resource) {
        response.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      response.writeHead(200, { "content-type": resource.type, "cache-control": "no-store" }).end(resource.body);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    const { port } = server.address() as AddressInfo;
    self = new PrintServer(server, `http://127.0.0.1:${port}`);
    return self;
  }

  /** Whether `url` is one of the resources put here (anything else is not the build's). */
  has(url: string): boolean {
    return url.startsWith(`${this.origin}/`) && this.resources.has(new URL(url).pathname);
  }

  /** Puts a resource at `path` (beginning with `/`) and returns its URL. */
  put(path: string, resource: Resource): string {
    this.resources.set(path, resource);
    return `${this.origin}${path}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
