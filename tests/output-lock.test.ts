import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { replaceFile } from "../src/interrupt.ts";
import { runCli } from "./helpers/cli.ts";
import { endedProcess, holdOutputLock, liveProcess, startCli } from "./helpers/processes.ts";
import { fixtureWorkspace, repoRoot, tempDir } from "./helpers/workspace.ts";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Asserts the site holds exactly what its manifest lists, each file at its listed size. */
async function expectWholeSite(site: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(site, ".portfolio-site.json"), "utf8")) as { files: Array<{ path: string; bytes: number }> };
  const entries = await readdir(site, { recursive: true, withFileTypes: true });
  const found = await Promise.all(entries.filter((e) => !e.isDirectory()).map(async (e) => {
    const file = join(e.parentPath, e.name);
    return { path: relative(site, file).split(sep).join("/"), bytes: (await lstat(file)).size };
  }));
  expect(found.filter((f) => f.path !== ".portfolio-site.json").sort((a, b) => a.path.localeCompare(b.path))).toEqual([...manifest.files].sort((a, b) => a.path.localeCompare(b.path)));
  expect(manifest.files.map((f) => f.path)).toContain("index.html");
}

describe("two builds into one output folder at once (issue 17: each removed the other's temporary folder, and both failed with ENOTEMPTY, \"This is a bug\")", () => {
  it("both succeed, one after the other, and leave the site whole", async () => {
    const ws = await fixtureWorkspace("clean");
    const site = join(await tempDir(), "_site");
    const args = ["build", "--no-pdf", "--dir", ws, "--out", site];
    const [first, second] = await Promise.all([startCli(args).done, startCli(args).done]);
    for (const run of [first, second]) {
      expect(run.stderr).not.toContain("unexpected failure");
      expect(run.stderr).toMatch(/Built \d+ pages into /);
      expect(run.status).toBe(0);
    }
    await expectWholeSite(site);
    expect(await readdir(dirname(site))).toEqual(["_site"]);
  });

  it("take turns once both are under way: each waits, saying for whom, then builds", async () => {
    const ws = await fixtureWorkspace("clean");
    const site = join(await tempDir(), "_site");
    expect(runCli(["build", "--no-pdf", "--dir", ws, "--out", site]).status).toBe(0);
    // A third process holds the folder until both builds have started and are waiting, so they overlap for certain.
    const holder = await holdOutputLock(site);
    const args = ["build", "--no-pdf", "--dir", ws, "--out", site];
    const builds = [startCli(args), startCli(args)];
    const waiting = `Another portfolio build (process ${holder.pid}) is writing to ${site}; waiting for it to finish, for at most 600 s (--wait SECONDS to change, Ctrl-C to stop).`;
    await Promise.all(builds.map((b) => b.saying(waiting)));
    // Neither wrote anything while it waited.
    expect((await readdir(dirname(site))).sort()).toEqual([".portfolio-lock-_site", "_site"]);
    await holder.release();
    const ended = await Promise.all(builds.map((b) => b.done));
    for (const run of ended) {
      expect(run.stderr).not.toContain("unexpected failure");
      expect(run.status).toBe(0);
    }
    await expectWholeSite(site);
    expect(await readdir(dirname(site))).toEqual(["_site"]);
  });

  it("with --wait 0, a build refuses at once, with exit 2, naming the process writing there; so does pdf into that site", async () => {
    const ws = await fixtureWorkspace("clean");
    const site = join(await tempDir(), "_site");
    expect(runCli(["build", "--no-pdf", "--dir", ws, "--out", site]).status).toBe(0);
    const before = await readFile(join(site, ".portfolio-site.json"), "utf8");
    const holder = await holdOutputLock(site);
    const build = runCli(["build", "--no-pdf", "--dir", ws, "--out", site, "--wait", "0"]);
    expect(build.stderr).toContain(`portfolio: Another portfolio build (process ${holder.pid}) is writing to ${site}, so nothing was written\n`);
    expect(build.stderr).toContain(`If no portfolio command is running, remove ${join(dirname(site), ".portfolio-lock-_site")}.`);
    expect(build.status).toBe(2);
    const pdf = runCli(["pdf", "--dir", ws, "--out", join(site, "portfolio.pdf"), "--wait", "0"]);
    expect(pdf.stderr).toContain(`portfolio: Another portfolio build (process ${holder.pid}) is writing to ${site}, so nothing was written`);
    expect(pdf.status).toBe(2);
    await holder.release();
    expect(await readFile(join(site, ".portfolio-site.json"), "utf8")).toBe(before);
    expect(await readdir(dirname(site))).toEqual(["_site"]);
  });

  it("takes over at once the lock of a build that was killed (SIGKILL), without waiting for it", async () => {
    const ws = await fixtureWorkspace("clean");
    const site = join(await tempDir(), "_site");
    const holder = await holdOutputLock(site);
    await holder.kill();
    expect(existsSync(join(dirname(site), ".portfolio-lock-_site"))).toBe(true);
    const build = runCli(["build", "--no-pdf", "--dir", ws, "--out", site, "--wait", "0"]);
    expect(build.stderr).not.toContain("Another portfolio");
    expect(build.status).toBe(0);
    await expectWholeSite(site);
    expect(await readdir(dirname(site))).toEqual(["_site"]);
  });

  it("removes a temporary folder left by a process that has ended, and leaves alone one whose process still runs", async () => {
    const ws = await fixtureWorkspace("clean");
    const parent = await tempDir();
    const site = join(parent, "_site");
    expect(runCli(["build", "--no-pdf", "--dir", ws, "--out", site]).status).toBe(0);
    const live = liveProcess();
    const dead = await endedProcess();
    const leftovers = {
      live: [`.portfolio-build-_site-${live.pid}-0123abcd`, `.portfolio-old-_site-${live.pid}-4567cdef`],
      dead: [`.portfolio-build-_site-${dead}-89abcdef`, `.portfolio-old-_site-${dead}-fedcba98`],
    };
    for (const name of [...leftovers.live, ...leftovers.dead]) {
      await mkdir(join(parent, name));
      await writeFile(join(parent, name, "index.html"), "being written");
    }
    // The folder of a build into another folder, whose name starts the same, is not this site's.
    const other = `.portfolio-build-_site-x-${dead}-0123abcd`;
    await mkdir(join(parent, other));
    expect(runCli(["build", "--no-pdf", "--dir", ws, "--out", site]).status).toBe(0);
    expect((await readdir(parent)).sort()).toEqual([other, ...leftovers.live, "_site"].sort());
    expect(await readFile(join(parent, leftovers.live[0]!, "index.html"), "utf8")).toBe("being written");

    await live.end();
    expect(runCli(["build", "--no-pdf", "--dir", ws, "--out", site]).status).toBe(0);
    expect((await readdir(parent)).sort()).toEqual([other, "_site"].sort());
    await expectWholeSite(site);
  });

  it("leaves alone the temporary file of a PDF or report another process is writing, and removes one whose process has ended", async () => {
    const dir = await tempDir();
    const live = liveProcess();
    const dead = await endedProcess();
    await writeFile(join(dir, `.report.json.${live.pid}.0123abcd.tmp`), "being written");
    await writeFile(join(dir, `.report.json.${dead}.89abcdef.tmp`), "left half written");
    await replaceFile(join(dir, "report.json"), "{}\n");
    expect((await readdir(dir)).sort()).toEqual([`.report.json.${live.pid}.0123abcd.tmp`, "report.json"]);
    await live.end();
  });

  // strace (installed by .ci/run) sees every system call the build makes: a missing one fails this, never skips it.
  it("flushes every file of the new site and its folders to the disk before the rename that swaps it in", async () => {
    const ws = await fixtureWorkspace("clean");
    const parent = await tempDir();
    const site = join(parent, "_site");
    const log = join(await tempDir(), "strace.log");
    const traced = spawnSync("strace", ["-f", "-y", "-qq", "-e", "trace=fsync,rename,renameat,renameat2", "-o", log, process.execPath, join(repoRoot, "bin", "portfolio.js"), "build", "--no-pdf", "--dir", ws, "--out", site], { encoding: "utf8" });
    expect(traced.status).toBe(0);
    const calls = (await readFile(log, "utf8")).split("\n");
    // Calls from several threads may be logged in two halves (`<unfinished ...>`): the first half is enough.
    const swap = calls.findIndex((line) => /rename\w*\(/.test(line) && new RegExp(`"${escape(parent)}/\\.portfolio-build-_site-\\d+-[0-9a-f]{8}", .*"${escape(site)}"`).test(line));
    expect(swap).toBeGreaterThan(-1);
    const synced = new Set(calls.slice(0, swap).flatMap((line) => /fsync\(\d+<([^>]+)>/.exec(line)?.[1] ?? []).map((path) => path.replace(/\/\.portfolio-build-_site-\d+-[0-9a-f]{8}/, "/_site")));
    const manifest = JSON.parse(await readFile(join(site, ".portfolio-site.json"), "utf8")) as { files: Array<{ path: string }> };
    for (const file of [...manifest.files.map((f) => f.path), ".portfolio-site.json"]) expect(synced).toContain(join(site, file));
    expect(synced).toContain(site);
    expect(synced).toContain(join(site, "reflections"));
    // And the rename itself, by flushing the folder it happened in.
    expect(calls.slice(swap).some((line) => line.includes(`fsync(`) && line.includes(`<${parent}>`))).toBe(true);
  });
});
