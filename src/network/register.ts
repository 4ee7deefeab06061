import { FileReport, type Position } from "../diagnostics/diagnostic.ts";
import { invisibleIn } from "../text/invisible.ts";
import { letters } from "../text/format.ts";
import { Fields } from "../yaml/fields.ts";
import dateInvalid from "../diagnostics/rules/date-invalid.ts";
import fieldInvalid from "../diagnostics/rules/field-invalid.ts";
import yamlDuplicateKey from "../diagnostics/rules/yaml-duplicate-key.ts";
import { isCalendarDate } from "../text/iso-date.ts";
import { YamlDocument, type Node } from "../yaml/yaml-document.ts";

export const REGISTER_FILE = "network/contacts.yaml";
export const NETWORK_KINDS = ["online", "face-to-face", "professional body", "formal meeting"] as const;
export const DIRECTIONS = ["given", "received"] as const;

export interface Exchange {
  date: string;
  direction: (typeof DIRECTIONS)[number];
  what: string;
  value: number;
}

export interface Contact {
  id: string;
  name: string;
  organisation: string;
  /** "a regional bank": what the pseudonym says instead of the organisation's name. */
  organisationKind: string | undefined;
  role: string;
  networks: string[];
  /** The contact agreed to be named in the portfolio. */
  consent: boolean;
  exchanges: Exchange[];
  at: Position;
  /** Stable letter for the pseudonym, by the contact's place in the register: A, B, ... Z, AA. */
  letter: string;
}

export interface Network {
  name: string;
  kind: (typeof NETWORK_KINDS)[number] | undefined;
  costPerYear: number | undefined;
  /** The learner's rating of its value, 1 to 5. */
  value: number | undefined;
}

export interface Register {
  contacts: Contact[];
  networks: Network[];
}

export const CONTACT_ID = /^[a-z][a-z0-9_-]*$/;

/** Reads `network/contacts.yaml`: the contacts and networks, with findings where they are wrong. */
export function readRegister(text: string): { register: Register; report: FileReport } {
  const report = new FileReport(REGISTER_FILE);
  const register: Register = { contacts: [], networks: [] };
  const doc = new YamlDocument(text, report);
  if (!doc.ok) return { register, report };
  const fields = Fields.of(doc, doc.root, REGISTER_FILE, { line: 1, column: 1 });
  if (!fields) return { register, report };
  fields.warnUnknownKeys(["contacts", "networks"]);

  for (const item of fields.list("networks")?.items ?? []) {
    const n = Fields.of(doc, item as Node, "a network", fields.at);
    if (!n) continue;
    n.warnUnknownKeys(["name", "kind", "cost", "value"]);
    const name = n.text("name", { required: "Tenancy sustainment forum" });
    const value = n.integer("value");
    if (value && (value.value < 1 || value.value > 5)) report.add(fieldInvalid, value.at, { kind: "outOfRange", key: "value", min: 1, max: 5, found: value.value });
    if (name) register.networks.push({ name: name.value, kind: n.oneOf("kind", NETWORK_KINDS)?.value, costPerYear: n.integer("cost")?.value, value: value?.value });
  }

  const ids = new Set<string>();
  for (const item of fields.list("contacts")?.items ?? []) {
    const c = Fields.of(doc, item as Node, "a contact", fields.at);
    if (!c) continue;
    c.warnUnknownKeys(["id", "name", "organisation", "organisation_kind", "role", "networks", "consent", "exchanges"]);
    const id = c.text("id", { required: "jsmith" });
    const name = c.text("name", { required: "the contact's full name" });
    const role = c.text("role", { required: "finance director" });
    const hidden = id && invisibleIn(id.value);
    if (id && hidden) {
      report.add(fieldInvalid, id.at, { kind: "invisible", of: "contactId", written: id.value, hidden });
    } else if (id && !CONTACT_ID.test(id.value)) {
      report.add(fieldInvalid, id.at, { kind: "contactId", written: id.value });
    } else if (id && ids.has(id.value)) {
      report.add(yamlDuplicateKey, id.at, { kind: "contact", id: id.value });
    }
    const networks = c.textList("networks").map((n) => n.value);
    for (const network of c.textList("networks")) {
      if (register.networks.length && !register.networks.some((n) => n.name === network.value)) {
        report.add(fieldInvalid, network.at, { kind: "networkUnknown", written: network.value });
      }
    }
    const exchanges: Exchange[] = [];
    for (const entry of c.list("exchanges")?.items ?? []) {
      const e = Fields.of(doc, entry as Node, "an exchange", c.at);
      if (!e) continue;
      e.warnUnknownKeys(["date", "direction", "what", "value"]);
      const date = e.text("date", { required: "2026-03-01" });
      const laidOut = date && /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.value);
      if (date && !(laidOut && isCalendarDate(Number(laidOut[1]), Number(laidOut[2]), Number(laidOut[3])))) report.add(dateInvalid, date.at, { written: date.value, laidOut: Boolean(laidOut) });
      const direction = e.oneOf("direction", DIRECTIONS);
      const value = e.integer("value", { required: "3" });
      if (value && (value.value < 1 || value.value > 5)) report.add(fieldInvalid, value.at, { kind: "outOfRange", key: "value", min: 1, max: 5, found: value.value });
      const what = e.text("what", { required: "an introduction to ..." });
      if (date && direction && value && what) exchanges.push({ date: date.value, direction: direction.value, what: what.value, value: value.value });
    }
    if (!id || !name || !role || ids.has(id.value) || !CONTACT_ID.test(id.value)) continue;
    ids.add(id.value);
    register.contacts.push({
      id: id.value,
      name: name.value,
      organisation: c.text("organisation")?.value ?? "",
      organisationKind: c.text("organisation_kind")?.value,
      role: role.value,
      networks,
      consent: c.boolean("consent")?.value ?? false,
      exchanges,
      at: id.at,
      letter: letters(register.contacts.length),
    });
  }
  return { register, report };
}

/** How a contact appears in what is shared: their name with consent, else a stable pseudonym. */
export function displayName(contact: Contact): string {
  if (contact.consent) return contact.name;
  return `Contact ${contact.letter}, ${contact.role} at ${contact.organisationKind ?? "another organisation"}`;
}

/** The words a contact's name may be written as: the full name, and the surname. */
export function nameForms(contact: Contact): string[] {
  const parts = contact.name.split(/\s+/).filter(Boolean);
  const surname = parts.length > 1 ? parts.at(-1)! : undefined;
  return [contact.name, ...(surname && surname.length > 2 ? [surname] : [])];
}
