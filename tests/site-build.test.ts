import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { load, type CheerioAPI } from "cheerio";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { fixtureWorkspace, repoRoot, tempDir } from "./helpers/workspace.ts";

/** Reads a built page and resolves its relative links to site paths. */
async function readPage(site: string, path: string): Promise<CheerioAPI> {
  return load(await readFile(join(site, path), "utf8"));
}

function resolveLink(fromPage: string, href: string): { page: string; hash: string } {
  const [path, hash = ""] = href.split("#") as [string, string?];
  const target = path === "" ? fromPage : posix.normalize(posix.join(posix.dirname(fromPage), path!));
  return { page: target.endsWith("/") || target.endsWith(".") ? posix.join(target, "index.html") : target, hash: hash! };
}

describe("building the sample portfolio", () => {
  let site: string;
  let reflectionFiles: string[];

  beforeAll(async () => {
    site = join(await tempDir(), "_site");
    const { status, stderr } = runCli(["build", "--no-pdf", "--dir", "portfolio", "--out", site]);
    expect(stderr).toMatch(/Built \d+ pages into .*_site\/ in [\d.]+ s/);
    expect(status).toBe(0);
    reflectionFiles = (await readdir(join(repoRoot, "portfolio", "reflections"))).filter((f) => f.endsWith(".md"));
  });

  it("writes every page kind, the stylesheet, the evidence files and a manifest", async () => {
    const expected = [
      "index.html",
      "matrix/index.html",
      "network/index.html",
      "units/r-600-9587/index.html",
      "units/j-506-1949/index.html",
      "assets/site.css",
      "evidence/network-map-2026-01.csv",
      "evidence/network-diagram-2026-08.svg",
      ".portfolio-site.json",
      ...reflectionFiles.map((f) => `reflections/${f.replace(/\.md$/, "")}/index.html`),
    ];
    for (const file of expected) expect(existsSync(join(site, file)), file).toBe(true);
    const manifest = JSON.parse(await readFile(join(site, ".portfolio-site.json"), "utf8"));
    expect(manifest.tool).toBe("portfolio");
    // Every file of the site, by its place in it: what the next build may replace.
    const written = (await readdir(site, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => posix.relative(site, join(e.parentPath, e.name)));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(written.filter((f) => f !== ".portfolio-site.json").sort());
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(expected.filter((f) => f !== ".portfolio-site.json")));
  });

  it("shows the learner, each unit's progress, the draft and no gaps on the dashboard", async () => {
    const $ = await readPage(site, "index.html");
    expect($("h1").text()).toBe("Portfolio of Priya Shah");
    expect($(".facts").text()).toContain("4821");
    expect($(".unit-cards li").map((_, li) => $(li).find(".progress span").text().trim()).get()).toEqual([
      "7 of 7 criteria evidenced ✓ complete",
      "16 of 16 criteria evidenced ✓ complete",
    ]);
    expect($(".all-covered").text()).toContain("Every criterion of every registered unit is evidenced");
    expect($("table.reflections tbody tr")).toHaveLength(reflectionFiles.length);
    expect($("table.reflections .draft-flag")).toHaveLength(1);
    expect($("main").length).toBe(1);
    expect($("nav[aria-label]").length).toBe(1);
  });

  it("links every criterion both ways: unit page to marked place, badge back to the criterion", async () => {
    let checkedLinks = 0;
    for (const unit of ["units/r-600-9587/index.html", "units/j-506-1949/index.html"]) {
      const $ = await readPage(site, unit);
      const criteria = $("article.criterion");
      expect(criteria.length).toBeGreaterThan(0);
      for (const article of criteria.toArray()) {
        const id = $(article).attr("id")!;
        const links = $(article).find("ul.evidence a").toArray();
        expect(links.length, `${unit}#${id} has evidence`).toBeGreaterThan(0);
        for (const a of links) {
          const { page, hash } = resolveLink(unit, $(a).attr("href")!);
          const $target = await readPage(site, page);
          const badge = $target(`[id="${hash}"]`);
          expect(badge.length, `${page}#${hash}`).toBe(1);
          // ...and the badge at that place links back to this very criterion.
          const back = resolveLink(page, badge.attr("href")!);
          expect(back).toEqual({ page: unit, hash: id });
          checkedLinks += 1;
        }
      }
    }
    expect(checkedLinks).toBeGreaterThan(50);
  });

  it("shows a reflection's metadata, evidence files and badges", async () => {
    const $ = await readPage(site, "reflections/2026-02-03-choosing-which-networks-to-develop/index.html");
    expect($("h1").text()).toBe("Choosing which networks to develop, and why");
    expect($(".facts").text()).toContain("3 February 2026");
    expect($(".evidence-files a").attr("href")).toBe("../../evidence/network-map-2026-01.csv");
    expect($(".body .ac-badge").length).toBeGreaterThan(4);
    expect($(".criteria-evidenced li").first().text()).toContain("R/600/9587 1.2");
  });

  it("offers evidence a browser would run (an SVG drawing, a saved web page) to download, not to open in the site", async () => {
    const $ = await readPage(site, "reflections/2026-08-18-six-month-review-of-my-networks/index.html");
    const links = $(".evidence-files a").get().map((a) => ({ href: $(a).attr("href"), download: $(a).attr("download") !== undefined }));
    expect(links).toContainEqual({ href: "../../evidence/network-diagram-2026-08.svg", download: true });
    expect(links.filter((l) => !l.href!.endsWith(".svg")).every((l) => !l.download)).toBe(true);
  });

  it("marks a draft as not counting", async () => {
    const draft = reflectionFiles.find((f) => f.includes("peer-learning"))!;
    const $ = await readPage(site, `reflections/${draft.replace(/\.md$/, "")}/index.html`);
    expect($(".notice").text()).toContain("does not count towards coverage");
  });

  it("gives the coverage matrix real tables with row and column headers", async () => {
    const $ = await readPage(site, "matrix/index.html");
    const tables = $("table.matrix");
    expect(tables).toHaveLength(2);
    expect(tables.first().find("caption").text()).toBe("R/600/9587: 7 of 7 criteria evidenced, by reflection");
    expect(tables.first().find("tbody th[scope=row]")).toHaveLength(7);
    expect(tables.first().find("thead th[scope=col]").length).toBeGreaterThan(2);
    expect(tables.first().find("td.hit .visually-hidden").first().text()).toBe("evidenced");
  });
});

describe("a build that must not happen", () => {
  it("stops on errors and leaves the previous site exactly as it was", async () => {
    const site = join(await tempDir(), "_site");
    expect(runCli(["build", "--no-pdf", "--out", site]).status).toBe(0);
    const before = await readFile(join(site, "index.html"), "utf8");
    const beforeTime = (await stat(join(site, "index.html"))).mtimeMs;

    const broken = await fixtureWorkspace("criterion-unknown");
    const { status, stderr } = runCli(["build", "--no-pdf", "--dir", broken, "--out", site]);
    expect(status).toBe(1);
    expect(stderr).toContain("4:17  error    Unknown criterion `1.9`");
    expect(stderr).toContain("The workspace has 2 errors, so the site was not built");
    expect(await readFile(join(site, "index.html"), "utf8")).toBe(before);
    expect((await stat(join(site, "index.html"))).mtimeMs).toBe(beforeTime);
    expect((await readdir(dirname(site))).filter((f) => f.startsWith(".portfolio-"))).toEqual([]);
  });

  it("replaces a previous site whole, dropping pages that no longer exist", async () => {
    const site = join(await tempDir(), "_site");
    expect(runCli(["build", "--no-pdf", "--out", site]).status).toBe(0);
    const clean = await fixtureWorkspace("clean");
    expect(runCli(["build", "--no-pdf", "--dir", clean, "--out", site]).status).toBe(0);
    expect(await readdir(join(site, "reflections"))).toEqual(["all"]);
  });

  it.each([
    ["the workspace itself", (ws: string) => ws, "it is the workspace, which holds your sources"],
    ["a folder inside the workspace", (ws: string) => join(ws, "site"), "it is inside the workspace"],
    ["a folder around the workspace", (ws: string) => dirname(ws), "the workspace is inside it"],
    ["a project folder", () => repoRoot, "it holds package.json, so it looks like a project folder"],
    ["the home folder", () => process.env.HOME ?? tmpdir(), "it is your home folder"],
  ])("refuses to write into %s", async (_name, out, reason) => {
    const ws = await fixtureWorkspace("clean");
    const target = out(ws);
    const { status, stderr } = runCli(["build", "--no-pdf", "--dir", ws, "--out", target]);
    expect(status).toBe(2);
    expect(stderr).toContain(`Refusing to write the site to ${target}`);
    expect(stderr).toContain(reason);
    expect(existsSync(join(ws, "portfolio.yaml"))).toBe(true);
  });

  it("refuses a non-empty folder it did not create, and leaves its files alone", async () => {
    const out = join(await tempDir(), "notes");
    await mkdir(out);
    await writeFile(join(out, "thesis.docx"), "precious");
    const { status, stderr } = runCli(["build", "--no-pdf", "--out", out]);
    expect(status).toBe(2);
    expect(stderr).toContain("it is not empty and was not built by this tool (it has no .portfolio-site.json)");
    expect(await readdir(out)).toEqual(["thesis.docx"]);
  });
});

describe("hostile reflections", () => {
  it("builds a script tag, a javascript: link and template syntax as inert text", async () => {
    const ws = await fixtureWorkspace("clean", {
      "reflections/hostile.md": [
        "---",
        "title: <script>alert('title')</script>",
        "date: 2026-01-15",
        'criteria: ["1.1"]',
        "---",
        "<script>alert('body')</script>",
        "",
        "[click me](javascript:alert(1)) and <javascript:alert(2)>",
        "",
        "{{ 7 * 7 }} {% include '/etc/passwd' %} {{ page.inputPath }} {ac=1.1}",
        "",
      ].join("\n"),
    });
    const site = join(await tempDir(), "_site");
    const { status, stderr } = runCli(["build", "--no-pdf", "--dir", ws, "--out", site]);
    expect(stderr).toContain("0 errors");
    expect(status).toBe(0);
    const page = await readFile(join(site, "reflections", "hostile", "index.html"), "utf8");
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/href="javascript:/i);
    expect(page).toContain("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;");
    expect(page).toContain("<p>&lt;script&gt;alert('body')&lt;/script&gt;</p>");
    expect(page).toContain("{{ 7 * 7 }} {% include '/etc/passwd' %} {{ page.inputPath }}");
    expect(page).not.toContain("49");
    const dashboard = await readFile(join(site, "index.html"), "utf8");
    expect(dashboard).not.toMatch(/<script/i);
  });

  it("never runs ---js front matter that would write a file, and does not build", async () => {
    const marker = join(tmpdir(), "portfolio-pwned-by-front-matter");
    const ws = await fixtureWorkspace("front-matter-language");
    const site = join(await tempDir(), "_site");
    const { status, stderr } = runCli(["build", "--no-pdf", "--dir", ws, "--out", site]);
    expect(status).toBe(1);
    expect(stderr).toContain("front-matter-language");
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(site)).toBe(false);
  });
});

describe("reflections in subfolders", () => {
  it("gives same-named reflections in different folders their own pages", async () => {
    const body = (title: string) => ["---", `title: ${title}`, "date: 2026-01-20", 'criteria: ["1.1"]', "---", "Text. {ac=1.1}", ""].join("\n");
    const ws = await fixtureWorkspace("clean", { "reflections/notes.md": body("Top level"), "reflections/term-2/notes.md": body("In a folder") });
    const site = join(await tempDir(), "_site");
    expect(runCli(["build", "--no-pdf", "--dir", ws, "--out", site]).status).toBe(0);
    expect((await readdir(join(site, "reflections"))).sort()).toEqual(["all", "notes", "term-2-notes"]);
    expect(await readFile(join(site, "reflections", "term-2-notes", "index.html"), "utf8")).toContain("<h1>In a folder</h1>");
  });
});
