// `portfolio verify` against forgeries of a portfolio it signed, one per published attack
// (pdf-insecurity.org: USF, ISA, SWA; the Shadow Attacks of NDSS 2021; signature spoofing),
// against what the issue lists as accepted, against certificate chains made with openssl, and
// against changes it must accept. Each forgery is checked first to look forged to poppler
// (pdftotext, pdftoppm) where the attack is about what the document shows.
//
// Beside each case: pdfsig's verdict, measured (the table printed at the end), and what
// Acrobat and pyHanko make of it, predicted from their documented behaviour, not run here
// (`others`, with the reason). pyHanko means its DEFAULT_DIFF_POLICY on an approval
// signature: whitelist rules for validation data and form filling and none for annotations,
// so it calls any comment "suspicious" and accepts form filling; Acrobat allows comments and
// form filling after an approval signature, and has fixed the 2019 and 2021 attacks.
//
// PORTFOLIO_CLI_ROOT runs another checkout's CLI (the verifier before a change, say) on the
// same forgeries; ATTACKS_TABLE names a file to write the table to.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as A from "./helpers/attack-files.ts";
import { PASSPHRASE } from "./helpers/signing.ts";
import { repoRoot, tempDir } from "./helpers/workspace.ts";

const cliRoot = process.env.PORTFOLIO_CLI_ROOT ?? repoRoot;
const env = { PORTFOLIO_KEY_PASSPHRASE: PASSPHRASE, SOURCE_DATE_EPOCH: "1767225600" };
const cli: A.Cli = (args) => A.run(process.execPath, [join(cliRoot, "bin", "portfolio.js"), ...args], { cwd: cliRoot, env });
/**
 * `portfolio verify` run through the command line's own main() in this process: started
 * as 71 processes, the cases spent most of their time starting Node. Another checkout's
 * CLI (PORTFOLIO_CLI_ROOT) is still run as a process.
 */
const verify: A.Cli = cliRoot !== repoRoot ? cli : async (args) => {
  const { main } = await import("../src/cli/main.ts");
  let stdout = "";
  let stderr = "";
  const line = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);
  const status = await main(args, { out: (text) => { stdout += line(text); }, err: (text) => { stderr += line(text); }, color: false });
  return { status, stdout, stderr };
};

interface Case {
  name: string;
  expected: "refused" | "valid";
  /** What Acrobat and pyHanko make of it, and why. */
  others: string;
  /** --trust: the three signers' own certificates, or the college's root and the learner's. */
  trust?: "signers" | "college";
  /** What poppler shows differently from the signed file the forgery starts from. */
  shows?: { page: number; text?: string; gone?: string; render?: true };
  from?: () => Buffer;
  make: () => Promise<Buffer>;
}

let dir: string;
let p: A.Portfolio;
let shadow: A.ShadowPortfolio;
let unused: { signed: Buffer; unusedSection: number };
let textField: { signed: Buffer; form: number; field: number };
let authorities: A.Authorities;

beforeAll(async () => {
  dir = await tempDir("portfolio-attacks-");
  p = await A.signedPortfolio(cli, dir, PASSPHRASE);
  await mkdir(join(dir, "ca"));
  [shadow, unused, textField, authorities] = await Promise.all([A.shadowPortfolio(p), A.unusedRevisionPortfolio(p), A.textFieldPortfolio(p), A.certificateAuthorities(join(dir, "ca"), p.signers.learner)]);
}, 180_000);

const facts = () => p.facts;
const L = () => p.learner;
const footer = () => p.facts.declaration.footer;
const page2 = (text: string) => ({ page: 2, text });

// --- USF ----------------------------------------------------------------------------------
const usfOthers = "Acrobat (fixed since 2019): signature invalid, it cannot be read; pyHanko: error, no usable /ByteRange or /Contents";
const someCms = () => A.signaturesIn(p.learner)[0]!.hex;
const usfEntries: Array<[string, () => string]> = [
  ["contents-empty", () => `${A.BYTE_RANGE_SLOT} /Contents <>`],
  ["contents-zeros", () => `${A.BYTE_RANGE_SLOT} /Contents <${"0".repeat(16384)}>`],
  ["contents-missing", () => "/ByteRange [0 1000 2000 3000]"],
  ["contents-null", () => "/ByteRange [0 1000 2000 3000] /Contents null"],
  ["contents-a-number", () => "/ByteRange [0 1000 2000 3000] /Contents 12345"],
  ["byterange-missing", () => `/Contents <${someCms()}>`],
  ["byterange-zeros", () => `/ByteRange [0 0 0 0] /Contents <${someCms()}>`],
  ["byterange-null", () => `/ByteRange null /Contents <${someCms()}>`],
  ["byterange-wrong-types", () => `/ByteRange [(0) /a 1.5 -1] /Contents <${someCms()}>`],
  ["byterange-past-the-end", () => `/ByteRange [0 1000 2000 99999999] /Contents <${someCms()}>`],
];
const usf: Case[] = usfEntries.map(([name, entries]) => ({
  name: `usf-${name}`,
  expected: "refused",
  others: usfOthers,
  shows: page2(A.FORGED),
  make: () => A.universalForgery(p, entries()),
}));

// --- ISA ----------------------------------------------------------------------------------
const contentOthers = "pyHanko: suspicious modification (a page's content changed); Acrobat: invalid, the page was modified after signing";
const isa: Case[] = [
  { name: "isa-content-stream-replaced", expected: "refused", others: contentOthers, shows: page2(A.FORGED_GLYPHS), make: () => A.contentChanged(L(), facts()) },
  { name: "isa-content-stream-replaced-xref-stream", expected: "refused", others: `${contentOthers}; the cross-reference stream itself is allowed`, shows: page2(A.FORGED_GLYPHS), make: () => A.contentChanged(L(), facts(), { xref: "stream" }) },
  { name: "isa-page-added", expected: "refused", others: "pyHanko: suspicious (/Pages and /Kids changed); Acrobat: invalid, page added", shows: { page: 48, text: A.FORGED }, make: () => A.pageAdded(L(), facts()) },
  { name: "isa-font-replaced", expected: "refused", others: "pyHanko: suspicious (a font changed); Acrobat: invalid. The glyphs stay; copy, search and screen readers read 5178", shows: page2("candidate number 5178"), make: () => A.fontReplaced(L(), facts()) },
  { name: "isa-freetext-annotation", expected: "refused", others: "Acrobat: valid with a note that a comment was added (comments are allowed after an approval signature); pyHanko: suspicious (no rule for annotations)", shows: page2(A.FORGED), make: () => A.annotationAdded(L(), facts(), "/Subtype /FreeText /DA (/Helv 10 Tf 0 g) /Contents ()", [A.FORGED]) },
  { name: "isa-stamp-annotation", expected: "refused", others: "Acrobat: valid with a note that a comment was added; pyHanko: suspicious (no rule for annotations)", shows: page2("APPROVED"), make: () => A.annotationAdded(L(), facts(), "/Subtype /Stamp /Name /Approved", ["APPROVED", "Daniel Okafor, Assessor"]) },
  { name: "isa-catalog-pages-replaced", expected: "refused", others: "pyHanko: suspicious (/Root /Pages changed); Acrobat: invalid", shows: page2(A.FORGED), make: () => A.pagesReplaced(L(), facts()) },
  {
    name: "isa-appended-objects-only",
    expected: "refused",
    others: "no trailer, startxref or %%EOF: pyHanko (strict) does not read the file; Acrobat and poppler rebuild the cross-references by scanning and show the appended content",
    shows: page2(A.FORGED_GLYPHS),
    // Padded so the last startxref is too far from the end to be found: readers rebuild the table.
    make: async () => A.appendUpdate(L(), [{ num: footer(), body: Buffer.concat([await A.forgedFooter(L(), facts()), Buffer.from(`\n%${"x".repeat(65536)}`)]) }], { xref: "none", startxref: null }).pdf,
  },
  { name: "isa-update-without-prev", expected: "refused", others: "the signed revision is out of the /Prev chain: pyHanko cannot place the signature in a revision; poppler rebuilds the table and shows the update", shows: page2(A.FORGED_GLYPHS), make: () => A.contentChanged(L(), facts(), { prev: null }) },
  { name: "isa-fresh-full-xref-without-prev", expected: "refused", others: "pyHanko: error (one revision, which the signature does not cover); Acrobat: invalid", shows: page2(A.FORGED_GLYPHS), make: () => A.freshXref(p.files.learner, facts()) },
  { name: "isa-after-all-three-signatures", expected: "refused", others: contentOthers, from: () => p.iqa, shows: page2(A.FORGED_GLYPHS), make: () => A.contentChanged(p.iqa, facts()) },
  {
    name: "isa-changed-then-countersigned",
    expected: "refused",
    others: "the assessor signed the forged page; pyHanko: the learner's signature is followed by a suspicious revision; Acrobat: the learner's signature invalid",
    shows: page2(A.FORGED_GLYPHS),
    make: async () => A.forgerSigns(await A.contentChanged(L(), facts()), "assessor", p.signers.assessor.identity),
  },
  {
    name: "isa-changed-countersigned-then-changed-back",
    expected: "refused",
    others: "the file now shows what the learner signed, not what the assessor signed; pyHanko reviews every revision: suspicious; a first-against-last comparison sees nothing",
    make: async () => {
      const signed = await A.forgerSigns(await A.contentChanged(L(), facts()), "assessor", p.signers.assessor.identity);
      return A.appendUpdate(signed, [{ num: footer(), body: await A.objectBody(L(), footer()) }]).pdf;
    },
  },
];

// --- SWA ----------------------------------------------------------------------------------
const swa: Case[] = [
  { name: "swa-signed-bytes-moved", expected: "refused", others: "Acrobat (fixed since 2019): invalid; pyHanko: the gap holds more than /Contents, coverage unclear", shows: page2(A.FORGED_GLYPHS), make: () => A.wrapped(L(), facts()) },
  {
    name: "swa-signature-dictionary-rewritten",
    expected: "refused",
    others: "the same /ByteRange and /Contents in a new copy of the dictionary, claiming an assessor's approval as /Reason; pyHanko: suspicious (the signature dictionary changed)",
    make: async () => A.signatureRewritten(L(), A.objectHolding(L(), A.signaturesIn(L())[0]!.byteRangeAt), "Assessed and approved by Daniel Okafor"),
  },
];

// --- Shadow attacks ---------------------------------------------------------------------------
const shadowOthers = "pyHanko: suspicious (it reads each revision through its own xref, and the object changed); Acrobat (NDSS 2021, before its fix): valid";
const repointed = (entry: A.XrefEntry) => A.appendUpdate(shadow.signed, [], { entries: [entry] }).pdf;
const shadowCases: Case[] = [
  { name: "shadow-hide-cover-repointed", expected: "refused", others: shadowOthers, from: () => shadow.signed, shows: { page: 2, render: true }, make: async () => repointed({ num: shadow.cover, offset: shadow.hidden.emptyCover }) },
  { name: "shadow-hide-cover-annotation-deleted", expected: "refused", others: "Acrobat: valid (deleting a comment is allowed after an approval signature); pyHanko: suspicious", from: () => shadow.signed, shows: { page: 2, render: true }, make: () => A.annotationRemoved(shadow.signed, facts().declaration.page, shadow.coverAnnotation) },
  { name: "shadow-replace-form-field-filled", expected: "refused", others: "Acrobat and pyHanko: valid, form filling is allowed after an approval signature (pyHanko: FORM_FILLING)", from: () => textField.signed, shows: page2(A.FORGED), make: () => A.fieldFilled(textField.signed, facts(), textField.field) },
  { name: "shadow-replace-font-xref-only", expected: "refused", others: shadowOthers, from: () => shadow.signed, shows: page2("candidate number 5178"), make: async () => repointed({ num: facts().declaration.font.num, offset: shadow.hidden.font }) },
  { name: "shadow-hide-and-replace-content-xref-only", expected: "refused", others: shadowOthers, from: () => shadow.signed, shows: page2(A.FORGED_GLYPHS), make: async () => repointed({ num: footer(), offset: shadow.hidden.footer }) },
  { name: "shadow-hide-and-replace-page-tree-xref-only", expected: "refused", others: shadowOthers, from: () => shadow.signed, shows: page2(A.FORGED), make: async () => repointed({ num: facts().pages, offset: shadow.hidden.pages }) },
  { name: "shadow-hide-and-replace-root-swapped", expected: "refused", others: "a trailer-only update; pyHanko: suspicious (the trailer's /Root changed); Acrobat (before its fix): valid", from: () => shadow.signed, shows: page2(A.FORGED), make: async () => A.appendUpdate(shadow.signed, [], { trailer: { Root: `${shadow.catalog} 0 R` } }).pdf },
  { name: "shadow-hide-and-replace-catalog-to-signed-tree", expected: "refused", others: "the new /Pages was signed, unused; pyHanko: suspicious (/Pages changed)", from: () => shadow.signed, shows: page2(A.FORGED), make: async () => A.appendUpdate(shadow.signed, [{ num: facts().root, body: await A.changedDict(shadow.signed, facts().root, { Pages: `${shadow.tree} 0 R` }) }]).pdf },
  { name: "shadow-prev-to-unused-signed-revision", expected: "refused", others: "the update writes no object, its /Prev skips to a signed but unused section; pyHanko: suspicious (the object resolves differently)", from: () => unused.signed, shows: page2(A.FORGED_GLYPHS), make: async () => A.prevToUnusedSection(unused.signed, unused.unusedSection) },
  {
    name: "object-written-twice-xref-to-the-first",
    expected: "refused",
    others: "a reader follows the xref to the first copy; a tool that reads objects in file order sees the second, unchanged; pyHanko: suspicious",
    shows: page2(A.FORGED_GLYPHS),
    make: async () => {
      const forged = await A.forgedFooter(L(), facts());
      const same = await A.objectBody(L(), footer());
      const twice = A.appendUpdate(L(), [{ num: footer(), body: forged }, { num: footer(), body: same }]);
      return A.appendUpdate(L(), [{ num: footer(), body: forged }, { num: footer(), body: same }], { entries: [{ num: footer(), offset: twice.written[0]!.offset }] }).pdf;
    },
  },
  { name: "replacement-stream-typed-objstm", expected: "refused", others: "readers draw it as page content whatever its /Type; pyHanko: suspicious (only a new object stream is explained, not a replaced object)", shows: page2(A.FORGED_GLYPHS), make: async () => A.appendUpdate(L(), [{ num: footer(), body: (await A.forgedFooter(L(), facts())).toString("latin1").replace("<< ", "<< /Type /ObjStm /N 0 /First 0 ") }]).pdf },
  { name: "replacement-stream-typed-xref", expected: "refused", others: "as above, typed /XRef; pyHanko: suspicious", shows: page2(A.FORGED_GLYPHS), make: async () => A.appendUpdate(L(), [{ num: footer(), body: (await A.forgedFooter(L(), facts())).toString("latin1").replace("<< ", "<< /Type /XRef /Size 1 /W [1 1 1] ") }]).pdf },
  { name: "xref-entry-inside-signature-contents", expected: "refused", others: "the object lies in the assessor's /Contents padding, outside every signed range; pyHanko: suspicious, and the assessor's /Contents is not hex", from: () => p.assessor, shows: page2(A.FORGED_GLYPHS), make: () => A.objectInSignatureGap(p.assessor, facts()) },
  { name: "free-entry-with-a-later-copy", expected: "refused", others: "readers that find the entry free rebuild the table and take the copy; pyHanko: suspicious (freed objects are refused)", shows: page2(A.FORGED_GLYPHS), make: async () => A.appendUpdate(L(), [{ num: footer(), body: await A.forgedFooter(L(), facts()) }], { entries: [{ num: footer(), free: true }] }).pdf },
  { name: "free-entry-for-the-declaration-text", expected: "refused", others: "Acrobat drops a freed stream (the declaration disappears); poppler rebuilds the table and still draws it; pyHanko: suspicious (freed object)", make: async () => A.appendUpdate(L(), [], { entries: [{ num: facts().declaration.body, free: true }] }).pdf },
  { name: "generation-bumped-page-refers-to-gen-0", expected: "refused", others: "`N 1 obj` replaces N 0, which the page still names: readers find N 0 freed and draw nothing of page 2; pyHanko: suspicious", shows: { page: 2, gone: "Declaration" }, make: async () => A.appendUpdate(L(), [{ num: footer(), gen: 1, body: await A.forgedFooter(L(), facts()) }]).pdf },
];

// --- SSA ----------------------------------------------------------------------------------
let malloryKey: Promise<A.Signer> | undefined;
const mallory = () => (malloryKey ??= A.signer("Mallory Evans", "assessor", dir, PASSPHRASE));
const ssa: Case[] = [
  { name: "ssa-learner-key-in-assessor-field", expected: "refused", others: "Acrobat and pyHanko: valid (they report the certificate, Priya Shah, and the field's name; neither knows our roles)", shows: page2("Digitally signed by Daniel Okafor"), make: async () => A.forgerSigns(L(), "assessor", { ...p.signers.learner.identity, name: "Daniel Okafor" }) },
  { name: "ssa-mallory-named-daniel-trusted", expected: "refused", trust: "signers", others: "Acrobat and pyHanko: untrusted certificate (Mallory Evans is not among the trust anchors)", shows: page2("Digitally signed by Daniel Okafor"), make: async () => A.forgerSigns(L(), "assessor", { ...(await mallory()).identity, name: "Daniel Okafor" }) },
  { name: "ssa-mallory-named-daniel-no-trust", expected: "refused", others: "Acrobat: validity unknown, the panel names Mallory Evans while the box reads Daniel Okafor; pyHanko: untrusted", shows: page2("Digitally signed by Daniel Okafor"), make: async () => A.forgerSigns(L(), "assessor", { ...(await mallory()).identity, name: "Daniel Okafor" }) },
  { name: "ssa-sneaky-signature-over-the-assessors-box", expected: "refused", others: "a real signature by the learner, in a field 'sig9' whose appearance covers the assessor's box and writes a decision there (Sneaky Signature, IEEE S&P 2021); Acrobat (fixed in 2021) and pyHanko: valid, a signature may have any appearance", shows: page2("Assessor decision: Referred"), make: () => A.sneakySignature(L(), facts(), p.signers.learner.identity, "assessor", ["Assessor decision: Referred", "signed Daniel Okafor, Assessor"]) },
  { name: "ssa-sneaky-signature-over-the-assessors-signature", expected: "refused", others: "as above, after the assessor signed: the learner's signature is drawn over the assessor's; Acrobat and pyHanko: valid", from: () => p.assessor, shows: page2("Assessor decision: Referred"), make: () => A.sneakySignature(p.assessor, facts(), p.signers.learner.identity, "assessor", ["Assessor decision: Referred", "signed Daniel Okafor, Assessor"]) },
  { name: "ssa-sneaky-signature-over-a-sticky-note", expected: "refused", others: "the assessor's sticky note, then a signature by the learner whose appearance covers it and the line beside it; Acrobat and pyHanko: valid", get shows() { return { page: facts().reflection.pageNumber, render: true as const }; }, from: () => p.learner, make: async () => {
    const noted = await A.stickyNote(L(), facts(), "Please expand AC 2.1");
    const { page, box } = facts().reflection;
    return A.sneakySignature(noted, facts(), p.signers.learner.identity, { page, box: [box[0], box[1] - 10, box[2] + 30, box[3] + 20] }, ["Agreed: no changes needed"]);
  } },
  { name: "ssa-learner-signature-replayed-as-assessor", expected: "refused", others: "the learner's /ByteRange and /Contents copied into a new assessor field (as esig/dss's pdf-spoofing-attack.pdf); pyHanko: the copy covers an earlier revision, not its own; Acrobat: signed by Priya Shah", shows: page2("Digitally signed by Daniel Okafor"), make: async () => A.replayed(L(), facts(), A.signaturesIn(L())[0]!, "assessor", "Daniel Okafor", "Assessor") },
];

// --- Accepted before, as the issue lists them -------------------------------------------------
const daniel = A.signedLines("Daniel Okafor", "Assessor");
const issue: Case[] = [
  { name: "dss-new-catalog-reaches-new-page-tree", expected: "refused", others: "pyHanko: suspicious (/DSS may hold only certificate, CRL and OCSP streams; /Root and /Pages changed)", shows: page2(A.FORGED), make: () => A.catalogWithDss(L(), facts(), p.signers.learner.identity.certificate) },
  { name: "need-appearances-turned-on", expected: "refused", others: "pyHanko: valid (/NeedAppearances is exempt in /AcroForm); Acrobat: valid, and redraws the field from its value", from: () => textField.signed, shows: page2(A.FORGED), make: async () => A.appendUpdate(textField.signed, [{ num: textField.form, body: await A.changedDict(textField.signed, textField.form, { NeedAppearances: "true" }) }]).pdf },
  { name: "ft-sig-on-a-stamp", expected: "refused", others: "a /FT /Sig key on a /Stamp annotation; Acrobat: a comment, valid; pyHanko: its field rules expect widgets, likely suspicious", shows: page2("Digitally signed by Daniel Okafor"), make: () => A.annotationAdded(L(), facts(), "/Subtype /Stamp /FT /Sig /T (assessor)", daniel, { field: true }) },
  { name: "ft-sig-on-a-freetext", expected: "refused", others: "as above on /FreeText", shows: page2("Digitally signed by Daniel Okafor"), make: () => A.annotationAdded(L(), facts(), "/Subtype /FreeText /FT /Sig /T (assessor) /DA (/Helv 10 Tf 0 g) /Contents ()", daniel, { field: true }) },
  { name: "ft-sig-on-a-link", expected: "refused", others: "as above on /Link, with a URI action", shows: page2("Digitally signed by Daniel Okafor"), make: () => A.annotationAdded(L(), facts(), "/Subtype /Link /FT /Sig /T (assessor) /Border [0 0 0] /A << /S /URI /URI (https://example.org/assessed) >>", daniel, { field: true }) },
  { name: "unsigned-signature-field-painted-signed", expected: "refused", others: "Acrobat: valid, the panel lists an unsigned field the page shows signed; pyHanko: valid, an empty signature field and its appearance may be added (FORM_FILLING)", shows: page2("Digitally signed by Daniel Okafor"), make: () => A.annotationAdded(L(), facts(), "/Subtype /Widget /FT /Sig /T (assessor)", daniel, { field: true }) },
  { name: "signature-field-with-page-open-javascript", expected: "refused", others: "Acrobat runs it when page 2 opens; pyHanko: valid (a new empty signature field)", make: () => A.annotationAdded(L(), facts(), "/Subtype /Widget /FT /Sig /T (assessor) /AA << /PO << /S /JavaScript /JS (app.alert\\(\"Assessed: Distinction\"\\);) >> >>", [], { field: true }) },
  { name: "open-action-javascript", expected: "refused", others: "pyHanko: suspicious (/OpenAction is not exempt in the catalog); Acrobat runs it on opening", make: () => A.openActionAdded(L(), facts(), 'app.alert("Assessed: Distinction");') },
];

// --- Certificates (judged with --trust root.pem --trust learner.pem) --------------------------
const countersignedWith = async (p12: string, date?: Date) => A.forgerSigns(L(), "assessor", await A.identityOf(p12, PASSPHRASE), date);
const certificates: Case[] = [
  { name: "chain-through-an-intermediate", expected: "valid", trust: "college", others: "Acrobat and pyHanko with the root trusted: valid", make: () => countersignedWith(authorities.keys.viaIntermediate) },
  { name: "certificate-issued-by-the-learners-certificate", expected: "refused", trust: "college", others: "its issuer is an end-entity certificate (cA false, no keyCertSign); Acrobat and pyHanko: untrusted", make: () => countersignedWith(authorities.keys.viaLearner) },
  { name: "intermediate-expired", expected: "refused", trust: "college", others: "the intermediate expired in 2021; Acrobat and pyHanko: invalid chain", make: () => countersignedWith(authorities.keys.viaExpiredIntermediate) },
  { name: "backdated-with-an-expired-certificate", expected: "refused", trust: "college", others: "the certificate was valid in January 2020 only and /M says 15 January 2020; nothing but /M says when: no timestamp. pyHanko: expired (it validates at the current time without a timestamp); Acrobat: valid at the signing time it is told, with a warning", make: () => countersignedWith(authorities.keys.january2020, new Date("2020-01-15T10:00:00Z")) },
  { name: "signature-algorithm-claims-sha1", expected: "refused", trust: "signers", others: "the SignerInfo says sha1WithRSAEncryption, the signature is SHA-256; pdfsig and pyHanko: invalid signature", make: async () => A.signatureAlgorithmSwapped(L()) },
];

// --- Valid -----------------------------------------------------------------------------------
async function pdfsigCountersigned(): Promise<Buffer> {
  const nss = join(dir, "nssdb");
  await mkdir(nss, { recursive: true });
  await A.run("certutil", ["-N", "-d", `sql:${nss}`, "--empty-password"]);
  await A.run("pk12util", ["-i", p.signers.assessor.p12, "-d", `sql:${nss}`, "-W", PASSPHRASE, "-K", ""]);
  const out = join(dir, "pdfsig-countersigned.pdf");
  const signed = await A.run("pdfsig", ["-add-signature", "-nssdir", `sql:${nss}`, "-nick", "Daniel Okafor (Assessor)", "-digest", "SHA256", "-reason", "Assessor's decision", p.files.learner, out]);
  if (signed.status !== 0) throw new Error(`pdfsig could not sign: ${signed.stderr}`);
  return readFile(out);
}

/** The learner's signature covering a revision that ends `%%EOF` then `eol`, then the assessor's. */
async function revisionEnding(eol: "" | "\r"): Promise<Buffer> {
  const learner = await A.forgerSigns(p.unsigned, "learner", p.signers.learner.identity);
  const cut = Buffer.concat([learner.subarray(0, learner.length - 1), Buffer.from(eol, "latin1")]);
  return A.forgerSigns(await A.fillByteRange(cut, p.signers.learner.identity), "assessor", p.signers.assessor.identity);
}

const comments: Case[] = [
  { name: "sticky-note-painting-over-the-reflection", expected: "refused", others: "a Text annotation whose appearance is stretched over the reflection and paints a white box and text; Acrobat: comments are allowed after an approval signature, so it shows it as a comment; pyHanko: suspicious (no rule for annotations)", get shows() { return { page: facts().reflection.pageNumber, render: true as const }; }, make: () => A.stickyNote(L(), facts(), "Looks fine", { paints: A.FORGED }) },
  { name: "highlight-painting-the-line-white", expected: "refused", others: "a Highlight whose appearance fills the line with opaque white instead of multiplying a tint in, hiding what was signed; Acrobat: shows it as a comment; pyHanko: suspicious", get shows() { return { page: facts().reflection.pageNumber, render: true as const }; }, make: () => A.highlight(L(), facts(), "Fine", true) },
  { name: "sticky-note-running-javascript", expected: "refused", others: "a sticky note with a JavaScript action; Acrobat: allowed as a comment, runs the script if JavaScript is on; pyHanko: suspicious", make: () => A.stickyNote(L(), facts(), "Please expand AC 2.1", { action: "app.alert('Approved')" }) },
];

const valid: Case[] = [
  { name: "learner-assessor-iqa-trusted", expected: "valid", trust: "signers", others: "Acrobat and pyHanko: valid", make: async () => p.iqa },
  { name: "learner-assessor-iqa-untrusted", expected: "valid", others: "Acrobat: valid, identity unknown; pyHanko: intact, untrusted", make: async () => p.iqa },
  { name: "sticky-note-added", expected: "valid", others: "Acrobat: valid (comments are allowed after an approval signature); pyHanko: suspicious (no rule for annotations, a known limit)", make: () => A.stickyNote(L(), facts(), "Please expand AC 2.1") },
  { name: "highlight-and-popup-added", expected: "valid", others: "as the sticky note", make: () => A.highlight(L(), facts(), "Good evidence for AC 3.1") },
  { name: "countersigned-by-pdfsig", expected: "valid", others: "pdfsig adds an invisible widget on page 1, a font in /AcroForm /DR and two unused objects of generation 1; Acrobat and pyHanko: valid", make: pdfsigCountersigned },
  { name: "revision-ending-eof-without-newline", expected: "valid", others: "the learner's range ends at %%EOF itself (as node-signpdf writes); Acrobat and pyHanko: valid", make: () => revisionEnding("") },
  { name: "revision-ending-eof-cr", expected: "valid", others: "the learner's range ends at %%EOF and CR (as esig/dss's pdf-with-eof-cr.pdf); Acrobat and pyHanko: valid", make: () => revisionEnding("\r") },
];

// ---------------------------------------------------------------------------------------------

interface Row {
  group: string;
  name: string;
  expected: string;
  status: number | null;
  verdict: string;
  pdfsig: string;
  others: string;
}
const rows: Row[] = [];

/** Problem sentences wherever the JSON puts them, or the reason on stderr when there is no JSON. */
function judged(result: A.Run): { problems: string[]; first: string; crashed: boolean } {
  let problems: string[] = [];
  let json = false;
  try {
    const report = JSON.parse(result.stdout) as { problems?: unknown[]; signatures?: Array<{ problems?: unknown[] }> };
    json = true;
    const text = (x: unknown) => (typeof x === "string" ? x : ((x as { message?: string; reason?: string }).message ?? (x as { reason?: string }).reason ?? JSON.stringify(x)));
    problems = [...(report.problems ?? []), ...(report.signatures ?? []).flatMap((s) => s.problems ?? [])].map(text).filter((t) => t.trim() !== "");
  } catch {
    // Not JSON: the CLI stopped with a message.
  }
  const stderr = result.stderr.trim().split("\n")[0] ?? "";
  if (!json && stderr) problems = [stderr.replace(/^portfolio: /, "")];
  return { problems, first: problems[0] ?? (result.status === 0 ? "valid" : stderr), crashed: /unexpected failure|^\s+at \S+ \(/m.test(result.stderr) };
}

function allowedChanges(stdout: string): string[] {
  const report = JSON.parse(stdout) as { signatures: Array<{ laterChanges: Array<{ allowed: boolean; description: string }> }> };
  return report.signatures.flatMap((s) => s.laterChanges.filter((c) => c.allowed).map((c) => c.description));
}

const baseFiles = new Map<Buffer, Promise<string>>();
function fileOf(pdf: Buffer): Promise<string> {
  if (!baseFiles.has(pdf)) {
    const file = join(dir, `base-${baseFiles.size}.pdf`);
    baseFiles.set(pdf, writeFile(file, pdf).then(() => file));
  }
  return baseFiles.get(pdf)!;
}

async function expectShown(file: string, c: Case): Promise<void> {
  const { page, text, gone, render } = c.shows!;
  const from = await fileOf(c.from?.() ?? p.learner);
  if (render) expect(await A.pageRender(file, page), "pdftoppm draws the page as signed").not.toBe(await A.pageRender(from, page));
  const [forged, signed] = await Promise.all([A.pageText(file, page), A.pageText(from, page)]);
  if (text) {
    expect(signed, "the signed file already shows it").not.toContain(text);
    expect(forged, "pdftotext does not show the forgery").toContain(text);
  }
  if (gone) {
    expect(signed).toContain(gone);
    expect(forged, "pdftotext still shows it").not.toContain(gone);
  }
}

const groups: Array<[string, Case[]]> = [
  ["USF: universal signature forgery", usf],
  ["ISA: incremental saving attack", isa],
  ["SWA: signature wrapping", swa],
  ["Shadow attacks and cross-reference tricks", shadowCases],
  ["SSA: signature spoofing", ssa],
  ["accepted before, as the issue lists them", issue],
  ["comments that do more than comment", comments],
  ["certificates", certificates],
  ["valid: must be accepted", valid],
];

/** The sentence each forgery must be refused with (a phrase of it), so a refusal for the wrong reason fails. */
const SAYS: Record<string, RegExp> = {
  "usf-contents-empty": /signature cannot be read: .*CMS cannot be read/,
  "usf-contents-zeros": /signature cannot be read: .*CMS cannot be read/,
  "usf-contents-missing": /not where this field keeps its signature/,
  "usf-contents-null": /not where this field keeps its signature/,
  "usf-contents-a-number": /not where this field keeps its signature/,
  "usf-byterange-missing": /byte ranges of the learner's signature \(which say what it signed\) are malformed/,
  "usf-byterange-zeros": /byte ranges of the learner's signature \(which say what it signed\) are malformed/,
  "usf-byterange-null": /byte ranges of the learner's signature \(which say what it signed\) are malformed/,
  "usf-byterange-wrong-types": /byte ranges of the learner's signature \(which say what it signed\) are malformed/,
  "usf-byterange-past-the-end": /byte ranges of the learner's signature \(which say what it signed\) are malformed/,
  "isa-content-stream-replaced": /after the learner signed, the content of page 2 was changed \(revision 3\)/,
  "isa-content-stream-replaced-xref-stream": /after the learner signed, the content of page 2 was changed/,
  "isa-page-added": /after the learner signed, pages were added \(47 before, 48 now\)/,
  "isa-font-replaced": /after the learner signed, a font on page 6 \(\/F4\) was replaced/,
  "isa-freetext-annotation": /a text box \(FreeText\) was added to page 2/,
  "isa-stamp-annotation": /a Stamp annotation was added to page 2/,
  "isa-catalog-pages-replaced": /the catalog was made to point to another page tree/,
  "isa-appended-objects-only": /bytes were added after the file's last revision/,
  "isa-update-without-prev": /the learner's signature is no longer in the document's last revision/,
  "isa-fresh-full-xref-without-prev": /the content of page 2 was changed/,
  "isa-after-all-three-signatures": /after the learner signed, the content of page 2 was changed \(revision 5\)/,
  "isa-changed-then-countersigned": /after the learner signed, the content of page 2 was changed \(revision 3\)/,
  "isa-changed-countersigned-then-changed-back": /after the learner signed, the content of page 2 was changed \(revision 3\)/,
  "swa-signed-bytes-moved": /does not cover the file up to the end of a revision/,
  "swa-signature-dictionary-rewritten": /not where this field keeps its signature/,
  "shadow-hide-cover-repointed": /a drawing on page 2 \(\/ShCover\) was replaced/,
  "shadow-hide-cover-annotation-deleted": /an annotation was removed from page 2/,
  "shadow-replace-form-field-filled": /the form field grade was filled in or changed/,
  "shadow-replace-font-xref-only": /a font on page 6 \(\/F4\) was replaced/,
  "shadow-hide-and-replace-content-xref-only": /the content of page 2 was changed/,
  "shadow-hide-and-replace-page-tree-xref-only": /page 2 was replaced by another page/,
  "shadow-hide-and-replace-root-swapped": /the trailer points to a new catalog/,
  "shadow-hide-and-replace-catalog-to-signed-tree": /the catalog was made to point to another page tree/,
  "shadow-prev-to-unused-signed-revision": /the content of page 2 was changed/,
  "object-written-twice-xref-to-the-first": /the content of page 2 was changed/,
  "replacement-stream-typed-objstm": /the content of page 2 was changed/,
  "replacement-stream-typed-xref": /the content of page 2 was changed/,
  "xref-entry-inside-signature-contents": /points object \d+ at something that is not it/,
  "free-entry-with-a-later-copy": /the content of page 2 was removed \(object \d+ was freed in the cross-reference\)/,
  "free-entry-for-the-declaration-text": /the content of page 2 was removed \(object \d+ was freed in the cross-reference\)/,
  "generation-bumped-page-refers-to-gen-0": /the content of page 2 was removed/,
  "ssa-learner-key-in-assessor-field": /appears on the page as signed by Daniel Okafor, but its certificate is Priya Shah's/,
  "ssa-mallory-named-daniel-trusted": /Mallory Evans/,
  "ssa-mallory-named-daniel-no-trust": /appears on the page as signed by Daniel Okafor, but its certificate is Mallory Evans's/,
  "ssa-sneaky-signature-over-the-assessors-box": /the signature in field sig9 is drawn over the assessor's box on page 2/,
  "ssa-sneaky-signature-over-the-assessors-signature": /the signature in field sig9 is drawn over the assessor's box on page 2/,
  "ssa-sneaky-signature-over-a-sticky-note": /the signature in field sig9 is drawn over an earlier Text annotation on page \d+/,
  "ssa-learner-signature-replayed-as-assessor": /not where this field keeps its signature/,
  "dss-new-catalog-reaches-new-page-tree": /the trailer points to a new catalog/,
  "need-appearances-turned-on": /\/NeedAppearances/,
  "ft-sig-on-a-stamp": /drawn by a Stamp annotation, not a signature widget/,
  "ft-sig-on-a-freetext": /drawn by a FreeText annotation, not a signature widget/,
  "ft-sig-on-a-link": /drawn by a Link annotation, not a signature widget/,
  "unsigned-signature-field-painted-signed": /unsigned signature field assessor with an appearance was added/,
  "signature-field-with-page-open-javascript": /carries actions \(such as JavaScript\)/,
  "open-action-javascript": /changed its \/OpenAction/,
  "sticky-note-painting-over-the-reflection": /a sticky note was added on page \d+ whose appearance writes text, which a comment does not/,
  "highlight-painting-the-line-white": /a highlight was added on page \d+ whose appearance paints over the page rather than marking it/,
  "sticky-note-running-javascript": /a sticky note on page \d+ carries actions \(such as JavaScript\)/,
  "certificate-issued-by-the-learners-certificate": /is not a certificate authority/,
  "intermediate-expired": /checked now, there being no timestamp: the certificate “Northgate College Assessors CA 2019” expired on/,
  "backdated-with-an-expired-certificate": /checked now, there being no timestamp: the certificate “Daniel Okafor” expired on 2020-02-01/,
  "signature-algorithm-claims-sha1": /SHA-1/,
};
/** What a valid file's report must list among the changes allowed after signing. */
const LISTS: Record<string, RegExp> = {
  "sticky-note-added": /a sticky note was added on page \d+.*: “Please expand AC 2\.1”/,
  "highlight-and-popup-added": /a highlight was added on page \d+.*: “Good evidence for AC 3\.1”/,
};

// One concurrent suite over all groups, so that cases of every class are judged side by side.
describe.concurrent("portfolio verify on forgeries of a signed portfolio", () => {
  for (const [group, cases] of groups) {
    describe(group, () => {
      for (const c of cases) {
        it(`${c.name}: ${c.expected}`, async () => {
          const file = join(dir, `${c.name}.pdf`);
          await writeFile(file, await c.make());
          if (c.shows) await expectShown(file, c);
          const trust =
            c.trust === "signers" ? Object.values(p.signers).flatMap((s) => ["--trust", s.pem])
            : c.trust === "college" ? ["--trust", authorities.root, "--trust", p.signers.learner.pem]
            : [];
          const [result, pdfsig] = await Promise.all([verify(["verify", file, "--format", "json", ...trust]), A.pdfsigVerdict(file)]);
          const { problems, first, crashed } = judged(result);
          rows.push({ group, name: c.name, expected: c.expected, status: result.status, verdict: first, pdfsig, others: c.others });
          expect(crashed, result.stderr).toBe(false);
          if (c.expected === "valid") {
            expect(problems, "refused a valid file").toEqual([]);
            expect(result.status).toBe(0);
            const listed = LISTS[c.name];
            if (listed) expect(allowedChanges(result.stdout).join("\n")).toMatch(listed);
          } else {
            expect(result.status, "accepted a forgery").toBe(1);
            expect(problems.length, "refused without saying why").toBeGreaterThan(0);
            expect(problems.join("\n"), "refused, but not for this forgery").toMatch(SAYS[c.name] ?? /^$/);
          }
        }, 60_000);
      }
    });
  }
});

afterAll(async () => {
  const order = groups.flatMap(([, cases]) => cases.map((c) => c.name));
  rows.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s).padEnd(n);
  const table = [
    `${cut("case", 48)} ${cut("expected", 8)} exit  ${cut("verify says", 70)} pdfsig`,
    ...rows.map((r) => `${cut(r.name, 48)} ${cut(r.expected, 8)} ${String(r.status).padEnd(5)} ${cut(r.verdict.replace(/\s+/g, " "), 70)} ${r.pdfsig}`),
  ].join("\n");
  console.log(`verify (${cliRoot}) on ${rows.length} forgeries and valid files:\n${table}`);
  if (process.env.ATTACKS_TABLE) await writeFile(process.env.ATTACKS_TABLE, `${JSON.stringify(rows, null, 1)}\n`);
});
