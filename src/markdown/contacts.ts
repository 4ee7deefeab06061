import type MarkdownIt from "markdown-it";
import type { Contact } from "../network/register.ts";
import { displayName, nameForms } from "../network/register.ts";
import { INVISIBLE_CLASS, invisibleAt, withoutInvisible } from "../text/invisible.ts";
import { NameMatcher } from "../text/name-matcher.ts";
import type { StateCore, Token } from "./markdown-types.ts";

/**
 * Contacts in reflections. `@jsmith` refers to a contact in the register; it renders as
 * the contact's name where they consented, else as their pseudonym. A contact's name
 * written out (in text, headings, tables, alt text, link titles or code) is found on the
 * tokens, reported, and rendered as if it were a reference. Email addresses and phone
 * numbers are reported. Per-document state lives in `env`.
 */
export interface ContactFinding {
  kind: "name" | "email" | "phone" | "unknown" | "invisible";
  /** For `invisible`: the character, named (`U+200B ZERO WIDTH SPACE`). */
  hidden?: string;
  /** The contact's id (for names and references). */
  id: string | undefined;
  text: string;
  /** 1-based line and column in the Markdown given to the parser. */
  line: number;
  column: number;
}

export interface ContactEnv {
  contacts?: ReadonlyMap<string, Contact>;
  contactFindings?: ContactFinding[];
  /** Leave out fenced `private` blocks (every build; only the preview shows them). */
  hidePrivate?: boolean;
}

const REF = /^@([a-z][a-z0-9_-]*[a-z0-9])/;
/** A reference with invisible characters inside (pasted from a web page): `@jd<U+200B>oe`. */
const REF_WITH_INVISIBLE = new RegExp(`^@(?:[a-z0-9_-]|${INVISIBLE_CLASS})*[a-z0-9_-]`);
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** A phone number has at least nine digits, so text without a digit pair cannot hold one. */
const DIGITS = /\d[\s-]?\d/;
const PHONE = /(?<![\w+])(?:\+\d{1,3}[\s-]?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,11}(?!\w)/g;

function contactRefRule(state: { src: string; pos: number; posMax: number; push: (type: string, tag: string, nesting: number) => Token }, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
  const before = state.pos > 0 ? state.src[state.pos - 1]! : " ";
  if (/[\p{L}\p{N}._%+-]/u.test(before)) return false; // part of an email address or a word
  const rest = state.src.slice(state.pos, state.posMax);
  const withInvisible = REF_WITH_INVISIBLE.exec(rest);
  const hidden = withInvisible && invisibleAt(withInvisible[0]);
  // Reported with the character named, rather than as some other id or as plain text.
  const match = hidden && REF.exec(withoutInvisible(withInvisible[0])) ? withInvisible : REF.exec(rest);
  if (!match) return false;
  if (!silent) state.push("contact_ref", "", 0).meta = { id: withoutInvisible(match[0].slice(1)), written: match[0], hidden: match === withInvisible ? hidden : undefined };
  state.pos += match[0].length;
  return true;
}

/** One matcher per register: full names in any case, surnames capitalised. */
const matchers = new WeakMap<ReadonlyMap<string, Contact>, NameMatcher<string>>();
export function nameMatcher(contacts: ReadonlyMap<string, Contact>): NameMatcher<string> {
  let matcher = matchers.get(contacts);
  if (!matcher) {
    matcher = new NameMatcher([...contacts.values()].flatMap((contact) => nameForms(contact).map((text, i) => ({ text, anyCase: i === 0, key: contact.id }))));
    matchers.set(contacts, matcher);
  }
  return matcher;
}

/** A text with contacts' names replaced by how they may be shown, and the ids found. */
export function redactNames(text: string, contacts: ReadonlyMap<string, Contact>): { text: string; ids: string[] } {
  const hits = nameMatcher(contacts).find(text);
  let out = "";
  let last = 0;
  for (const hit of hits) {
    out += text.slice(last, hit.index) + displayName(contacts.get(hit.key)!);
    last = hit.index + hit.length;
  }
  return { text: out + text.slice(last), ids: hits.map((h) => h.key) };
}

function contactNamesRule(state: StateCore): void {
  const env = state.env as ContactEnv;
  const contacts = env.contacts;
  const findings = (env.contactFindings ??= []);
  const names = contacts && contacts.size ? nameMatcher(contacts) : undefined;
  let sourceLines: string[] | undefined;
  const lines = () => (sourceLines ??= state.src.split("\n"));
  // Where the last thing found in a block was: what is found next (in the order it is
  // written) is looked for after it, so a name written twice is reported at each place.
  let cursor: { map: [number, number]; line: number; column: number } | undefined;
  const locate = (map: [number, number] | null | undefined, text: string) => {
    if (!map) return { line: 1, column: 1 };
    if (cursor?.map !== map) cursor = { map, line: map[0], column: 0 };
    for (let l = cursor.line; l < map[1]; l++) {
      const column = lines()[l]?.indexOf(text, l === cursor.line ? cursor.column : 0) ?? -1;
      if (column !== -1) {
        Object.assign(cursor, { line: l, column: column + text.length });
        return { line: l + 1, column: column + 1 };
      }
    }
    // Written differently in the source (an entity, an escape): the block's first line.
    return { line: map[0] + 1, column: 1 };
  };

  /** Finds names, emails and phones in a piece of text; returns it with names replaced. */
  const scan = (text: string, map: [number, number] | null | undefined): { text: string; hits: Array<{ index: number; length: number; id: string }> } => {
    const found: Array<{ kind: "email" | "phone" | "name"; id: string | undefined; text: string; index: number }> = [];
    // The cheap tests first: most text has no `@` and no run of digits.
    if (text.includes("@")) for (const match of text.matchAll(EMAIL)) found.push({ kind: "email", id: undefined, text: match[0], index: match.index });
    if (DIGITS.test(text)) for (const match of text.matchAll(PHONE)) found.push({ kind: "phone", id: undefined, text: match[0], index: match.index });
    const hits = (names?.find(text) ?? []).map((hit) => ({ index: hit.index, length: hit.length, id: hit.key }));
    for (const hit of hits) found.push({ kind: "name", id: hit.id, text: text.slice(hit.index, hit.index + hit.length), index: hit.index });
    // Located in the order they are written.
    for (const { index, ...finding } of found.sort((a, b) => a.index - b.index)) findings.push({ ...finding, ...locate(map, finding.text) });
    let replaced = "";
    let last = 0;
    for (const hit of hits) {
      replaced += text.slice(last, hit.index) + displayName(contacts!.get(hit.id)!);
      last = hit.index + hit.length;
    }
    return { text: replaced + text.slice(last), hits };
  };

  const walk = (children: Token[], map: [number, number] | null | undefined): Token[] => {
    const out: Token[] = [];
    for (const token of children) {
      if (token.type === "contact_ref") {
        const { id, written, hidden } = token.meta as { id: string; written: string; hidden?: { index: number; name: string } };
        if (hidden) {
          const at = locate(map, written);
          findings.push({ kind: "invisible", id, text: written, line: at.line, column: at.column + hidden.index, hidden: hidden.name });
        } else if (!contacts?.has(id)) {
          findings.push({ kind: "unknown", id, text: written, ...locate(map, written) });
        }
        out.push(token);
        continue;
      }
      if (token.children?.length) token.children = walk(token.children, map);
      for (const attr of token.attrs ?? []) if (attr[0] === "title") attr[1] = scan(attr[1], map).text;
      if (token.type === "code_inline") { token.content = scan(token.content, map).text; out.push(token); continue; }
      if (token.type !== "text") { out.push(token); continue; }
      const { hits } = scan(token.content, map);
      if (hits.length === 0) { out.push(token); continue; }
      // Split the text at each name, so the name is rendered as a reference would be.
      let last = 0;
      for (const hit of hits) {
        const before = new state.Token("text", "", 0);
        before.content = token.content.slice(last, hit.index);
        const ref = new state.Token("contact_ref", "", 0);
        ref.meta = { id: hit.id, written: token.content.slice(hit.index, hit.index + hit.length) };
        out.push(before, ref);
        last = hit.index + hit.length;
      }
      const after = new state.Token("text", "", 0);
      after.content = token.content.slice(last);
      out.push(after);
    }
    return out;
  };

  for (const token of state.tokens) {
    if (token.type === "inline" && token.children) token.children = walk(token.children, token.map);
    else if ((token.type === "fence" || token.type === "code_block") && !(token.type === "fence" && token.info.trim() === "private" && env.hidePrivate)) {
      token.content = scan(token.content, token.map ? [token.map[0] + 1, token.map[1]] : token.map).text;
    }
  }
}

export function contactsPlugin(md: MarkdownIt): void {
  const escape = md.utils.escapeHtml;
  const defaultFence = md.renderer.rules.fence!;

  md.renderer.rules.contact_ref = (tokens, idx, _options, env: ContactEnv) => {
    const { id, written } = tokens[idx]!.meta as { id: string; written: string };
    const contact = env.contacts?.get(id);
    return contact ? `<span class="contact">${escape(displayName(contact))}</span>` : escape(written);
  };
  // A fenced block marked `private` is the learner's own note: the preview shows it, builds never do.
  md.renderer.rules.fence = (tokens, idx, options, env: ContactEnv, self) =>
    tokens[idx]!.info.trim() === "private" && env.hidePrivate ? "" : defaultFence(tokens, idx, options, env, self);

  md.inline.ruler.after("text", "contact_ref", contactRefRule as never);
  md.core.ruler.push("contact_names", contactNamesRule);
}
