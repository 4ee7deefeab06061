import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { load, type CheerioAPI } from "cheerio";
import { beforeAll, describe, expect, it } from "vitest";
import { checkWorkspace, type CheckResult } from "../src/check/check-workspace.ts";
import { loadWorkspace } from "../src/workspace/load-workspace.ts";
import { runCli } from "./helpers/cli.ts";
import { tool } from "./helpers/pdf-tools.ts";
import { fixtureWorkspace, tempDir } from "./helpers/workspace.ts";

/** Every finding of a check as `file:line:column rule`. */
const rows = (result: CheckResult) => result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`);

/** Every file under `dir`, relative to it, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/** JavaScript that, if anything ever runs it, leaves a file named `name` in `dir`. */
const leavesMarker = (dir: string, name: string) => `process.getBuiltinModule("node:fs").writeFileSync(${JSON.stringify(join(dir, name))}, "ran")`;

const reflection = (title: string, body: string, extraFields = "") =>
  `---\ntitle: ${JSON.stringify(title)}\ndate: 2026-03-01\ncriteria: ["1.1"]\n${extraFields}---\n${body}\n\nText. {ac=1.1}\n`;

describe("hostile content: the payloads", () => {
  it("leave their file when something does run them, so the tests below can fail", async () => {
    const dir = await tempDir();
    new Function(leavesMarker(dir, "probe"))();
    expect(await readdir(dir)).toEqual(["probe"]);
  });
});

describe("hostile content: front matter in a language that could run", () => {
  const js = (markers: string, name: string) => `{\n  title: (${leavesMarker(markers, name)}, "Pwned"),\n  date: "2026-01-14",\n  criteria: ["1.1"]\n}`;
  const spellings: Array<{ file: string; open: string; crlf?: boolean; finding: string; language?: string }> = [
    { file: "js", open: "---js", finding: "1:4 front-matter-language", language: "js" },
    { file: "js-spaced", open: "--- js", finding: "1:5 front-matter-language", language: "js" },
    { file: "js-tab", open: "---\t js \t", finding: "1:6 front-matter-language", language: "js" },
    { file: "js-upper", open: "---JS", finding: "1:4 front-matter-language", language: "JS" },
    { file: "javascript", open: "---javascript", finding: "1:4 front-matter-language", language: "javascript" },
    { file: "coffee", open: "---coffee", finding: "1:4 front-matter-language", language: "coffee" },
    { file: "json", open: "---json", finding: "1:4 front-matter-language", language: "json" },
    { file: "toml", open: "---toml", finding: "1:4 front-matter-language", language: "toml" },
    { file: "ejs", open: "---ejs", finding: "1:4 front-matter-language", language: "ejs" },
    // An editor does not show the byte order mark, so it takes no column.
    { file: "js-bom", open: "\uFEFF---js", finding: "1:4 front-matter-language", language: "js" },
    { file: "js-crlf", open: "---js", crlf: true, finding: "1:4 front-matter-language", language: "js" },
    // A no-break space (pasted from a web page) looks like `--- js`, and gray-matter reads it so.
    { file: "js-no-break-space", open: "---\u00a0js", finding: "1:5 front-matter-language", language: "js" },
    // Other tools' delimiters (Hexo's JSON, Hugo's TOML) are not front matter at all here.
    { file: "hexo-json", open: ";;;", finding: "1:1 front-matter-missing" },
    { file: "hugo-toml", open: "+++", finding: "1:1 front-matter-missing" },
  ];

  let markers: string;
  let ws: string;
  let result: CheckResult;

  beforeAll(async () => {
    markers = await tempDir();
    const files = Object.fromEntries(spellings.map(({ file, open, crlf }) => {
      const close = open === ";;;" || open === "+++" ? open : "---";
      const text = `${open}\n${js(markers, file)}\n${close}\nIf this front matter ever runs, a file appears. {ac=1.1}\n`;
      return [`reflections/${file}.md`, crlf ? text.replace(/\n/g, "\r\n") : text];
    }));
    ws = await fixtureWorkspace("clean", files);
    result = checkWorkspace(await loadWorkspace(ws));
  });

  it.each(spellings)("refuses $open front matter at its place, in $file", ({ file, finding, language }) => {
    const found = result.diagnostics.filter((d) => d.file === `reflections/${file}.md`);
    expect(found.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([finding]);
    if (language) expect(found[0]!.message).toBe(`Front matter in \`${language}\` is refused and was not run; write it in YAML (a plain \`---\` line)`);
  });

  it("runs none of it through `portfolio check` or `portfolio build`", async () => {
    const site = join(await tempDir(), "_site");
    expect(runCli(["check", "--dir", ws]).status).toBe(1);
    const build = runCli(["build", "--no-pdf", "--dir", ws, "--out", site]);
    expect(build.status).toBe(1);
    expect(build.stderr).toContain("front-matter-language");
    expect(existsSync(site)).toBe(false);
    expect(await readdir(markers)).toEqual([]);
  });
});

describe("hostile content: a reflection's text, built into the site and the PDF", () => {
  const templates = [
    "{{ 7*7 }}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    '{{ "x" | upcase }}',
    "<%= 7*7 %>",
    "${7*7}",
    "{# a comment #}",
    '{{ range.constructor("return process")() }}',
    "{% include '/etc/passwd' %}",
  ];
  const rawHtml = [
    "<script>alert(1)</script>",
    '<iframe src="file:///etc/passwd"></iframe>',
    "<img src=x onerror=alert(1)>",
    '<object data="file:///etc/passwd"></object>',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<!-- a comment -->",
  ];
  // [source, what the page shows when the link is refused (entities decoded)]
  const links: Array<[string, string?]> = [
    ["[x](javascript:alert(1))"],
    ["[x](JaVaScRiPt:alert(1))"],
    ["[x]( javascript:alert(1))"],
    ["[x](java&#x09;script:alert(1))", "[x](java\tscript:alert(1))"],
    ["[x](&#106;avascript:alert(1))", "[x](javascript:alert(1))"],
    ["[x](javascript&colon;alert(1))", "[x](javascript:alert(1))"],
    ["[x](java%0ascript:alert(1))"],
    ["[x](<javascript:alert(1)>)"],
    ["[x](vbscript:msgbox(1))"],
    ["[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["[x](file:///etc/passwd)"],
    ["<javascript:alert(1)>"],
    ["<JaVaScRiPt:alert(1)>"],
    ["<vbscript:msgbox(1)>"],
    ["<file:///etc/passwd>"],
    ["[x][evil]"],
    ["[evil]: javascript:alert(1)"],
    ["[y][passwd]"],
    ["[passwd]: <file:///etc/passwd>"],
    ["![x](file:///etc/passwd)"],
    ["![x](javascript:alert(1))"],
    ["![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
    ["file:///etc/passwd"],
  ];
  const eleventyKeys = (outside: string) => [
    // As many `..` as any folder is deep, so the path lands in `outside` wherever the build runs.
    `permalink: ${"../".repeat(30)}${outside.slice(1)}/pwned.html`,
    "permalinkBypassOutputDir: true",
    "layout: ../../etc/passwd",
    "templateEngineOverride: njk,md",
    "eleventyExcludeFromCollections: true",
    "pagination: {data: collections.all, size: 1}",
    'eleventyComputed: {title: "{{ 7*7 }}"}',
  ];
  const passwd = readFileSync("/etc/passwd", "utf8").split("\n").filter((line) => line.trim() !== "");
  const passwdIn = (text: string) => passwd.filter((line) => text.includes(line));

  let markers: string;
  let outside: string;
  let ws: string;
  let root: string;
  let site: string;
  let result: CheckResult;
  const page = (slug: string): CheerioAPI => load(readFileSync(join(site, "reflections", slug, "index.html"), "utf8"));

  beforeAll(async () => {
    [markers, outside, root] = await Promise.all([tempDir(), tempDir(), tempDir()]);
    ws = await fixtureWorkspace("clean", {
      ...Object.fromEntries(templates.map((t, i) => [`reflections/template-${i}.md`, reflection(t, `${t}\n\n## ${t}`)])),
      ...Object.fromEntries(rawHtml.map((h, i) => [`reflections/html-${i}.md`, reflection(h, `${h}\n\n## ${h}\n\n| cell |\n| --- |\n| ${h} |`)])),
      "reflections/links.md": reflection("Links", links.map(([source]) => source).join("\n\n")),
      "reflections/eleventy-keys.md": reflection("Eleventy's keys", "Text.", `${eleventyKeys(outside).join("\n")}\n`),
      // Files Eleventy would run if it ever looked at the workspace or the folder it is run from.
      "reflections/page.11ty.js": `${leavesMarker(markers, "11ty.js")};\n`,
      "reflections/page.njk": `{{ "".constructor.constructor('${leavesMarker(markers, "njk").replace(/'/g, "\\'")}')() }}`,
      "_data/site.js": `${leavesMarker(markers, "data")};\n`,
      "eleventy.config.js": `${leavesMarker(markers, "config-in-workspace")};\n`,
    });
    await writeFile(join(dirname(ws), "eleventy.config.js"), `${leavesMarker(markers, "config-in-project")};\n`);
    await writeFile(join(dirname(ws), ".eleventy.js"), `${leavesMarker(markers, "eleventy-js-in-project")};\n`);
    result = checkWorkspace(await loadWorkspace(ws));
    site = join(root, "_site");
    // Run from the folder around the workspace, as a learner would; one PDF for the whole file.
    const build = runCli(["build", "--no-sign", "--dir", ws, "--out", site], { cwd: dirname(ws) });
    expect(build.stderr).toMatch(/Built \d+ pages into .*_site\/ and .*portfolio\.pdf/);
    expect(build.status).toBe(0);
  }, 120_000);

  it("finds nothing to report but Eleventy's keys, each an unknown field at its place, and each refused address", () => {
    const at = (line: number) => `reflections/eleventy-keys.md:${line}:1 field-unknown`;
    // Every link, image and definition with a refused address (not the uses of a definition, nor bare text).
    const refused = links.flatMap(([source], i) => (/^\[[xy]\]\[/.test(source) || source.startsWith("file:") ? [] : [`reflections/links.md:${6 + 2 * i}:1 link-refused`]));
    expect(rows(result)).toEqual([...eleventyKeys(outside).map((_, i) => at(5 + i)), ...refused]);
    const messages = result.diagnostics.filter((d) => d.rule === "link-refused").map((d) => d.message);
    expect(messages[0]).toBe("A `javascript:` address is never made a link (it could run code or hide content), so it is shown as text; link to a web page instead");
    expect(messages).toContain("`file:///etc/passwd` is a file on your computer, which no one else can open, so it is shown as text; put the file under `evidence/` and cite it in `evidence:`");
  });

  it.each(templates.map((t, i) => [t, i] as const))("shows %s literally in the title, a paragraph and a heading", (t, i) => {
    const $ = page(`template-${i}`);
    expect($("h1").text()).toBe(t);
    expect($("title").text()).toBe(`${t} · Test Learner's portfolio`);
    expect($(".body > p").first().text()).toBe(t);
    expect($(".body > h2").not("#account-heading").text()).toBe(t);
  });

  it.each(rawHtml.map((h, i) => [h, i] as const))("shows %s as text in the title, a paragraph, a heading and a table cell", (h, i) => {
    const $ = page(`html-${i}`);
    expect($("h1").text()).toBe(h);
    expect($(".body > p").first().text()).toBe(h);
    expect($(".body > h2").not("#account-heading").text()).toBe(h);
    expect($(".body td").text()).toBe(h);
  });

  it.each(links.map(([source, shown], i) => [source, shown ?? source, i] as const))("keeps %s as text", (_, shown, i) => {
    const paragraph = page("links")(".body > p").eq(i);
    expect(paragraph.text()).toBe(shown);
    expect(paragraph.find("a, img").length).toBe(0);
  });

  it("puts no script, frame, object or event handler, and no javascript:, vbscript:, data: or file: address, on any page", async () => {
    const refusedScheme = /^(?:javascript|vbscript|data|file):/;
    // As a browser reads an address: entities decoded (cheerio does), then percent-decoding, whitespace and controls dropped, any case.
    const dangerous = (url: string) => {
      let decoded = url;
      try { decoded = decodeURIComponent(url); } catch { /* kept as written */ }
      return [url, decoded].some((u) => refusedScheme.test(u.replace(/[\u0000-\u0020\u007f]+/g, "").toLowerCase()));
    };
    const pages = (await filesUnder(site)).filter((f) => f.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(templates.length + rawHtml.length);
    for (const file of pages) {
      const $ = load(await readFile(join(site, file), "utf8"));
      expect($("script, iframe, frame, object, embed, svg, base, meta[http-equiv]").length, file).toBe(0);
      const attributes = $("*").get().map((el) => $(el).attr() ?? {});
      expect(attributes.flatMap((a) => Object.keys(a).filter((name) => name.startsWith("on"))), file).toEqual([]);
      const addresses = attributes.flatMap((a) => ["href", "src", "data", "action", "formaction"].flatMap((name) => a[name] ?? []));
      expect(addresses.filter(dangerous), file).toEqual([]);
      expect(passwdIn($.html()), file).toEqual([]);
    }
  });

  it("prints the same text into the PDF, with nothing of /etc/passwd, no outside link and no request outside", async () => {
    const pdf = join(site, "portfolio.pdf");
    const text = tool("pdftotext", ["-layout", pdf, "-"]).stdout;
    expect(text).toContain('<iframe src="file:///etc/passwd"></iframe>');
    expect(text).toContain("{{ 7*7 }}");
    expect(passwdIn(text)).toEqual([]);
    const objects = tool("qpdf", ["--json", "--json-key=qpdf", pdf]).stdout;
    expect(objects).not.toMatch(/"\/(?:JavaScript|JS|Launch|URI)"/);
    expect(JSON.parse(await readFile(join(site, "report.json"), "utf8")).blockedRequests).toEqual([]);
  });

  it("writes each reflection at its own page in the output folder, whatever its front matter says", async () => {
    const reflections = (await readdir(join(ws, "reflections"))).filter((f) => f.endsWith(".md")).map((f) => `reflections/${f.slice(0, -3)}/index.html`);
    expect(await filesUnder(site)).toEqual(
      [".portfolio-site.json", "assets/site.css", "index.html", "matrix/index.html", "portfolio.pdf", "report.json", "units/r-600-9587/index.html", ...reflections].sort(),
    );
    expect(page("eleventy-keys")("h1").text()).toBe("Eleventy's keys");
    expect(await readdir(root)).toEqual(["_site"]);
    expect(await readdir(outside)).toEqual([]);
  });

  it("runs no Eleventy configuration, data file or template found in the workspace or the folder it is built from", async () => {
    expect(await readdir(markers)).toEqual([]);
  });

  it("lists in its manifest the files it wrote, by their place in the site", async () => {
    const manifest = JSON.parse(await readFile(join(site, ".portfolio-site.json"), "utf8")) as { files: Array<{ path: string }> };
    expect(manifest.files.map((f) => f.path)).toEqual((await filesUnder(site)).filter((f) => f !== ".portfolio-site.json"));
  });
});
