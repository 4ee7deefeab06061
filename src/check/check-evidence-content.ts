import { finding, type Diagnostic, type Position } from "../diagnostics/diagnostic.ts";
import contactFirstNameInText from "../diagnostics/rules/contact-first-name-in-text.ts";
import contactNameInEvidence, { type Places } from "../diagnostics/rules/contact-name-in-evidence.ts";
import evidenceLocation from "../diagnostics/rules/evidence-location.ts";
import evidenceNotChecked from "../diagnostics/rules/evidence-not-checked.ts";
import personNotInRegister from "../diagnostics/rules/person-not-in-register.ts";
import { describePlace, placeAt, type Place } from "../evidence/evidence.ts";
import { nameForms, type Contact } from "../network/register.ts";
import { NameMatcher } from "../text/name-matcher.ts";
import type { CheckContext } from "./check-context.ts";
import { firstNameMatcher, KnownPeople, namesMayBeShown } from "./known-people.ts";

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
    const findings = new Findings();
    if (text.unread && !byHand.has(file)) {
      const { format, unread } = text;
      findings.add(undefined, (at) => finding(file, evidenceNotChecked, at, { format, unread }));
    }
    const peopleIn = new Map<number, Array<{ index: number; text: string }>>();
    for (const person of text.people ?? []) peopleIn.set(person.passage, [...(peopleIn.get(person.passage) ?? []), person]);
    text.passages.forEach((passage, p) => {
      const found = names.find(passage.text);
      const named = found.filter((hit) => hit.key);
      for (const hit of named) {
        const { id } = hit.key!;
        const written = passage.text.slice(hit.index, hit.index + hit.length);
        findings.add(placeAt(passage, hit.index), (at, places) => finding(file, contactNameInEvidence, at, { id, written, ...places }), `${contactNameInEvidence.id}\u0000${id}\u0000${written}`);
      }
      for (const hit of firstNames.find(passage.text)) {
        // Part of a name found above, or of a compound ("Saint-Marc"), is not a first name alone.
        if (found.some((f) => f.index <= hit.index && hit.index < f.index + f.length) || /[-‐]/.test(passage.text[hit.index - 1] ?? "") || /[-‐]/.test(passage.text[hit.index + hit.length] ?? "")) continue;
        named.push(hit);
        const { id } = hit.key;
        const written = passage.text.slice(hit.index, hit.index + hit.length);
        findings.add(placeAt(passage, hit.index), (at, places) => finding(file, contactFirstNameInText, at, { kind: "evidence", id, written, ...places }), `${contactFirstNameInText.id}\u0000${id}\u0000${written}`);
      }
      for (const person of peopleIn.get(p) ?? []) {
        // A contact's name or first name is reported above; a name the portfolio knows is fine.
        if (found.some((n) => n.index < person.index + person.text.length && person.index < n.index + n.length) || named.some((n) => n.index < person.index + person.text.length && person.index < n.index + n.length) || people.knows(person.text)) continue;
        findings.add(placeAt(passage, person.index), (at, places) => finding(file, personNotInRegister, at, { name: person.text, ...places }), `${personNotInRegister.id}\u0000${person.text.toLowerCase()}`);
      }
    });
    if (text.location) {
      const { latitude, longitude } = text.location;
      findings.add({ kind: "metadata", of: "photo metadata", field: "GPS position" }, (at) => finding(file, evidenceLocation, at, { latitude, longitude }));
    }
    context.add(...findings.done());
  }
}

/**
 * One file's findings, in the file's order: each name once, at its first place, its rule
 * given the other places (and a CSV cell) to word, since a finding has one position.
 */
class Findings {
  readonly #found: Found[] = [];
  readonly #groups = new Map<string, Found>();

  /** `make` makes the finding at its position; `group` (the rule's id and the name) gathers the places of one name. */
  add(place: Place | undefined, make: Found["make"], group?: string): void {
    const existing = group === undefined ? undefined : this.#groups.get(group);
    if (existing) {
      const where = describePlace(place!);
      if (!existing.seen.has(where)) {
        existing.seen.add(where);
        existing.also.push(place!);
      }
      return;
    }
    const found: Found = { place, make, seen: new Set(place ? [describePlace(place)] : []), also: [] };
    this.#found.push(found);
    if (group !== undefined) this.#groups.set(group, found);
  }

  done(): Diagnostic[] {
    return this.#found.map(({ place, make, also }) => {
      const places: Places = { ...(place?.kind === "line" && place.cell ? { cell: place.cell } : {}), ...(also.length > 0 ? { also } : {}) };
      if (place?.kind === "line") return make({ line: place.line, column: place.column }, places);
      // A place without lines: the position is 0:0, and `place` says where.
      const { file, line, column, ...rest } = make({ line: 0, column: 0 }, places);
      return { file, line, column, place: place ? describePlace(place) : "the whole file", ...rest };
    });
  }
}

interface Found {
  /** Its first place; none for the whole file. */
  place: Place | undefined;
  /** The finding, from its rule and the facts, at its position. */
  make: (at: Position, places: Places) => Diagnostic;
  /** Its places as described, the first among them. */
  seen: Set<string>;
  /** The other places of the same name, in the file's order. */
  also: Place[];
}
