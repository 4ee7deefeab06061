import type { Email } from "postal-mime";
import { EvidenceReadError, type EvidenceText, type Passage } from "../evidence.ts";

/**
 * An email saved as .eml, parsed with postal-mime (MIME parts, encoded headers, quoted-
 * printable and base64 bodies, character sets): the people in From, To, Cc, Bcc and
 * Reply-To by name and address, the subject, the text of the message (the plain part, or
 * the HTML part's text), and attached files by name, each read in its own format.
 */
export async function parseEmail(bytes: Uint8Array): Promise<Email> {
  const { default: PostalMime } = await import("postal-mime");
  try {
    return await PostalMime.parse(bytes, { attachmentEncoding: "arraybuffer" });
  } catch (error) {
    throw new EvidenceReadError(`it could not be read as an email (${error instanceof Error ? error.message : String(error)})`);
  }
}

export interface Mailbox {
  name?: string;
  address?: string;
  group?: Mailbox[];
}

/** "Rafferty Quennell <r.quennell@example.org>" for each mailbox (groups opened). */
export function mailboxes(list: readonly Mailbox[] | Mailbox | undefined): string[] {
  return [list ?? []].flat().flatMap((m) => (m.group ? mailboxes(m.group) : [[m.name, m.address && `<${m.address}>`].filter(Boolean).join(" ")]));
}

export const HEADERS = [["From", "from"], ["Sender", "sender"], ["Reply-To", "replyTo"], ["To", "to"], ["Cc", "cc"], ["Bcc", "bcc"]] as const;

/** The message body as text: the plain part, else the HTML part with its tags taken away. */
export function bodyText(email: Email, htmlToText: (html: string) => string): string {
  return email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : "";
}

export async function readEmail(bytes: Uint8Array, htmlToText: (html: string) => string, readAttachment: (name: string, bytes: Uint8Array) => Promise<Passage[]>): Promise<EvidenceText> {
  const email = await parseEmail(bytes);
  const passages: Passage[] = [];
  for (const [header, key] of HEADERS) {
    for (const mailbox of mailboxes(email[key] as Mailbox[] | Mailbox | undefined)) passages.push({ text: mailbox, place: { kind: "metadata", of: "the email", field: header } });
  }
  if (email.subject) passages.push({ text: email.subject, place: { kind: "metadata", of: "the email", field: "Subject" } });
  const body = bodyText(email, htmlToText);
  if (body.trim()) passages.push({ text: body, place: { kind: "part", part: "the message" } });
  if (email.html && email.text?.trim()) passages.push({ text: htmlToText(email.html), place: { kind: "part", part: "the message (its HTML version)" } });
  for (const attachment of email.attachments) {
    const name = attachment.filename ?? "an unnamed attachment";
    passages.push({ text: name, place: { kind: "attachment", name } });
    const content = attachment.content;
    const data = typeof content === "string" ? new TextEncoder().encode(content) : new Uint8Array(content as ArrayBuffer);
    passages.push(...(await readAttachment(name, data)));
  }
  return { format: "email", passages };
}
