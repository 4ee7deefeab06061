import { SaxesParser, type SaxesTagPlain } from "saxes";
import { EvidenceReadError } from "./evidence.ts";

export interface XmlHandlers {
  open?(name: string, attributes: Readonly<Record<string, string>>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/**
 * Walks an XML part with saxes, a non-validating streaming parser: no DTD is fetched and
 * no declared entity is expanded, so a document cannot reach the file system or the
 * network or grow by entity expansion. Names are given with their prefixes (`w:t`).
 */
export function walkXml(xml: string, handlers: XmlHandlers, part = "an XML part"): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let failed: Error | undefined;
  parser.on("error", (error) => {
    failed ??= error;
  });
  if (handlers.open) parser.on("opentag", (tag: SaxesTagPlain) => handlers.open!(tag.name, tag.attributes as Record<string, string>));
  if (handlers.close) parser.on("closetag", (tag: SaxesTagPlain) => handlers.close!(tag.name));
  if (handlers.text) {
    parser.on("text", (text) => handlers.text!(text));
    parser.on("cdata", (text) => handlers.text!(text));
  }
  parser.write(xml).close();
  if (failed) throw new EvidenceReadError(`${part} is not well-formed XML (${failed.message.split("\n")[0]}); the file may be damaged`);
}

/** The local name of a prefixed XML name: `w:t` → `t`. */
export const localName = (name: string) => name.slice(name.indexOf(":") + 1);
