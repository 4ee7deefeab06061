// The part of Eleventy's programmatic API the site builder uses (Eleventy ships no types for it).
declare module "@11ty/eleventy" {
  export default class Eleventy {
    constructor(
      input: string,
      output: string,
      options?: { quietMode?: boolean; configPath?: string | false; config?: (eleventyConfig: never) => void | Promise<void>; pathPrefix?: string; runMode?: "build" | "watch" | "serve" },
    );
    write(): Promise<unknown>;
    init(): Promise<void>;
    /** Builds, then watches; resolves to the function each change runs (to rebuild), once watching. */
    watch(): Promise<(path: string) => Promise<void>>;
    /** The file watcher (chokidar's), once `watch()` has resolved. */
    watcher: import("node:events").EventEmitter;
    serve(port?: number): Promise<void>;
    /** Closes the dev server and the file watcher. */
    stopWatch(): Promise<void>;
    /** Stops Eleventy's own console output; failures still reach us as exceptions. */
    disableLogger(): void;
  }
}

// Eleventy's dev server: only the method the preview replaces, to listen on one address.
declare module "@11ty/eleventy-dev-server" {
  export default class EleventyDevServer {
    server: import("node:http").Server;
    _serverListen(port: number): void;
  }
}
