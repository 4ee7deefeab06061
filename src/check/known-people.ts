import type { Contact } from "../network/register.ts";
import { NameMatcher } from "../text/name-matcher.ts";
import type { Workspace } from "../workspace/workspace.ts";

/** The words of a name: `Imogen Thackwell-Osei` → imogen, thackwell-osei, thackwell, osei. */
export function nameWords(name: string): string[] {
  const words = name.toLowerCase().split(/[\s\u00a0]+/).filter(Boolean);
  return [...words, ...words.flatMap((w) => (/-/.test(w) ? w.split("-") : []))].filter((w) => w.length > 1);
}

/**
 * People the portfolio may name or already knows: the learner, the assessor, every
 * contact in the register (their name is shown or hidden by consent), and the names
 * portfolio.yaml allows (`public_names`: authors cited, public figures). Each as the
 * lower-case words of their names.
 */
export function knownNameWords(workspace: Workspace): Set<string> {
  const names = [
    workspace.config?.learner.name,
    workspace.learnerName,
    workspace.config?.assessor?.name,
    ...workspace.register.contacts.map((c) => c.name),
    ...(workspace.config?.publicNames ?? []),
  ].filter((n): n is string => Boolean(n));
  return new Set(names.flatMap(nameWords));
}

/**
 * The first names of contacts who have not agreed to be named, written as names are
 * (capitalised), unless someone else the portfolio may name has that first name too.
 */
export function firstNameMatcher(workspace: Workspace): NameMatcher<Contact> {
  const others = new Set(
    [workspace.config?.learner.name, workspace.learnerName, workspace.config?.assessor?.name, ...workspace.register.contacts.filter((c) => c.consent).map((c) => c.name), ...(workspace.config?.publicNames ?? [])]
      .filter((n): n is string => Boolean(n))
      .map((n) => n.split(/\s+/)[0]!.toLowerCase()),
  );
  const forms = workspace.register.contacts.flatMap((contact) => {
    const parts = contact.name.trim().split(/\s+/);
    const first = parts[0]!;
    return !contact.consent && parts.length > 1 && first.length > 2 && !others.has(first.toLowerCase()) ? [{ text: first, anyCase: false, key: contact }] : [];
  });
  return new NameMatcher(forms);
}
