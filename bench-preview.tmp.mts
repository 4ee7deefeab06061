/// <reference lib="dom" />
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import puppeteer from "puppeteer-core";
import { findBrowser } from "./src/pdf/find-browser.ts";
const port = 8788;
const server = spawn(process.execPath, ["bin/portfolio.js", "serve", "--dir", "/tmp/ws100/portfolio", "--port", String(port)], { stdio: "ignore" });
for (let i = 0; i < 120; i++) { try { if ((await fetch(`http://localhost:${port}/`)).ok) break; } catch {} await new Promise((r) => setTimeout(r, 250)); }
const browser = await puppeteer.launch({ executablePath: findBrowser(), headless: true, args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
const page = await browser.newPage();
await page.goto(`http://localhost:${port}/reflections/2026-01-14-mapping-the-network-i-already-have/`);
const file = "/tmp/ws100/portfolio/reflections/2026-01-14-mapping-the-network-i-already-have.md";
const times: number[] = [];
for (let run = 0; run < 5; run++) {
  const text = `Edit number ${run} at ${Date.now()}.`;
  const t = performance.now();
  writeFileSync(file, `${readFileSync(file, "utf8")}\n${text}\n`);
  await page.waitForFunction((x) => document.body.innerText.includes(x), { timeout: 20000, polling: 20 }, text);
  times.push(Math.round(performance.now() - t));
  await new Promise((r) => setTimeout(r, 800));
}
console.log("save → updated page (ms):", times.join(", "), "median", [...times].sort((a, b) => a - b)[2]);
await browser.close(); server.kill();
