/// <reference lib="dom" />
import { cp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { request, type IncomingHttpHeaders } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../src/pdf/find-browser.ts";
import { refusal } from "../src/site/preview-host.ts";
import { runCli } from "./helpers/cli.ts";
import { freePort, startPreview, waitFor, type RunningPreview } from "./helpers/preview.ts";
import { repoRoot, tempDir } from "./helpers/workspace.ts";

/** A copy of the sample portfolio to edit while it is previewed. */
async function sampleWorkspace(): Promise<string> {
  const dir = join(await tempDir(), "portfolio");
  await cp(join(repoRoot, "portfolio"), dir, { recursive: true });
  return dir;
}

async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

describe("a preview being written in", () => {
  let workspace: string;
  let preview: RunningPreview;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    workspace = await sampleWorkspace();
    preview = await startPreview(workspace);
    // As root (CI), Chromium's sandbox cannot start.
    const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
    browser = await puppeteer.launch({ executablePath: findBrowser(), headless: true, args: [...(asRoot ? ["--no-sandbox"] : []), "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
    page = await browser.newPage();
    // Pages are opened again until they show a save (e2e.test.ts tests the live reload): a
    // reload at the end of a build would race the reading of a page opened during it.
    await page.setJavaScriptEnabled(false);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });

  /** Opens `path` until the text of `selector` has `text` (or, `present` false, has not): the preview has rebuilt it. */
  async function openWhen(path: string, selector: string, text: string, present = true): Promise<void> {
    await waitFor(async () => {
      await page.goto(`${preview.base}${path}`, { waitUntil: "load" });
      return page.evaluate((s, t, p) => (document.querySelector(s)?.textContent ?? "").includes(t) === p, selector, text, present);
    }, `${path} to ${present ? "show" : "no longer show"} "${text}"`);
  }
  const textOf = (selector: string) => page.$eval(selector, (e) => e.textContent ?? "");

  // The date went to Intl and `new Date`: "RangeError: Invalid time value", no page written,
  // and the browser kept the last page, its banner saying "0 errors, 0 warnings".
  it.each([
    ["written day first", "date: 14/03/2026", "14/03/2026", "date-invalid", "Date `14/03/2026` should be written YYYY-MM-DD"],
    ["with the month in words", "date: 30 Sept 2026", "30 Sept 2026", "date-invalid", "Date `30 Sept 2026` should be written YYYY-MM-DD"],
    ["that is not a real day", "date: 2026-02-30", "2026-02-30", "date-invalid", "`2026-02-30` is not a real date"],
    ["deleted", "", "", "field-missing", "Missing `date` in front matter"],
  ])("shows a date %s in the banner and on the Findings page, and still shows the reflection", async (_how, line, written, rule, message) => {
    const name = "2026-03-20-what-my-first-business-breakfast-taught-me";
    const title = "What my first business breakfast taught me about follow-up";
    const file = join(workspace, "reflections", `${name}.md`);
    const good = await readFile(file, "utf8");
    await openWhen("/", ".preview-banner", "0 errors");

    try {
      await writeFile(file, good.replace(/^date: 2026-03-20\n/m, line ? `${line}\n` : ""));
      // What a message quotes between backticks is shown as code.
      const shown = message.replaceAll("`", "");
      await openWhen("/", ".preview-banner", shown);
      if (written) expect(await page.$$eval(".preview-banner li code", (codes) => codes.map((c) => c.textContent))).toContain(written);
      expect(await page.$(".preview-banner.has-errors")).not.toBeNull();
      expect(await textOf(".preview-banner")).toContain(`reflections/${name}.md`);
      // The dashboard lists it, undated or dated as written.
      const row = await page.$$eval(".reflections tbody tr", (rows, t) => rows.map((r) => r.textContent ?? "").find((text) => text.includes(t)), title);
      expect(row).toMatch(written ? new RegExp(`${written}|no date`) : /no date/);

      await openWhen("/findings/", "main", `reflections/${name}.md`);
      expect(await textOf("main")).toContain(rule);
      expect(await textOf("main")).toContain(shown);

      await openWhen(`/reflections/${name}/`, ".facts", "20 March 2026", false);
      expect(await textOf("h1")).toBe(title);
      const date = await page.$$eval(".facts div", (rows) => rows.find((r) => r.querySelector("dt")?.textContent === "Date")?.querySelector("dd")?.textContent);
      expect(written ? [written, "no date"] : ["no date"]).toContain(date);
      expect(await page.$("time")).toBeNull();
      // The other pages that show its date are written too.
      await openWhen("/units/j-506-1949/", "main", "20 March 2026", false);
      expect(await textOf("main")).toMatch(new RegExp(`${title}\\s*\\((${written || "no date"}|no date)`));
      await openWhen("/matrix/", "main", "20 March 2026", false);
      expect(await textOf("main")).toContain(title);
    } finally {
      await writeFile(file, good);
    }
    await openWhen("/", ".preview-banner", "0 errors");
  });

  // Eleventy logged "File deleted" and did not rebuild: the page and its findings stayed.
  it("removes a deleted reflection's page and its findings", async () => {
    const file = join(workspace, "reflections", "2026-10-01-a-note-to-delete.md");
    await writeFile(file, ["---", "title: A note to delete", "date: 2026-10-01", "criteria:", '  R/600/9587: ["2.9"]', "---", "Soon gone.", ""].join("\n"));
    const url = `${preview.base}/reflections/2026-10-01-a-note-to-delete/`;
    await openWhen("/", ".preview-banner", "reflections/2026-10-01-a-note-to-delete.md");
    expect(await textOf(".preview-banner")).toContain("Unknown criterion 2.9 for unit R/600/9587");
    await waitFor(async () => (await status(url)) === 200, "the new reflection's page");

    await rm(file);
    await waitFor(async () => (await status(url)) === 404, "the deleted reflection's page to be gone");
    await openWhen("/", ".preview-banner", "reflections/2026-10-01-a-note-to-delete.md", false);
    expect(await textOf(".preview-banner")).toContain("0 errors");
    expect(await textOf("main")).not.toContain("A note to delete");
  });

  it("serves a renamed reflection at its new address, and nothing at the old one", async () => {
    const from = "2026-04-15-agreeing-information-sharing-guidelines";
    const to = "2026-04-16-agreeing-the-information-sharing-guidelines";
    await rename(join(workspace, "reflections", `${from}.md`), join(workspace, "reflections", `${to}.md`));
    await waitFor(async () => (await status(`${preview.base}/reflections/${from}/`)) === 404, "the renamed reflection's old page to be gone");
    await openWhen(`/reflections/${to}/`, "h1", "Agreeing information-sharing guidelines with the partnership forum");
    const links = async () => {
      await page.goto(`${preview.base}/`, { waitUntil: "load" });
      return page.$$eval(".reflections a", (as) => as.map((a) => a.getAttribute("href")));
    };
    await waitFor(async () => (await links()).includes(`reflections/${to}/`), "the dashboard to link to the new address");
    expect(await links()).not.toContain(`reflections/${from}/`);
  });
});

/** A GET through node:http, to 127.0.0.1, with the headers given (Host among them). */
function get(port: number, headers: Record<string, string>, address = "127.0.0.1"): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: address, port, path: "/", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    }).on("error", reject).end();
  });
}

/** A WebSocket handshake, as the live-reload client makes it: 101 when accepted, else the refusal. */
function upgrade(port: number, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path: "/",
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13", ...headers },
    });
    req.on("upgrade", (res, socket, head) => {
      socket.destroy();
      resolve({ status: res.statusCode!, body: head.toString("utf8") });
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject).end();
  });
}

// DNS rebinding: a page on evil.example points its own name at 127.0.0.1, then reads the
// preview as evil.example, with the learner's private notes.
describe("the preview answers only to this computer's names", () => {
  let preview: RunningPreview;
  beforeAll(async () => {
    preview = await startPreview(await sampleWorkspace());
  }, 90_000);
  afterAll(async () => {
    await preview?.stop();
  });

  it.each(["evil.example", "evil.example:PORT", "localhost.evil.example:PORT", "127.0.0.1.nip.io:PORT", "localhost:PORT@evil.example"])("refuses a page asked for as %s, with 421 and none of the portfolio", async (host) => {
    const res = await get(preview.port, { Host: host.replace("PORT", String(preview.port)) });
    expect(res.status).toBe(421);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.body).toContain(`http://localhost:${preview.port}/`);
    expect(res.body).not.toMatch(/Portfolio of|Preview, with your private notes|<html/i);
  });

  it.each(["localhost", "localhost:PORT", "127.0.0.1:PORT", "[::1]:PORT", "LocalHost:PORT"])("serves the dashboard asked for as %s", async (host) => {
    const res = await get(preview.port, { Host: host.replace("PORT", String(preview.port)) });
    expect(res.status).toBe(200);
    expect(res.body).toContain("Portfolio of");
  });

  it("refuses the live-reload socket to another site, by its Host or its Origin", async () => {
    const own = `localhost:${preview.port}`;
    const rebound = await upgrade(preview.port, { Host: `evil.example:${preview.port}`, Origin: `http://evil.example:${preview.port}` });
    expect(rebound.status).toBe(421);
    const crossSite = await upgrade(preview.port, { Host: own, Origin: "http://evil.example" });
    expect(crossSite.status).toBe(403);
    const otherLocalSite = await upgrade(preview.port, { Host: own, Origin: "http://localhost:3000" });
    expect(otherLocalSite.status).toBe(403);
    // Its own pages still get live reload.
    const accepted = await upgrade(preview.port, { Host: own, Origin: `http://${own}` });
    expect(accepted.status).toBe(101);
  });

  // All of 127.0.0.0/8 is this computer on Linux; macOS has only 127.0.0.1 unless told.
  it.skipIf(process.platform !== "linux")("answers to the address given with --host", async () => {
    const other = await startPreview(await sampleWorkspace(), { args: ["--host", "127.0.0.2"] });
    try {
      expect(other.stderr()).toContain(`at http://127.0.0.2:${other.port}/`);
      expect((await get(other.port, { Host: `127.0.0.2:${other.port}` }, "127.0.0.2")).status).toBe(200);
      expect((await get(other.port, { Host: `evil.example:${other.port}` }, "127.0.0.2")).status).toBe(421);
    } finally {
      await other.stop();
    }
  });
});

describe("the names the preview answers to", () => {
  const at = (host: string) => ({ host, port: 8080 });
  it.each([
    ["127.0.0.1", "localhost", undefined],
    ["127.0.0.1", "localhost:8080", undefined],
    ["127.0.0.1", "[::1]:8080", undefined],
    ["127.0.0.1", "evil.example:8080", 421],
    ["127.0.0.1", "192.0.2.7:8080", 421],
    ["127.0.0.1", "", 421],
    ["192.0.2.7", "192.0.2.7:8080", undefined],
    ["192.0.2.7", "laptop.local:8080", 421],
    ["::1", "[::1]:8080", undefined],
    // Listening on every interface, others open it by this computer's address; an address cannot be rebound.
    ["0.0.0.0", "192.0.2.7:8080", undefined],
    ["0.0.0.0", "[2001:db8::7]:8080", undefined],
    ["0.0.0.0", "laptop.local:8080", 421],
  ] as const)("listening on %s, a page asked for as %j gets %s", (listen, host, status) => {
    expect(refusal({ host }, at(listen), "page")?.status).toBe(status);
  });

  it.each([
    [undefined, undefined],
    ["http://localhost:8080", undefined],
    ["http://127.0.0.1:8080", undefined],
    ["http://localhost:3000", 403],
    ["https://localhost:8080", 403],
    ["http://evil.example:8080", 403],
    ["null", 403],
  ] as const)("its live reload opened from %s gets %s", (origin, status) => {
    expect(refusal({ host: "localhost:8080", origin }, at("127.0.0.1"), "socket")?.status).toBe(status);
  });
});

// The pages went to /tmp/portfolio-preview-<hash of the path>: world-readable, and a name
// another user could make first.
describe("the preview's pages are kept private", () => {
  const leftovers = async (dir: string) => (await readdir(dir)).filter((name) => /^portfolio-(preview|input)-/.test(name));

  it("writes them to a folder only its user can open, under a name nobody can guess, removed when it stops", async () => {
    const workspace = await sampleWorkspace();
    const temp = await tempDir();
    const env = { TMPDIR: temp };
    const first = await startPreview(workspace, { env });
    const second = await startPreview(workspace, { env });
    const folders = (await readdir(temp)).filter((name) => name.startsWith("portfolio-preview-"));
    expect(folders).toHaveLength(2);
    for (const folder of folders) {
      expect(folder).toMatch(/^portfolio-preview-[A-Za-z0-9]{6}$/);
      expect((await stat(join(temp, folder))).mode & 0o777).toBe(0o700);
    }
    // The same workspace, two folders: the name says nothing of it.
    expect(folders[0]).not.toBe(folders[1]);

    expect(await first.stop("SIGTERM")).toBe(0);
    expect(await second.stop("SIGINT")).toBe(0);
    expect(await leftovers(temp)).toEqual([]);
  });

  it("removes its folder when it cannot start: the port is taken", async () => {
    const port = await freePort();
    const taken = createServer().listen(port, "127.0.0.1");
    await new Promise((done) => taken.once("listening", done));
    try {
      const temp = await tempDir();
      const result = runCli(["serve", "--dir", await sampleWorkspace(), "--port", String(port)], { env: { TMPDIR: temp } });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`The preview could not start: port ${port} is in use by another program`);
      expect(await leftovers(temp)).toEqual([]);
    } finally {
      taken.close();
    }
  });
});
