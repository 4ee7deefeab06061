import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertSafeOutputDir, MANIFEST, replaceAtomically } from "../src/site/output-dir.ts";
import { tempDir } from "./helpers/workspace.ts";

async function writeSite(dir: string, page: string, more: Record<string, string> = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "index.html"), page);
  for (const [file, text] of Object.entries(more)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
}

describe("replacing a site", () => {
  it("keeps the previous site whole when a build fails half-way, and cleans up after itself", async () => {
    const parent = await tempDir();
    const out = join(parent, "_site");
    await replaceAtomically(out, (temp) => writeSite(temp, "good"), "1.0.0");

    await expect(
      replaceAtomically(out, async (temp) => {
        await writeSite(temp, "half");
        throw new Error("the browser died");
      }, "1.0.0"),
    ).rejects.toThrow("the browser died");

    expect(await readFile(join(out, "index.html"), "utf8")).toBe("good");
    expect(await readdir(parent)).toEqual(["_site"]);
  });

  it("swaps in a complete new site with its manifest", async () => {
    const parent = await tempDir();
    const out = join(parent, "_site");
    await replaceAtomically(out, (temp) => writeSite(temp, "first"), "1.0.0");
    await replaceAtomically(out, (temp) => writeSite(temp, "second"), "1.0.1");
    expect(await readFile(join(out, "index.html"), "utf8")).toBe("second");
    const manifest = JSON.parse(await readFile(join(out, MANIFEST), "utf8"));
    expect(manifest).toMatchObject({ tool: "portfolio", version: "1.0.1" });
    expect(await readdir(parent)).toEqual(["_site"]);
  });

  it("removes the leftovers of an interrupted earlier build on the next run", async () => {
    const parent = await tempDir();
    const out = join(parent, "_site");
    await writeSite(join(parent, ".portfolio-build-_site-deadbeef"), "killed mid-write");
    await replaceAtomically(out, (temp) => writeSite(temp, "current"), "1.0.0");
    await writeSite(join(parent, ".portfolio-old-_site-cafebabe"), "replaced, not yet removed");
    await replaceAtomically(out, (temp) => writeSite(temp, "new"), "1.0.0");
    expect(await readdir(parent)).toEqual(["_site"]);
    expect(existsSync(join(out, "index.html"))).toBe(true);
  });

  it("lists every file it wrote in the manifest, relative to the site, with its size", async () => {
    const out = join(await tempDir(), "_site");
    await replaceAtomically(out, (temp) => writeSite(temp, "home", { "assets/site.css": "body{}", "evidence/map.csv": "a,b\n" }), "1.0.0");
    expect(JSON.parse(await readFile(join(out, MANIFEST), "utf8")).files).toEqual([
      { path: "assets/site.css", bytes: 6 },
      { path: "evidence/map.csv", bytes: 4 },
      { path: "index.html", bytes: 4 },
    ]);
  });

  it("removes what the previous build wrote and this one does not (stale pages)", async () => {
    const out = join(await tempDir(), "_site");
    await replaceAtomically(out, (temp) => writeSite(temp, "first", { "reflections/renamed/index.html": "old page" }), "1.0.0");
    await replaceAtomically(out, (temp) => writeSite(temp, "second"), "1.0.0");
    expect(existsSync(join(out, "reflections"))).toBe(false);
  });

  it("refuses to replace a site holding a file it did not write, or a file changed since (a PDF signed in place)", async () => {
    const out = join(await tempDir(), "_site");
    await replaceAtomically(out, (temp) => writeSite(temp, "built", { "portfolio.pdf": "%PDF unsigned" }), "1.0.0");
    await writeFile(join(out, "notes.docx"), "the learner's own notes");
    await expect(replaceAtomically(out, (temp) => writeSite(temp, "next"), "1.0.0")).rejects.toThrow(
      `Refusing to write the site to ${out}: it holds files this tool did not write (notes.docx)`,
    );
    await rm(join(out, "notes.docx"));
    await writeFile(join(out, "portfolio.pdf"), "%PDF unsigned, then signed by the assessor");
    await expect(assertSafeOutputDir(out, await tempDir())).rejects.toThrow("files it wrote have changed since (portfolio.pdf)");
    await expect(replaceAtomically(out, (temp) => writeSite(temp, "next"), "1.0.0")).rejects.toThrow("files it wrote have changed since (portfolio.pdf)");
    expect(await readFile(join(out, "portfolio.pdf"), "utf8")).toBe("%PDF unsigned, then signed by the assessor");
    expect(await readFile(join(out, "index.html"), "utf8")).toBe("built");
    expect(await readdir(dirname(out))).toEqual(["_site"]);
  });

  it("notices a file dropped into the site while it was being built", async () => {
    const out = join(await tempDir(), "_site");
    await replaceAtomically(out, (temp) => writeSite(temp, "built"), "1.0.0");
    await expect(replaceAtomically(out, async (temp) => {
      await writeSite(temp, "next");
      await writeFile(join(out, "dropped-in.txt"), "saved here during the build");
    }, "1.0.0")).rejects.toThrow("it holds files this tool did not write (dropped-in.txt)");
    expect(await readFile(join(out, "dropped-in.txt"), "utf8")).toBe("saved here during the build");
  });
});

describe("a build interrupted between its two renames", () => {
  it("puts the previous site back before anything else, so a failing rebuild still leaves it", async () => {
    const parent = await tempDir();
    const out = join(parent, "_site");
    await writeSite(join(parent, ".portfolio-old-_site-cafebabe"), "previous, moved aside");
    await writeSite(join(parent, ".portfolio-build-_site-deadbeef"), "new, complete but not swapped in");
    await expect(replaceAtomically(out, async () => { throw new Error("disk full"); }, "1.0.0")).rejects.toThrow("disk full");
    expect(await readFile(join(out, "index.html"), "utf8")).toBe("previous, moved aside");
    expect(await readdir(parent)).toEqual(["_site"]);
  });
});
