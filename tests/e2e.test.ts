/// <reference lib="dom" />
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../src/pdf/find-browser.ts";
import { repoRoot, tempDir } from "./helpers/workspace.ts";

const axeSource = (createRequire(import.meta.url)("axe-core") as { source: string }).source;
const PORT = 8300 + Math.floor(Math.random() * 500);
const base = `http://localhost:${PORT}`;

let server: ChildProcess;
let browser: Browser;
let page: Page;
let workspace: string;

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("portfolio serve did not start");
}

beforeAll(async () => {
  workspace = join(await tempDir(), "portfolio");
  await cp(join(repoRoot, "portfolio"), workspace, { recursive: true });
  server = spawn(process.execPath, [join(repoRoot, "bin", "portfolio.js"), "serve", "--dir", workspace, "--port", String(PORT)], { stdio: "ignore" });
  await waitForServer();
  // As root (CI), Chromium's sandbox cannot start.
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  browser = await puppeteer.launch({ executablePath: findBrowser(), headless: true, args: [...(asRoot ? ["--no-sandbox"] : []), "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
  page = await browser.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (!server || server.exitCode !== null) return;
  const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
  server.kill("SIGTERM");
  // The preview stops when asked: its server and watcher do not keep it running.
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("still running"), 10_000))]);
  if (code === "still running") server.kill("SIGKILL");
  expect(code).toBe(0);
});

/**
 * Waits until the first element matching `selector` holds `text`. Each save reloads the page,
 * perhaps more than once on a busy machine: this reads whichever page is showing as it settles,
 * where a single read could be taken away mid-read by a reload.
 */
async function shows(selector: string, text: string): Promise<void> {
  await page.waitForFunction((s, t) => document.querySelector(s)?.textContent?.includes(t), { timeout: 15_000 }, selector, text);
}

describe("the live preview", () => {
  it("listens on this computer only: it shows private notes and names", async () => {
    // Every listening socket on the preview's port, from the kernel's own tables (Linux, where CI runs).
    const listening = ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((table) =>
      readFileSync(table, "utf8").split("\n").slice(1).map((line) => line.trim().split(/\s+/)).filter((f) => f[3] === "0A" && f[1]?.endsWith(`:${PORT.toString(16).toUpperCase().padStart(4, "0")}`)).map((f) => f[1]!.split(":")[0]!),
    );
    expect(listening.length).toBeGreaterThan(0);
    // 127.0.0.1 and ::1 as the kernel writes them; every interface would be 00000000.
    expect(listening.filter((address) => address !== "0100007F" && address !== "00000000000000000000000001000000")).toEqual([]);
  });

  it("shows an edit once the reflection is saved", async () => {
    const file = join(workspace, "reflections", "2026-01-14-mapping-the-network-i-already-have.md");
    await page.goto(`${base}/reflections/2026-01-14-mapping-the-network-i-already-have/`, { waitUntil: "load" });
    const sentence = `Added while previewing, ${Date.now()}.`;
    await writeFile(file, `${await readFile(file, "utf8")}\n${sentence}\n`);
    await shows("main", sentence);
  });

  it("shows an error in the banner, and clears it once fixed", async () => {
    const file = join(workspace, "reflections", "2026-02-03-choosing-which-networks-to-develop.md");
    const good = await readFile(file, "utf8");
    await page.goto(`${base}/`, { waitUntil: "load" });
    await shows(".preview-banner:not(.has-errors)", "0 errors");
    await writeFile(file, good.replace('R/600/9587: ["1.2", "2.1"]', 'R/600/9587: ["1.2", "2.9"]'));
    await shows(".preview-banner.has-errors", "Unknown criterion 2.9 for unit R/600/9587");
    await shows(".preview-banner.has-errors li code:nth-of-type(2)", "2.9");
    await writeFile(file, good);
    await shows(".preview-banner:not(.has-errors)", "0 errors");
  });

  it("shows the learner's private notes, marked as such, which no build includes", async () => {
    const note = ["---", "title: Worries before the forum", "date: 2026-04-01", "private: true", 'criteria: ["1.1"]', "---", "Only for me. {ac=R/600/9587:1.1}", ""].join("\n");
    await writeFile(join(workspace, "reflections", "2026-04-01-worries.md"), note);
    await page.goto(`${base}/`, { waitUntil: "load" });
    await page.waitForFunction(() => document.body.innerText.includes("Worries before the forum"), { timeout: 15_000 });
    await page.goto(`${base}/reflections/2026-04-01-worries/`, { waitUntil: "load" });
    await shows(".notice", "Only your preview shows this reflection");
    await shows(".preview-banner", "Preview, with your private notes; not what you submit");
  });

  it("goes from the dashboard to a unit, to a reflection and to the matrix by links", async () => {
    await page.goto(`${base}/`, { waitUntil: "load" });
    await Promise.all([page.waitForNavigation(), page.click(".unit-cards a")]);
    expect(await page.$eval("h1", (h) => h.textContent)).toContain("R/600/9587");
    await Promise.all([page.waitForNavigation(), page.click("#ac-1-1 ul.evidence a")]);
    expect(page.url()).toMatch(/\/reflections\/.+\/#ac-r-600-9587-1-1$/);
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("Mapping the network I already have");
    await Promise.all([page.waitForNavigation(), page.click('nav a[href$="matrix/"]')]);
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("Coverage matrix");
  });

  it.each([
    ["dashboard", "/"],
    ["unit", "/units/r-600-9587/"],
    ["reflection", "/reflections/2026-02-03-choosing-which-networks-to-develop/"],
    ["matrix", "/matrix/"],
    ["network", "/network/"],
    ["findings", "/findings/"],
  ])("has no serious or critical accessibility findings on the %s page (axe-core)", async (_kind, path) => {
    await page.goto(`${base}${path}`, { waitUntil: "load" });
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });
});
