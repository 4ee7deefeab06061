import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MANIFEST, replaceAtomically } from "../src/site/output-dir.ts";
import { tempDir } from "./helpers/workspace.ts";

async function writeSite(dir: string, page: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "index.html"), page);
  return [join(dir, "index.html")];
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
    await writeSite(out, "current");
    await writeSite(join(parent, ".portfolio-old-_site-cafebabe"), "replaced, not yet removed");
    await replaceAtomically(out, (temp) => writeSite(temp, "new"), "1.0.0");
    expect(await readdir(parent)).toEqual(["_site"]);
    expect(existsSync(join(out, "index.html"))).toBe(true);
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
