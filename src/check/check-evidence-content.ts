import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { describePlace, placeAt, type Place } from "../evidence/evidence.ts";
import { nameForms, type Contact } from "../network/register.ts";
import { NameMatcher } from "../text/name-matcher.ts";
import { andList, code } from "../text/suggest.ts";
import type { CheckContext } from "./check-context.ts";
import { rules, type RuleId } from "../diagnostics/rules.ts";
import { firstNameMatcher, KnownPeople, namesMayBeShown, personMessage } from "./known-people.ts";

/**
 * What is inside each evidence file a shared reflection cites: the name of a contact who
 * has not agreed to be named is an error at its place in the file (the file is copied
 * into the site and the PDF as it is, so it cannot be shown otherwise); a first name of
 * such a contact, a name not in the register, a photo that records where it was taken,
 * and a file that could not be read for names are warnings. Each name is reported once
 * per file, at its first place, with how many more places hold it; findings follow the
 * file's order.
 */
export function checkEvidenceContent(context: CheckContext): void {
  const evidence = context.workspace.evidence;
  if (!evidence) return;
  const { workspace } = context;
  const unconsented = workspace.register.contacts.filter((c) => !c.consent);
  // Names that may be shown are found too, so that "Imogen Quennell" (who consented) is not
  // taken for the surname of Rafferty Quennell (who did not).
  const shown = namesMayBeShown(workspace);
  const names = new NameMatcher<Contact | undefined>([
    ...unconsented.flatMap((contact) => nameForms(contact).map((text, i) => ({ text, anyCase: i === 0, key: contact as Contact | undefined }))),
    ...shown.filter((n) => n.includes(" ")).map((text) => ({ text, anyCase: true, key: undefined })),
  ]);
  const firstNames = firstNameMatcher(workspace);
  const people = new KnownPeople(workspace);
  const byHand = new Set(workspace.config?.checkedByHand ?? []);
  for (const [file, text] of evidence) {
    const findings = new Findings(file);
    if (text.unread && !byHand.has(file)) {
      findings.add(
        "evidence-not-checked",
        undefined,
        `This ${text.format} could not be checked for names: ${text.unread}. Read it yourself for anyone who has not agreed to be named, then list it under \`checked_by_hand\` in portfolio.yaml`,
      );
    }
    const peopleIn = new Map<number, Array<{ index: number; text: string }>>();
    for (const person of text.people ?? []) peopleIn.set(person.passage, [...(peopleIn.get(person.passage) ?? []), person]);
    text.passages.forEach((passage, p) => {
      const found = names.find(passage.text);
      const named = found.filter((hit) => hit.key);
      for (const hit of named) {
        const written = passage.text.slice(hit.index, hit.index + hit.length);
        findings.add(
          "contact-name-in-evidence",
          placeAt(passage, hit.index),
          `The name of contact @${hit.key!.id} (${code(written)}), who has not agreed to be named; redact it and save the file again, or record their consent in network/contacts.yaml`,
          undefined,
          `${hit.key!.id}\u0000${written}`,
        );
      }
      for (const hit of firstNames.find(passage.text)) {
        // Part of a name found above, or of a compound ("Saint-Marc"), is not a first name alone.
        if (found.some((f) => f.index <= hit.index && hit.index < f.index + f.length) || /[-‐]/.test(passage.text[hit.index - 1] ?? "") || /[-‐]/.test(passage.text[hit.index + hit.length] ?? "")) continue;
        named.push(hit);
        const written = passage.text.slice(hit.index, hit.index + hit.length);
        findings.add(
          "contact-first-name-in-text",
          placeAt(passage, hit.index),
          `${code(written)} may be the first name of contact @${hit.key.id}, who has not agreed to be named; redact it if it is them`,
          "The first name of a contact who has not agreed to be named may be in this file",
          `${hit.key.id}\u0000${written}`,
        );
      }
      for (const person of peopleIn.get(p) ?? []) {
        // A contact's name or first name is reported above; a name the portfolio knows is fine.
        if (found.some((n) => n.index < person.index + person.text.length && person.index < n.index + n.length) || named.some((n) => n.index < person.index + person.text.length && person.index < n.index + n.length) || people.knows(person.text)) continue;
        const { message, shared } = personMessage(person.text);
        findings.add("person-not-in-register", placeAt(passage, person.index), message, shared, person.text.toLowerCase());
      }
    });
    if (text.location) {
      const { latitude, longitude } = text.location;
      findings.add(
        "evidence-location",
        { kind: "metadata", of: "photo metadata", field: "GPS position" },
        `This photo records where it was taken (${latitude.toFixed(4)}, ${longitude.toFixed(4)}), which may be someone's home; remove the location (for instance \`exiftool -gps:all= FILE\`) and save it again`,
        "This photo records where it was taken",
      );
    }
    context.add(...findings.done());
  }
}

/** One file's findings: each name once, at its first place, with the others counted in its message. */
class Findings {
  readonly #diagnostics: Diagnostic[] = [];
  readonly #groups = new Map<string, { diagnostic: Diagnostic; first: string; more: string[] }>();
  constructor(readonly file: string) {}

  add(rule: RuleId, place: Place | undefined, message: string, shared?: string, group?: string): void {
    const where = place ? describePlace(place) : "";
    const key = group === undefined ? undefined : `${rule}\u0000${group}`;
    const existing = key === undefined ? undefined : this.#groups.get(key);
    if (existing) {
      if (where !== existing.first && !existing.more.includes(where)) existing.more.push(where);
      return;
    }
    const found = { ...diagnostic(this.file, rule, place, message), ...(shared === undefined ? {} : { shared }) };
    this.#diagnostics.push(found);
    if (key !== undefined) this.#groups.set(key, { diagnostic: found, first: where, more: [] });
  }

  done(): Diagnostic[] {
    for (const { diagnostic: found, more } of this.#groups.values()) {
      if (more.length === 0) continue;
      const listed = more.slice(0, 3);
      const rest = more.length - listed.length;
      const also = `also at ${andList(rest ? [...listed, `${rest} more ${rest === 1 ? "place" : "places"}`] : listed)}`;
      // A CSV cell's reference and the other places go in one bracket: "(cell A2; also at line 9, cell A9)".
      found.message = /\)$/.test(found.message) && / \(cell [A-Z]+\d+\)$/.test(found.message) ? `${found.message.slice(0, -1)}; ${also})` : `${found.message} (${also})`;
    }
    return this.#diagnostics;
  }
}

function diagnostic(file: string, rule: RuleId, place: Place | undefined, message: string): Diagnostic {
  const severity = rules[rule].severity;
  if (place?.kind === "line") {
    return { file, line: place.line, column: place.column, severity, rule, message: place.cell ? `${message} (cell ${place.cell})` : message };
  }
  return { file, line: 0, column: 0, place: place ? describePlace(place) : "the whole file", severity, rule, message };
}
