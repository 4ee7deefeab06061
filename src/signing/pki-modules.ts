import { createRequire } from "node:module";
import type * as Asn1js from "asn1js";
import type * as Pkijs from "pkijs";

/**
 * PKI.js and ASN1.js, loaded with `require`. Each is one large CommonJS file, which Node's ES
 * module loader would first lex in full to learn its exports: 82 ms and 22 ms at every
 * `verify` and `sign`, against 31 ms and 5 ms this way. Types come from the packages as usual.
 */
const load = createRequire(import.meta.url);
export const pkijs = load("pkijs") as typeof Pkijs;
export const asn1js = load("asn1js") as typeof Asn1js;
