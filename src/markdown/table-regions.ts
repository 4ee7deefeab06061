import type MarkdownIt from "markdown-it";

type Rule = NonNullable<MarkdownIt["renderer"]["rules"]["table_open"]>;

export interface TableRegionEnv {
  /** How many tables the document has rendered so far. */
  tables?: number;
}

/**
 * A learner's table, in a region that scrolls sideways when the table is wider than the
 * page (site.css `.table-scroll`), so that on a phone the page itself never does; the same
 * markup as src/html/scroll-region.ts. The region can take the keyboard's focus, to be
 * scrolled without a pointer, and is named by its place ("Table 2"): a Markdown table has
 * no caption, and a name taken from its cells could carry a contact's name around the
 * contacts plugin. Per-document count in `env`; override `table_open`/`table_close` to change.
 */
export function tableRegionsPlugin(md: MarkdownIt): void {
  const own: Rule = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options);
  const open = md.renderer.rules.table_open ?? own;
  const close = md.renderer.rules.table_close ?? own;

  md.renderer.rules.table_open = (tokens, idx, options, env: TableRegionEnv, self) => {
    env.tables = (env.tables ?? 0) + 1;
    return `<div class="table-scroll" role="region" aria-label="Table ${env.tables}" tabindex="0">\n${open(tokens, idx, options, env, self)}`;
  };
  md.renderer.rules.table_close = (tokens, idx, options, env, self) => `${close(tokens, idx, options, env, self)}</div>\n`;
}
