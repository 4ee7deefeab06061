import { isIP } from "node:net";

/*
 * Which requests the learner's preview answers. The preview holds private notes and the
 * names of contacts who did not consent, and a page on another site can reach it through
 * DNS rebinding (its own name made to point at 127.0.0.1): the browser then sends that
 * name in `Host`. So the preview answers only when `Host` names this computer (`localhost`,
 * `127.0.0.1`, `[::1]`, any port) or the address it was told to listen on; when it listens
 * on every interface, any IP address too, since an address cannot be rebound. The
 * live-reload WebSocket, which carries whole pages, is not bound by the same-origin policy,
 * so its `Origin` must be the preview itself as well.
 */

/** Where the preview listens. */
export interface PreviewAddress {
  /** The `--host` the preview listens on. */
  host: string;
  /** The port it listens on. */
  port: number;
}

/** Why a request is refused: the HTTP status and a short text for the body. */
export interface Refusal {
  status: 421 | 403;
  text: string;
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);
const EVERY_INTERFACE = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * Why the preview refuses a request, or undefined when it answers it: for a page, by its
 * `Host`; for the live-reload socket, by its `Host` and its `Origin` (when sent).
 */
export function refusal(headers: { host?: string | undefined; origin?: string | undefined }, address: PreviewAddress, kind: "page" | "socket"): Refusal | undefined {
  const open = previewUrl(address);
  const host = hostName(headers.host ?? "");
  if (host === undefined || !answersTo(host, address)) {
    return { status: 421, text: `This is a portfolio preview, which answers only at ${open} (it holds private notes); open it there.\n` };
  }
  if (kind === "socket" && headers.origin !== undefined && !isOwnOrigin(headers.origin, address)) {
    return { status: 403, text: `The preview's live reload is only for its own pages, at ${open}.\n` };
  }
  return undefined;
}

/** The host name of a `Host` header, lower case, IPv6 in brackets; undefined if it is not one. */
function hostName(header: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(header.trim());
  return match?.[1]!.toLowerCase();
}

function answersTo(host: string, address: PreviewAddress): boolean {
  if (LOOPBACK_NAMES.has(host)) return true;
  const listening = address.host.toLowerCase();
  if (host === listening || host === `[${listening}]`) return true;
  return EVERY_INTERFACE.has(listening) && isIP(host.replace(/^\[(.*)\]$/, "$1")) !== 0;
}

function isOwnOrigin(origin: string, address: PreviewAddress): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === "http:" && Number(url.port || 80) === address.port && answersTo(url.hostname, address);
}

/** Where the learner opens the preview: at `localhost` when that reaches it, else at the address it listens on. */
export function previewUrl({ host, port }: PreviewAddress): string {
  const name = LOOPBACK_NAMES.has(host) || host === "::1" || EVERY_INTERFACE.has(host) ? "localhost" : isIP(host) === 6 ? `[${host}]` : host;
  return `http://${name}:${port}/`;
}
