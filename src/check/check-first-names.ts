import contactFirstNameInText from "../diagnostics/rules/contact-first-name-in-text.ts";
import { nameMatcher } from "../markdown/contacts.ts";
import type { CheckContext } from "./check-context.ts";
import { firstNameMatcher } from "./known-people.ts";

/** A fenced block the learner keeps to themselves (```private), which no build shows. */
const PRIVATE_FENCE = /^(`{3,}|~{3,})[ \t]*private[ \t]*$/;

/**
 * The first name alone of a contact who has not agreed to be named, in a shared
 * reflection ("take it to Rafferty"): the full name and the surname are shown as the
 * contact's pseudonym, but a first name may be someone else's and is left as written, so
 * the learner is asked to look. Private notes are not shared and not searched.
 */
export function checkFirstNames(context: CheckContext): void {
  const firstNames = firstNameMatcher(context.workspace);
  const contacts = new Map(context.workspace.register.contacts.map((c) => [c.id, c]));
  const names = nameMatcher(contacts);
  for (const reflection of context.workspace.reflections) {
    if (reflection.private || !firstNames.mayContain(reflection.body)) continue;
    const report = context.report(reflection.file);
    let fence: string | undefined;
    reflection.body.split("\n").forEach((line, i) => {
      if (fence) { if (line.trim().startsWith(fence)) fence = undefined; return; }
      const open = PRIVATE_FENCE.exec(line.trim());
      if (open) { fence = open[1]; return; }
      const full = names.find(line);
      for (const hit of firstNames.find(line)) {
        if (full.some((f) => f.index <= hit.index && hit.index < f.index + f.length)) continue;
        const written = line.slice(hit.index, hit.index + hit.length);
        report.add(contactFirstNameInText, { line: reflection.bodyStartLine + i, column: [...line.slice(0, hit.index)].length + 1 }, { kind: "reflection", id: hit.key.id, written });
      }
    });
  }
}
