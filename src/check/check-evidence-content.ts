import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { RuleId } from "../diagnostics/rules.ts";
import { describePlace, placeAt, type EvidenceText, type Place } from "../evidence/evidence.ts";
import { nameForms, type Contact } from "../network/register.ts";
import { NameMatcher } from "../text/name-matcher.ts";
import { code } from "../text/suggest.ts";
import type { CheckContext } from "./check-context.ts";
import { firstNameMatcher, KnownPeople, personMessage } from "./known-people.ts";

/** Findings of one rule in one file, past which the rest are counted in one more finding. */
const PER_FILE = 20;

/**
 * What is inside each evidence file a shared reflection cites: the name of a contact who
 * has not agreed to be named is an error at its place in the file (the file is copied
 * into the site and the PDF as it is, so it cannot be shown otherwise); a first name of
 * such a contact, a photo that records where it was taken, and a file that could not be
 * read for names are warnings.
 */
export function checkEvidenceContent(context: CheckContext): void {
  const evidence = context.workspace.evidence;
  if (!evidence) return;
  const unconsented = context.workspace.register.contacts.filter((c) => !c.consent);
  // Names that may be shown are found too, so that "Imogen Quennell" (who consented) is not
  // taken for the surname of Rafferty Quennell (who did not).
  const shown = [...context.workspace.register.contacts.filter((c) => c.consent).map((c) => c.name), context.workspace.config?.learner.name, context.workspace.config?.assessor?.name, ...(context.workspace.config?.publicNames ?? [])];
  const names = new NameMatcher<Contact | undefined>([
    ...unconsented.flatMap((contact) => nameForms(contact).map((text, i) => ({ text, anyCase: i === 0, key: contact as Contact | undefined }))),
    ...shown.filter((n): n is string => Boolean(n?.includes(" "))).map((text) => ({ text, anyCase: true, key: undefined })),
  ]);
  const firstNames = firstNameMatcher(context.workspace);
  const people = new KnownPeople(context.workspace);
  for (const [file, text] of evidence) {
    const findings = new Findings(file);
    if (text.unread) {
      findings.add(
        "evidence-not-checked",
        undefined,
        `This ${text.format} could not be checked for names: ${text.unread}. Check it yourself for anyone who has not agreed to be named`,
      );
    }
    const named = new Map<number, Array<{ index: number; length: number }>>();
    text.passages.forEach((passage, p) => {
      const full = names.find(passage.text);
      for (const hit of full) {
        if (!hit.key) continue;
        const written = passage.text.slice(hit.index, hit.index + hit.length);
        findings.add(
          "contact-name-in-evidence",
          placeAt(passage, hit.index),
          `The name of contact @${hit.key.id} (${code(written)}), who has not agreed to be named; redact it and save the file again, or record their consent in network/contacts.yaml`,
        );
      }
      for (const hit of firstNames.find(passage.text)) {
        if (full.some((f) => f.index <= hit.index && hit.index < f.index + f.length)) continue;
        full.push(hit);
        const written = passage.text.slice(hit.index, hit.index + hit.length);
        findings.add(
          "contact-first-name-in-text",
          placeAt(passage, hit.index),
          `${code(written)} may be the first name of contact @${hit.key.id}, who has not agreed to be named; redact it if it is them`,
          "The first name of a contact who has not agreed to be named may be in this file",
        );
      }
      named.set(p, full);
    });
    for (const person of text.people ?? []) {
      // A contact's name or first name was reported above; a name the portfolio knows is fine.
      if (named.get(person.passage)?.some((n) => n.index < person.index + person.text.length && person.index < n.index + n.length) || people.knows(person.text)) continue;
      const { message, shared } = personMessage(person.text);
      findings.add("person-not-in-register", placeAt(text.passages[person.passage]!, person.index), message, shared);
    }
    if (text.location) {
      const { latitude, longitude } = text.location;
      findings.add(
        "evidence-location",
        { kind: "metadata", of: "photo metadata", field: "GPS position" },
        `This photo records where it was taken (${latitude.toFixed(4)}, ${longitude.toFixed(4)}), which may be someone's home; remove the location before citing it (for instance \`exiftool -gps:all= FILE\`, or your phone's option to share without location)`,
        "This photo records where it was taken",
      );
    }
    context.add(...findings.done());
  }
}

/** One file's findings, at most PER_FILE of each rule, the rest counted in one more. */
class Findings {
  readonly #diagnostics: Diagnostic[] = [];
  readonly #counts = new Map<RuleId, number>();
  readonly #seen = new Set<string>();
  constructor(readonly file: string) {}

  add(rule: RuleId, place: Place | undefined, message: string, shared?: string): void {
    const key = `${rule}\u0000${place ? describePlace(place) : ""}\u0000${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const count = (this.#counts.get(rule) ?? 0) + 1;
    this.#counts.set(rule, count);
    if (count > PER_FILE) return;
    this.#diagnostics.push({ ...diagnostic(this.file, rule, place, message), ...(shared === undefined ? {} : { shared }) });
  }

  done(): Diagnostic[] {
    for (const [rule, count] of this.#counts) {
      if (count <= PER_FILE) continue;
      const first = this.#diagnostics.find((d) => d.rule === rule)!;
      this.#diagnostics.push({ ...first, line: 0, column: 0, place: "further places", message: `${count - PER_FILE} more ${count - PER_FILE === 1 ? "place" : "places"} in this file with the same finding (${rule})` });
    }
    return this.#diagnostics;
  }
}

const SEVERITY: Partial<Record<RuleId, "error" | "warning">> = { "contact-name-in-evidence": "error" };

function diagnostic(file: string, rule: RuleId, place: Place | undefined, message: string): Diagnostic {
  const severity = SEVERITY[rule] ?? "warning";
  if (place?.kind === "line") {
    const message2 = place.cell ? `${message} (cell ${place.cell})` : message;
    return { file, line: place.line, column: place.column, severity, rule, message: message2 };
  }
  return { file, line: 0, column: 0, place: place ? describePlace(place) : "the whole file", severity, rule, message };
}
