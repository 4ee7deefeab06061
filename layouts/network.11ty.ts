import { html } from "../src/html/html.ts";
import { monitoringSections } from "../src/network/monitoring-html.ts";
import { page } from "./_lib/page.ts";
import type { PageData } from "./_lib/page-data.ts";

/** Network monitoring: the register (pseudonymised), exchanges over time, balances, cost against value. */
export default class NetworkPage {
  data() {
    return {
      permalink: ({ portfolio }: PageData) => (portfolio.monitoring ? "/network/index.html" : false),
    };
  }

  render({ portfolio, page: { url } }: PageData): string {
    // Without a register the page is not written (permalink false), but Eleventy still renders it.
    if (!portfolio.monitoring) return "";
    const body = html`<h1>Network monitoring</h1>
${monitoringSections(portfolio.monitoring, 2, "network")}`;
    return page({ url, title: "Network monitoring", portfolio, body });
  }
}
