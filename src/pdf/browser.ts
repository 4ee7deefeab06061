import puppeteer, { type Browser, type HTTPRequest } from "puppeteer-core";
import { describe, PortfolioError } from "../errors.ts";
import { findBrowser } from "./find-browser.ts";

export interface PrintOptions {
  format: "A4" | "Letter";
  /** Milliseconds for one print; long parts get more. */
  timeout: number;
  /** No margins (the footer overlay, which draws to the page's edges). */
  fullPage?: boolean;
  /** A page of this size in points, without margins, instead of `format` (a record drawn into its box). */
  size?: { width: number; height: number };
  /** Content scaled by this (0.1 to 2), laid out as if the page were that much larger. */
  scale?: number;
}

/** A request the print page tried to make outside the print server: blocked, and reported. */
export interface BlockedRequest {
  url: string;
  page: string;
}

/**
 * The browser behind one PDF build (puppeteer-core driving an installed Chromium). Every
 * request that is not to the print server's origin is aborted and recorded, so nothing a
 * reflection contains can fetch a remote resource or a local file into the PDF.
 */
export class PrintBrowser {
  readonly blocked: BlockedRequest[] = [];

  /** Set when Chromium went away without being closed (killed, crashed, out of memory). */
  #lost = false;
  #closing = false;

  private constructor(private readonly browser: Browser) {
    browser.on("disconnected", () => { if (!this.#closing) this.#lost = true; });
  }

  static async launch(): Promise<PrintBrowser> {
    const executablePath = findBrowser();
    // Chromium's sandbox cannot start as root (CI, containers); elsewhere it stays on.
    const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
    try {
      const browser = await puppeteer.launch({
        executablePath,
        headless: true,
        // Talk to Chromium over a pipe rather than a socket: if this process dies, even by
        // SIGKILL, the pipe closes and Chromium exits instead of running on.
        pipe: true,
        // Ctrl-C is handled by the command (it removes what was half written, then exits);
        // puppeteer's own handlers would exit first, leaving it.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        // A long part can take minutes; each print has its own timeout below.
        protocolTimeout: 900_000,
        args: [
          ...(asRoot ? ["--no-sandbox"] : []),
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-default-apps",
          "--no-first-run",
          "--disable-extensions",
        ],
      });
      return new PrintBrowser(browser);
    } catch (error) {
      throw new PortfolioError("PORTFOLIO_BROWSER_FAILED", `Chromium at ${executablePath} did not start: ${describe(error)}`, {
        cause: error,
        hint: "Check that it runs (`chromium --headless --version`), or set PORTFOLIO_BROWSER to another browser.",
      });
    }
  }

  /** Prints the page at `url` to PDF bytes, loading only the URLs `allowed` accepts. */
  async print(url: string, allowed: (url: string) => boolean, options: PrintOptions): Promise<Uint8Array> {
    try {
      return await this.#print(url, allowed, options);
    } catch (error) {
      const what = new URL(url).pathname.slice(1);
      if (this.#lost) {
        throw new PortfolioError("PORTFOLIO_BROWSER_STOPPED", `Chromium stopped while printing ${what} (it was closed, crashed or ran out of memory)`, {
          cause: error,
          hint: "Nothing was replaced: the previous site and PDF are as they were. Run again; if it stops again, close other programs, or print in smaller parts (PORTFOLIO_REFLECTIONS_PER_PART below 150).",
        });
      }
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      throw new PortfolioError("PORTFOLIO_PRINT_FAILED", `Chromium could not print ${what}: ${describe(error)}`, {
        cause: error,
        hint: timedOut ? "Print in smaller parts: set PORTFOLIO_REFLECTIONS_PER_PART below 150." : "Nothing was replaced: the previous site and PDF are as they were.",
      });
    }
  }

  async #print(url: string, allowed: (url: string) => boolean, options: PrintOptions): Promise<Uint8Array> {
    const page = await this.browser.newPage();
    try {
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on("request", (request: HTTPRequest) => {
        const target = request.url();
        if (allowed(target)) void request.continue();
        else {
          this.blocked.push({ url: target, page: url });
          void request.abort("blockedbyclient");
        }
      });
      await page.goto(url, { waitUntil: "load", timeout: options.timeout });
      const size = options.size && { width: `${options.size.width / 72}in`, height: `${options.size.height / 72}in` };
      return await page.pdf({
        ...(size ?? { format: options.format }),
        ...(options.scale === undefined ? {} : { scale: options.scale }),
        printBackground: true,
        // Footer overlays are artifacts: untagged, so no marked content sits inside them.
        tagged: !options.fullPage && !size,
        outline: false,
        preferCSSPageSize: false,
        // Room for the footer, which is stamped after the parts are put together.
        margin: options.fullPage || size ? { top: "0", bottom: "0", left: "0", right: "0" } : { top: "18mm", bottom: "22mm", left: "18mm", right: "18mm" },
        timeout: options.timeout,
      });
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.browser.close();
  }
}

/** Chromium starting in the background while other work goes on. */
export interface StartingBrowser {
  started: Promise<PrintBrowser>;
  /** Runs `work`; if it throws, the browser is closed before the error goes on. */
  unless<T>(work: () => Promise<T>): Promise<T>;
  /** Closes the browser once started: it is not needed after all. */
  cancel(): Promise<void>;
}

export function startBrowser(): StartingBrowser {
  const started = PrintBrowser.launch();
  // A failure to start is reported where the browser is awaited, not as an unhandled rejection.
  started.catch(() => {});
  const cancel = () => started.then((browser) => browser.close()).catch(() => {});
  return {
    started,
    cancel,
    async unless(work) {
      try {
        return await work();
      } catch (error) {
        await cancel();
        throw error;
      }
    },
  };
}

