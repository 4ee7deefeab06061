import { describe, expect, it } from "vitest";
import { createMarkdown } from "../src/markdown/create-markdown.ts";

const render = (source: string) => createMarkdown().render(source, {});

describe("rendering learners' Markdown", () => {
  it("escapes raw HTML: no script, iframe or event handler survives", () => {
    const out = render('<script>alert(1)</script>\n\n<iframe src="file:///etc/passwd"></iframe>\n\nText <img src=x onerror="alert(1)"> inline.');
    expect(out).not.toMatch(/<script|<iframe|<img/i);
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("&lt;iframe src=&quot;file:///etc/passwd&quot;&gt;&lt;/iframe&gt;");
  });

  it.each([
    ["an inline link", "[click](javascript:alert(1))"],
    ["an autolink", "<javascript:alert(1)>"],
    ["a reference definition", "[click][x]\n\n[x]: javascript:alert(1)"],
    ["an entity-encoded scheme", "[click](&#106;avascript:alert(1))"],
    ["a scheme split by a tab", "[click](<java\tscript:alert(1)>)"],
    ["upper case", "[click](JAVASCRIPT:alert(1))"],
    ["a data: URL", "[click](data:text/html;base64,PHNjcmlwdD4=)"],
    ["a data: image", "![x](data:image/png;base64,iVBORw0KGgo=)"],
    ["a file: URL", "[passwd](file:///etc/passwd)"],
    ["a vbscript: URL", "[click](vbscript:msgbox)"],
  ])("does not render %s with a dangerous scheme as a link", (_kind, source) => {
    const out = render(source);
    expect(out).not.toMatch(/<a |<img /);
    expect(out).not.toMatch(/href=|src=/);
  });

  it("keeps ordinary links", () => {
    expect(render("[ICO](https://ico.org.uk/) and <https://example.org>")).toBe(
      '<p><a href="https://ico.org.uk/">ICO</a> and <a href="https://example.org">https://example.org</a></p>\n',
    );
  });

  it("shows template syntax literally", () => {
    expect(render("{{ 7 * 7 }} and {% raw %}")).toBe("<p>{{ 7 * 7 }} and {% raw %}</p>\n");
  });

  it("turns a trailing marker into a badge and leaves code alone", () => {
    const env = {};
    const md = createMarkdown();
    const out = md.render("Text. {ac=1.2}\n\n`{ac=2.1}`", env);
    expect(out).toContain('<p>Text. <span class="ac-badge ac-badge--unknown"><span class="visually-hidden">Evidence for criterion </span>AC 1.2</span></p>');
    expect(out).toContain("<code>{ac=2.1}</code>");
  });
});
