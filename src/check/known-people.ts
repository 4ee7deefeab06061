import type { Contact } from "../network/register.ts";
import { NameMatcher } from "../text/name-matcher.ts";
import type { Workspace } from "../workspace/workspace.ts";

/** The words of a name: `Imogen Thackwell-Osei` → imogen, thackwell-osei, thackwell, osei. */
export function nameWords(name: string): string[] {
  const words = name.toLowerCase().split(/[\s\u00a0]+/).filter(Boolean);
  return [...words, ...words.flatMap((w) => (/-/.test(w) ? w.split("-") : []))].filter((w) => w.length > 1);
}

/**
 * The names the portfolio may show: the learner's and the assessor's (as portfolio.yaml
 * gives them, so the candidate number in the verifier edition), consenting contacts',
 * and `public_names`.
 */
export function namesMayBeShown(workspace: Pick<Workspace, "config" | "register">): string[] {
  return [
    workspace.config?.learner.name,
    workspace.config?.assessor?.name,
    ...workspace.register.contacts.filter((c) => c.consent).map((c) => c.name),
    ...(workspace.config?.publicNames ?? []),
  ].filter((n): n is string => Boolean(n));
}

/**
 * The first names of contacts who have not agreed to be named, written as names are
 * (capitalised), unless someone else the portfolio may name has that first name too.
 */
export function firstNameMatcher(workspace: Workspace): NameMatcher<Contact> {
  const others = new Set([...namesMayBeShown(workspace), workspace.learnerName ?? ""].filter(Boolean).map((n) => n.split(/\s+/)[0]!.toLowerCase()));
  const forms = workspace.register.contacts.flatMap((contact) => {
    const parts = contact.name.trim().split(/\s+/);
    const first = parts[0]!;
    return !contact.consent && parts.length > 1 && first.length > 2 && !others.has(first.toLowerCase()) ? [{ text: first, anyCase: false, key: contact }] : [];
  });
  return new NameMatcher(forms);
}

/** Titles and particles are not words of a person's name to compare. */
const NOT_NAME_WORDS = /^(?:mr|mrs|ms|miss|mx|dr|cllr|prof|sir|dame|lady|lord|rev|revd|van|der|den|de|da|di|du|del|la|le|ap|bin|al|el|von)$/;

/**
 * Whether what reads as a person's name is someone the portfolio knows or may name: the
 * learner, the assessor, a contact in the register (shown or hidden by their consent), or
 * a name in `public_names`. A name is known when all its words are words of one known
 * person's name: `Priya` and `Ms Shah` are the learner Priya Shah, `Karen Hughes` is not
 * the contact Karen Smith.
 */
export class KnownPeople {
  readonly #people: Array<Set<string>>;

  constructor(workspace: Pick<Workspace, "config" | "register" | "learnerName">) {
    // Every contact too: a contact without consent is known, and shown by their pseudonym.
    const names = [...namesMayBeShown(workspace), ...workspace.register.contacts.filter((c) => !c.consent).map((c) => c.name), workspace.learnerName ?? ""].filter(Boolean);
    this.#people = names.map((name) => new Set(nameWords(name)));
  }

  knows(name: string): boolean {
    const words = nameWords(name.replace(/['’]s?\b/g, "")).filter((w) => !NOT_NAME_WORDS.test(w) && !w.includes("-"));
    return words.length === 0 || this.#people.some((person) => words.every((w) => person.has(w)));
  }
}
