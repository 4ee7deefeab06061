import { displayName, type Contact, type Network, type Register } from "./register.ts";

export interface Flow {
  count: number;
  /** The sum of the exchanges' values (1 to 5 each). */
  value: number;
}

export interface ContactSummary {
  contact: Contact;
  /** Name with consent, pseudonym otherwise. */
  shown: string;
  given: Flow;
  received: Flow;
  last: string | undefined;
}

export interface NetworkSummary {
  name: string;
  network: Network | undefined;
  contacts: number;
  given: Flow;
  received: Flow;
  /** Value received per £100 of cost a year, where the network costs money. */
  valuePer100: number | undefined;
}

export interface MonthSummary {
  month: string;
  given: Flow;
  received: Flow;
}

export interface Monitoring {
  contacts: ContactSummary[];
  networks: NetworkSummary[];
  months: MonthSummary[];
  given: Flow;
  received: Flow;
}

const empty = (): Flow => ({ count: 0, value: 0 });
const add = (flow: Flow, value: number) => { flow.count += 1; flow.value += value; };

/**
 * The monitoring evidence R/600/9587 asks for, from the register: what was given and
 * received per contact, per network and per month, and each network's cost against value.
 */
export function monitoring(register: Register): Monitoring {
  const result: Monitoring = { contacts: [], networks: [], months: [], given: empty(), received: empty() };
  const byNetwork = new Map<string, NetworkSummary>();
  for (const network of register.networks) byNetwork.set(network.name, { name: network.name, network, contacts: 0, given: empty(), received: empty(), valuePer100: undefined });
  const byMonth = new Map<string, MonthSummary>();

  for (const contact of register.contacts) {
    const summary: ContactSummary = { contact, shown: displayName(contact), given: empty(), received: empty(), last: undefined };
    for (const exchange of contact.exchanges) {
      add(summary[exchange.direction], exchange.value);
      add(result[exchange.direction], exchange.value);
      const month = exchange.date.slice(0, 7);
      if (!byMonth.has(month)) byMonth.set(month, { month, given: empty(), received: empty() });
      add(byMonth.get(month)![exchange.direction], exchange.value);
      if (!summary.last || exchange.date > summary.last) summary.last = exchange.date;
      for (const name of contact.networks) {
        if (!byNetwork.has(name)) byNetwork.set(name, { name, network: undefined, contacts: 0, given: empty(), received: empty(), valuePer100: undefined });
        add(byNetwork.get(name)![exchange.direction], exchange.value);
      }
    }
    for (const name of contact.networks) if (byNetwork.has(name)) byNetwork.get(name)!.contacts += 1;
    result.contacts.push(summary);
  }
  for (const summary of byNetwork.values()) {
    const cost = summary.network?.costPerYear;
    summary.valuePer100 = cost ? Math.round((summary.received.value / cost) * 1000) / 10 : undefined;
  }
  result.networks = [...byNetwork.values()];
  result.months = [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
  return result;
}
