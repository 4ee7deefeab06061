/// <reference lib="dom" />
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../src/pdf/find-browser.ts";
import { runCli } from "./helpers/cli.ts";
import { tempDir } from "./helpers/workspace.ts";

/**
 * Issue 17: at a phone's width (390 px) the dashboard was 466 px wide, the matrix 1,254 px
 * and the network page 775 px, with the reflections' status and the chart off screen.
 */
const axeSource = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };
const pages = [
  ["dashboard", "index.html"],
  ["unit", "units/j-506-1949/index.html"],
  // The sample's widest table of a learner's own, six columns.
  ["reflection", "reflections/2026-02-03-choosing-which-networks-to-develop/index.html"],
  ["matrix", "matrix/index.html"],
  ["network", "network/index.html"],
] as const;

let site: string;
let browser: Browser;
let page: Page;

async function open(path: string, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewport(viewport);
  await page.goto(pathToFileURL(join(site, path)).href, { waitUntil: "load" });
}

beforeAll(async () => {
  site = join(await tempDir(), "_site");
  const { status, stderr } = runCli(["build", "--no-pdf", "--dir", "portfolio", "--out", site]);
  expect(stderr).toMatch(/Built \d+ pages/);
  expect(status).toBe(0);
  // As root (CI), Chromium's sandbox cannot start.
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  browser = await puppeteer.launch({ executablePath: findBrowser(), headless: true, args: [...(asRoot ? ["--no-sandbox"] : []), "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("the site at a phone's width and at a desktop's", () => {
  it.each(pages.flatMap(([kind, path]) => [phone, desktop].map((viewport) => [kind, viewport.width, path, viewport] as const)))(
    "does not scroll sideways: the %s page at %i px",
    async (_kind, width, path, viewport) => {
      await open(path, viewport);
      const widths = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
      expect(widths.document).toBeLessThanOrEqual(width);
      expect(widths.body).toBeLessThanOrEqual(width);
    },
  );

  it("keeps every reflection's status on screen on the dashboard at 390 px", async () => {
    await open("index.html", phone);
    // The cells under the "Status" heading, wherever the layout puts them.
    const cells = await page.evaluate(() => {
      const table = document.querySelector("table.reflections") as HTMLTableElement;
      const column = [...table.tHead!.rows[0]!.cells].findIndex((th) => th.textContent === "Status");
      return [...table.tBodies[0]!.rows].map((row) => {
        const cell = row.cells[column]!;
        const box = cell.getBoundingClientRect();
        return { text: cell.innerText, left: box.left, right: box.right, width: box.width };
      });
    });
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell.text).toMatch(/Final|Draft/i);
      expect(cell.width).toBeGreaterThan(0);
      expect(cell.left).toBeGreaterThanOrEqual(0);
      expect(cell.right).toBeLessThanOrEqual(phone.width);
    }
  });

  it("scales the network chart to the width at 390 px", async () => {
    await open("network/index.html", phone);
    const { chart, content } = await page.evaluate(() => {
      const edges = (box: DOMRect) => ({ left: box.left, right: box.right, width: box.width });
      const main = document.querySelector("main")!;
      const style = getComputedStyle(main);
      return {
        chart: edges(document.querySelector("figure.chart svg")!.getBoundingClientRect()),
        content: main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
      };
    });
    expect(chart.left).toBeGreaterThanOrEqual(0);
    expect(chart.right).toBeLessThanOrEqual(phone.width);
    expect(chart.width).toBeCloseTo(content, 0);
  });

  it("scrolls a wide table within its own region, named and reachable by keyboard, with its row headers kept in view", async () => {
    await open("matrix/index.html", phone);
    const region = await page.evaluate(() => {
      const region = document.querySelector("[role=region]:has(table.matrix)") as HTMLElement;
      const name = region.getAttribute("aria-labelledby")!.split(" ").map((id) => document.getElementById(id)?.textContent).join(" ");
      const rowHeader = region.querySelector("tbody th[scope=row]")!;
      const before = rowHeader.getBoundingClientRect().left;
      region.scrollLeft = 200;
      const after = rowHeader.getBoundingClientRect().left;
      return { name, tabIndex: region.tabIndex, scrolls: region.scrollWidth > region.clientWidth, scrolled: region.scrollLeft, before, after };
    });
    expect(region.name).toMatch(/^R\/600\/9587: \d+ of \d+ criteria evidenced/);
    expect(region.tabIndex).toBe(0);
    expect(region.scrolls).toBe(true);
    expect(region.scrolled).toBeGreaterThan(0);
    expect(region.after).toBe(region.before);
  });

  it.each([
    ["dashboard", "index.html"],
    // A learner's table wider than the phone: scrolling, it must take the keyboard's focus.
    ["reflection", "reflections/2026-02-03-choosing-which-networks-to-develop/index.html"],
    ["matrix", "matrix/index.html"],
    ["network", "network/index.html"],
  ])("has no serious or critical accessibility findings on the %s page at 390 px (axe-core)", async (_kind, path) => {
    await open(path, phone);
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });
});
