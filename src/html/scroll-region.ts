import { html, type SafeHtml } from "./html.ts";

/**
 * A table that may be wider than a phone's screen, in its own region that scrolls sideways,
 * so the page itself never does. The region is named by the element `labelledBy` gives (the
 * table's caption, where it has one) and can take the keyboard's focus, so it can be scrolled without a pointer (the pattern of Adrian
 * Roselli's "Under-Engineered Responsive Tables"). site.css keeps the row headers in view.
 */
export function scrollRegion(labelledBy: string, table: SafeHtml): SafeHtml {
  return html`<div class="table-scroll" role="region" aria-labelledby="${labelledBy}" tabindex="0">
${table}
</div>`;
}
