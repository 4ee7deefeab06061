import puppeteer, { type Browser, type HTTPRequest, type Page } from "puppeteer-core";
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

/** A tab, and what its page may load (the print server's URLs for the page it holds). */
interface Tab {
  page: Page;
  url: string;
  allowed: (url: string) => boolean;
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
  /** Tabs done with their last print, to load the next in. */
  readonly #idle: Tab[] = [];

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
    return this.#guard(url, () => this.#onPage(url, allowed, options.timeout, (page) => this.#pdf(page, options)));
  }

  /**
   * Prints the page at `url` on one page of `size` (points), as large as it fits: at the
   * first of `scales` (largest first) at which it does, or undefined if it does not fit at
   * the last. Each scale's height is measured from the page laid out for print at that
   * width, without printing; then the first that fits by measure is printed, and the next
   * only if the print still runs over (a page break can leave room unused). One print
   * where trying each scale in turn took one per scale.
   */
  async printOnOnePage(url: string, allowed: (url: string) => boolean, options: { size: { width: number; height: number }; scales: readonly number[]; timeout: number }): Promise<{ bytes: Uint8Array; scale: number } | undefined> {
    const { loadPdf } = await import("./pdf-lib.ts");
    const px = (pt: number) => (pt * 96) / 72;
    return this.#guard(url, () => this.#onPage(url, allowed, options.timeout, async (page) => {
      // Print media and a viewport of each width: a tab not to be used again as it was.
      await page.emulateMediaType("print");
      const cdp = await page.createCDPSession();
      const fits = async (scale: number) => {
        await page.setViewport({ width: Math.floor(px(options.size.width) / scale), height: 600 });
        const { cssContentSize } = await cdp.send("Page.getLayoutMetrics");
        return cssContentSize.height * scale <= px(options.size.height);
      };
      // The first scale that fits, by halving: smaller type never needs more room. A long
      // record takes a tenth of a second to lay out again at each width.
      let [low, high] = [0, options.scales.length - 1];
      while (low < high) {
        const mid = Math.floor((low + high) / 2);
        if (await fits(options.scales[mid]!)) high = mid;
        else low = mid + 1;
      }
      const first = low;
      await cdp.detach();
      for (const scale of options.scales.slice(first)) {
        const bytes = await this.#pdf(page, { format: "A4", timeout: options.timeout, size: options.size, scale });
        if ((await loadPdf(bytes)).getPageCount() === 1) return { bytes, scale };
      }
      return undefined;
    }, { fresh: true }));
  }

  /** Failures said as what they mean to the learner: Chromium gone, or this page not printed. */
  async #guard<T>(url: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
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

  /**
   * A tab with the page at `url` loaded, no script run, and every request `allowed` refuses
   * blocked and recorded. Tabs are used again once their work is done: all print-server
   * pages are one site, so Chromium keeps one renderer for a tab rather than starting
   * another for each page (a tenth of a second of CPU each). A tab whose work failed, or
   * that `work` changed (`fresh`), is closed instead.
   */
  async #onPage<T>(url: string, allowed: (url: string) => boolean, timeout: number, work: (page: Page) => Promise<T>, { fresh = false } = {}): Promise<T> {
    const tab = (!fresh && this.#idle.pop()) || (await this.#newTab());
    tab.url = url;
    tab.allowed = allowed;
    let done = false;
    try {
      await tab.page.goto(url, { waitUntil: "load", timeout });
      const result = await work(tab.page);
      done = true;
      return result;
    } finally {
      if (done && !fresh) this.#idle.push(tab);
      else await tab.page.close().catch(() => {});
    }
  }

  async #newTab(): Promise<Tab> {
    const page = await this.browser.newPage();
    const tab: Tab = { page, url: "", allowed: () => false };
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on("request", (request: HTTPRequest) => {
      const target = request.url();
      if (tab.allowed(target)) void request.continue();
      else {
        this.blocked.push({ url: target, page: tab.url });
        void request.abort("blockedbyclient");
      }
    });
    return tab;
  }

  async #pdf(page: Page, options: PrintOptions): Promise<Uint8Array> {
    const size = options.size && { width: `${options.size.width / 72}in`, height: `${options.size.height / 72}in` };
    return page.pdf({
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

