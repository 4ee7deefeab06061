import type { X509Certificate } from "node:crypto";
import { PortfolioError } from "../errors.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { sameName, simpleName } from "../text/same-name.ts";
import { isRecordedAssessment, type RecordedAssessment } from "../assessment/recorded.ts";
import { ROLES, roleOfSubject, roleTitles, type Role } from "./roles.ts";
import type { WorkspaceMatch } from "./match-workspace.ts";
import { updateChanges, type LaterChange, type ReaderComment } from "./later-changes.ts";
import { PdfSyntaxError } from "./pdf-reader/objects.ts";
import { BrokenPdfError, PdfFile, type Revision } from "./pdf-reader/revisions.ts";
import { findSignatures, type FoundSignature } from "./read-signatures.ts";
import { checkCms, validatePath, type CmsCheck, type PathCheck } from "./verify-cms.ts";
import { hashLabel } from "../text/format.ts";
import { isWhitespace } from "./pdf-reader/objects.ts";

export class UnverifiablePdfError extends PortfolioError {
  override readonly exitCode = 1;
  /** A PDF read whole that has no signature at all (built with --no-sign, as CI builds it), rather than one that cannot be read. */
  readonly unsigned: boolean;
  constructor(file: string, reason: string, options: { unsigned?: boolean } = {}) {
    super("PORTFOLIO_PDF_UNVERIFIABLE", `${file} cannot be verified: ${reason}`, { hint: "Give the signed PDF as it was sent, not a copy that was printed or saved again." });
    this.unsigned = options.unsigned ?? false;
  }
}

export interface CertificateReport {
  subject: string;
  /** SHA-256 fingerprint, as Node writes it (AB:CD:…). */
  fingerprint: string;
  issuer: string;
  selfSigned: boolean;
  /** Chains to a certificate given with --trust, every check passing at `checkedAt`. */
  trusted: boolean;
  checkedAt: string;
  /** Where that time comes from: a timestamp that verifies, or the time of verifying. */
  timeSource: "signature timestamp" | "document timestamp" | "now";
  problems: string[];
}

export interface SignatureReport {
  field: string;
  role: Role | undefined;
  kind: "signature" | "timestamp";
  signer: string;
  /** The time the signer claims (/M), or a timestamp's time. */
  time: string | undefined;
  /** Why the signer says they signed (/Reason), as they wrote it. */
  reason: string | undefined;
  /** The decisions `portfolio assess` recorded with this signature, drawn as its appearance. */
  assessment?: RecordedAssessment;
  subFilter: string;
  digestAlgorithm: string;
  digestValid: boolean;
  signatureValid: boolean;
  certificateBound: boolean;
  /** The signed ranges cover the file from its start to the end of a revision, less this signature's own /Contents. */
  coversRevision: boolean;
  /** The revision (1-based) the signature covers, of `revisions`. */
  revision: number | undefined;
  totalDocument: boolean;
  certificate: CertificateReport | undefined;
  /** A certification (DocMDP) signature's permissions: 1 no changes, 2 form filling and signing, 3 also comments. */
  certification: number | undefined;
  laterChanges: LaterChange[];
  problems: string[];
  notes: string[];
  valid: boolean;
}

export interface VerifyReport {
  /** Every signature holds, nothing disallowed came after any, and (with --trust) every signer is confirmed. */
  valid: boolean;
  /** Certificates were given with --trust to confirm who signed. */
  trustGiven: boolean;
  /** Every signer's certificate chains to a certificate given with --trust. */
  identityConfirmed: boolean;
  revisions: number;
  signatures: SignatureReport[];
  /** The comments PDF readers added after signing (allowed, and listed): page, kind, author, text. */
  comments: ReaderComment[];
  /** The assessor's recorded decisions, from their signature, when it holds. */
  assessment?: RecordedAssessment;
  /** The IQA's recorded sampling of them, from their signature, when it holds. */
  iqa?: RecordedAssessment;
  /** Problems of the file as a whole, not of one signature. */
  problems: string[];
  /** Given a workspace: whether it is the one the PDF was made from. */
  workspace?: WorkspaceMatch;
}

/**
 * Verifies every signature of a PDF on its own terms, not taking any reader's word.
 * The file is read revision by revision through its cross-reference data, as a PDF
 * reader reads it; each signature must be bound to its own dictionary (the byte ranges
 * leave out exactly its /Contents) and cover a whole revision; its CMS must hold for the
 * signed bytes; its certificate is judged at a trusted time; and everything the later
 * revisions changed is judged against what may change after signing.
 */
export async function verifyPdf(bytes: Uint8Array, file: string, trust: readonly X509Certificate[] = [], workspace?: Workspace): Promise<VerifyReport> {
  let pdf: PdfFile;
  let found: FoundSignature[];
  let latestUnreadable: string | undefined;
  try {
    pdf = new PdfFile(bytes);
    ({ found, latestUnreadable } = findSignatures(pdf));
  } catch (error) {
    if (!(error instanceof BrokenPdfError || error instanceof PdfSyntaxError)) throw error;
    throw new UnverifiablePdfError(file, `it is not a PDF that can be read as signed (${error.message})`);
  }
  if (found.length === 0) throw new UnverifiablePdfError(file, latestUnreadable ? `its form cannot be read (${latestUnreadable})` : "it has no signatures", { unsigned: !latestUnreadable });

  const problems: string[] = [];
  if (latestUnreadable) problems.push(`the document's last revision cannot be read as a reader would show it: ${latestUnreadable}`);
  if (pdf.trailingBytes > 0) problems.push(`${pdf.trailingBytes} bytes were added after the file's last revision, outside every signature and every cross-reference`);
  const updates = new Map<number, LaterChange[]>();
  const changesOf = (index: number): LaterChange[] => {
    if (!updates.has(index)) {
      try {
        updates.set(index, updateChanges(pdf.revisions[index - 1]!, pdf.revisions[index]!));
      } catch (error) {
        if (!(error instanceof BrokenPdfError || error instanceof PdfSyntaxError)) throw error;
        updates.set(index, [{ allowed: false, kind: "other", description: `revision ${index + 1} cannot be read (${error.message})`, revision: index + 1 }]);
      }
    }
    return updates.get(index)!;
  };

  const checked = found.map((sig) => checkSignature(pdf, sig));
  // One signature, one field: a signature shown in a second field vouches for nothing there.
  const firstField = new Map<string, string>();
  for (const { sig, coverage } of checked) {
    const key = sig.byteRange.join(" ");
    const other = firstField.get(key);
    if (other === undefined) firstField.set(key, sig.field);
    else coverage.problems.push(`{theirs} signature is the one already in field ${other}, copied into this field`);
  }
  // A document timestamp proves that everything it covers existed at its time.
  const documentTimestamps = checked
    .filter((c) => c.cms.kind === "timestamp" && c.cms.digestMatches && c.cms.signatureValid && c.cms.timestamp?.valid && c.revision)
    .map((c) => ({ revision: c.revision!.index, time: c.cms.timestamp!.time }));

  const signatures: SignatureReport[] = [];
  for (const { sig, cms, revision, coverage } of checked) {
    const role = (ROLES as readonly string[]).includes(sig.field) ? (sig.field as Role) : undefined;
    const isTimestamp = cms.kind === "timestamp";
    const who = role ? `the ${roleTitles[role].toLowerCase()}` : isTimestamp ? `the timestamp in field ${sig.field}` : `the signer of field ${sig.field}`;
    const theirs = role ? `${who}'s` : `field ${sig.field}'s`;
    const sigProblems = [...coverage.problems.map((p) => p.replace("{theirs}", theirs))];
    const notes: string[] = [];
    if (cms.readable) for (const p of cms.problems) sigProblems.push(`${theirs} signature: ${p}`);
    else sigProblems.push(`${theirs} signature cannot be read: ${cms.problems[0] ?? "its CMS is malformed"}`);
    if (cms.readable && !cms.digestMatches && !cms.problems.length) {
      sigProblems.push(coverage.ok
        ? `the signed bytes were changed after ${who} signed (the ${hashLabel(cms.digestAlgorithm)} digest does not match)`
        : `the bytes ${theirs} signature names are not the bytes it signed (the ${hashLabel(cms.digestAlgorithm)} digest does not match)`);
    }
    if (cms.readable && cms.signer && !cms.signatureValid && !cms.problems.length) sigProblems.push(`${theirs} signature does not match the signer's certificate`);
    if (cms.readable && cms.signer && !isTimestamp && !cms.certificateBound) {
      if (sig.subFilter === "ETSI.CAdES.detached") sigProblems.push(`${theirs} signature does not name its certificate (ESS signing-certificate), which PAdES requires`);
      else notes.push("the signature does not name its certificate (no ESS signing-certificate attribute), which adbe.pkcs7.detached allows");
    }
    if (sig.encrypted) notes.push("the PDF is encrypted: the signature's name, time and appearance were not read, only what it signed");
    if (!isTimestamp && sig.subFilter !== "ETSI.CAdES.detached") notes.push(`the SubFilter is ${sig.subFilter || "missing"}, not ETSI.CAdES.detached (PAdES)`);

    // The time to judge the certificate at: a timestamp's, else now; never the time the signer claims.
    const laterStamp = revision ? documentTimestamps.filter((t) => t.revision > revision.index).sort((a, b) => a.time.getTime() - b.time.getTime())[0] : undefined;
    const ownStamp = cms.timestamp?.valid ? cms.timestamp.time : undefined;
    const checkedAt = isTimestamp ? ownStamp ?? new Date() : ownStamp ?? laterStamp?.time ?? new Date();
    // A timestamp authority's certificate is judged at the time it stamped.
    const timeSource: CertificateReport["timeSource"] = isTimestamp ? (ownStamp ? "document timestamp" : "now") : ownStamp ? "signature timestamp" : laterStamp ? "document timestamp" : "now";
    if (cms.timestamp && !cms.timestamp.valid && !isTimestamp) sigProblems.push(`${theirs} signature timestamp does not hold: ${cms.timestamp.problems.join("; ")}`);
    let certificate: CertificateReport | undefined;
    if (cms.signer) {
      const judged = judgeCertificate(cms.signer, cms.certificates, trust, { checkedAt, timeSource }, isTimestamp ? "timestamping" : "signing", theirs);
      certificate = judged.certificate;
      sigProblems.push(...judged.problems);
      notes.push(...judged.notes);
      const identity = identityProblems(sig, cms, role, theirs);
      sigProblems.push(...identity.problems);
      notes.push(...identity.notes);
    }

    const later = revision ? pdf.revisions.slice(revision.index + 1).flatMap((r) => changesOf(r.index)) : [];
    for (const change of later.filter((c) => !c.allowed)) sigProblems.push(`after ${who} signed, ${change.description} (revision ${change.revision})`);
    if (sig.docMdp !== undefined && revision) {
      const certified = `${who} certified the document allowing ${["no changes", "only form filling and signatures", "form filling, signatures and comments"][sig.docMdp - 1]}`;
      const beyond = later.filter((c) => c.allowed && ((sig.docMdp === 1 && !["validation-data", "timestamp", "metadata"].includes(c.kind)) || (sig.docMdp === 2 && c.kind === "comment")));
      for (const change of beyond) sigProblems.push(`${certified}, yet ${change.description} (revision ${change.revision})`);
    }

    const signer = commonName(cms.signer) ?? sig.name ?? "unknown";
    const assessment = sig.assessment === undefined ? undefined : recordOf(sig.assessment, role, signer, theirs);
    if (assessment?.problem) sigProblems.push(assessment.problem);
    const report: SignatureReport = {
      field: sig.field,
      role,
      kind: cms.kind,
      signer,
      time: isTimestamp ? (cms.timestamp?.valid ? cms.timestamp.time.toISOString() : undefined) : sig.time?.toISOString(),
      reason: sig.reason,
      ...(assessment?.record ? { assessment: assessment.record } : {}),
      subFilter: sig.subFilter,
      digestAlgorithm: cms.digestAlgorithm,
      digestValid: cms.digestMatches,
      signatureValid: cms.signatureValid,
      certificateBound: cms.certificateBound || (sig.subFilter !== "ETSI.CAdES.detached" && cms.signatureValid),
      coversRevision: coverage.ok,
      revision: revision ? revision.index + 1 : undefined,
      totalDocument: coverage.ok && revision === pdf.latest && pdf.trailingBytes === 0,
      certificate,
      certification: sig.docMdp,
      laterChanges: later,
      problems: sigProblems,
      notes,
      valid: sigProblems.length === 0,
    };
    signatures.push(report);
  }
  // Loaded only when asked for: it brings the workspace reader with it.
  // A signed file saved again by another program (qpdf, a PDF editor) keeps its signatures'
  // bytes but not the file they signed.
  if (signatures.some((s) => !s.coversRevision) && pdf.revisions.length <= signatures.length) {
    problems.push(`the file seems to have been saved again by another program after it was signed (${signatures.length} ${signatures.length === 1 ? "signature" : "signatures"} in ${pdf.revisions.length} ${pdf.revisions.length === 1 ? "revision" : "revisions"}): ask for the PDF exactly as it was signed`);
  }
  sameCertificateInRoles(signatures, checked.map((c) => c.cms.signer));
  const match = workspace ? await (await import("./match-workspace.ts")).matchWorkspace(pdf.latest, workspace) : undefined;
  // The learner's signature is the declared learner's: a renamed portfolio signed in the old name is not.
  const declared = workspace?.config?.learner.name;
  for (const report of signatures.filter((s) => s.role === "learner" && declared && s.certificate && !sameName(s.signer, declared))) {
    report.problems.push(`the learner's signature is in the name of ${report.signer}, but this portfolio is ${declared}'s (portfolio.yaml)`);
    report.valid = false;
  }
  const identityConfirmed = trust.length > 0 && signatures.every((s) => s.certificate?.trusted === true);
  // The comments readers added after the signatures, once each (every earlier signature sees a later one).
  const comments = new Map<string, ReaderComment>();
  for (const change of signatures.flatMap((s) => s.laterChanges)) if (change.allowed && change.comment) comments.set(`${change.revision}|${change.description}`, change.comment);
  const assessed = signatures.find((s) => s.role === "assessor" && s.valid && s.assessment);
  const sampled = signatures.find((s) => s.role === "iqa" && s.valid && s.assessment);
  return {
    valid: problems.length === 0 && signatures.every((s) => s.valid) && (match?.matches ?? true),
    trustGiven: trust.length > 0,
    identityConfirmed,
    revisions: pdf.revisions.length,
    signatures,
    comments: [...comments.values()],
    ...(assessed ? { assessment: assessed.assessment! } : {}),
    ...(sampled ? { iqa: sampled.assessment! } : {}),
    problems,
    ...(match ? { workspace: match } : {}),
  };
}

/**
 * The signer's certificate path (RFC 5280's basics) judged at `when`. With --trust its
 * defects and an untrusted chain fail the signature; without, they are notes, since
 * nothing about the signer is confirmed either way.
 */
/**
 * The record a signature carries, believed only as far as it agrees with the signature: it
 * must read as a record, for the role of the field it is signed in, in the signer's name.
 */
function recordOf(data: string, role: Role | undefined, signer: string, theirs: string): { record?: RecordedAssessment; problem?: string } {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { problem: `the record of decisions in ${theirs} signature cannot be read (it is not JSON)` };
  }
  if (!isRecordedAssessment(value)) return { problem: `the record of decisions in ${theirs} signature cannot be read (it is not a record portfolio assess writes)` };
  if (value.role !== role) return { problem: `the record of decisions in ${theirs} signature is the ${roleTitles[value.role].toLowerCase()}'s, signed in the ${role ? `${roleTitles[role].toLowerCase()}'s` : "wrong"} field` };
  if (!sameName(value.assessor, signer)) return { problem: `the record of decisions in ${theirs} signature names ${value.assessor}, but it is signed by ${signer}` };
  return { record: value };
}

function judgeCertificate(signer: X509Certificate, others: readonly X509Certificate[], trust: readonly X509Certificate[], when: { checkedAt: Date; timeSource: CertificateReport["timeSource"] }, purpose: "signing" | "timestamping", theirs: string): { certificate: CertificateReport; problems: string[]; notes: string[] } {
  const { checkedAt, timeSource } = when;
  let path: PathCheck;
  try {
    path = validatePath(signer, others, trust, checkedAt, purpose);
  } catch (error) {
    path = { trusted: false, chain: [signer], selfSigned: false, problems: [`its certificate chain cannot be read (${error instanceof Error ? error.message : String(error)})`] };
  }
  const certificate: CertificateReport = {
    subject: signer.subject.replace(/\n/g, ", "),
    fingerprint: signer.fingerprint256,
    issuer: signer.issuer.replace(/\n/g, ", "),
    selfSigned: path.selfSigned,
    trusted: path.trusted,
    checkedAt: checkedAt.toISOString(),
    timeSource,
    problems: path.problems,
  };
  const problems: string[] = [];
  const notes: string[] = [];
  const at = timeSource === "now" ? "now, there being no timestamp" : `at the ${timeSource}'s time`;
  if (trust.length === 0) {
    for (const p of path.problems) notes.push(`certificate, checked ${at}: ${p}`);
    return { certificate, problems, notes };
  }
  for (const p of path.problems) problems.push(`${theirs} certificate, checked ${at}: ${p}`);
  if (timeSource === "now" && path.problems.some((p) => p.includes(" expired on "))) {
    notes.push("with no timestamp, nothing proves the signature was made while the certificate was valid; a copy timestamped when it was signed (PAdES B-T), or the signer's word, is needed");
  }
  if (!path.trusted && !path.problems.length) problems.push(`${theirs} certificate does not chain to a certificate given with --trust`);
  return { certificate, problems, notes };
}

/** One person, one role: the learner's certificate in the assessor's field vouches for no assessment. */
function sameCertificateInRoles(signatures: SignatureReport[], signers: ReadonlyArray<X509Certificate | undefined>): void {
  const byCertificate = new Map<string, SignatureReport>();
  signatures.forEach((report, i) => {
    const signer = signers[i];
    if (!report.role || !signer) return;
    const first = byCertificate.get(signer.fingerprint256);
    if (!first) { byCertificate.set(signer.fingerprint256, report); return; }
    if (first.role === report.role) return;
    report.problems.push(`the ${roleTitles[report.role].toLowerCase()}'s field was signed with the same certificate as the ${roleTitles[first.role!].toLowerCase()}'s (${report.signer}): one person signed for two roles`);
    report.valid = false;
  });
}

interface Coverage {
  ok: boolean;
  problems: string[];
}

/**
 * The byte ranges must be [0 a b c]: from the start of the file to just before this
 * signature's own /Contents, and from just after it to the end of a revision, with
 * nothing but line ends between that end and the `%%EOF`. Anything else leaves bytes
 * outside the signature that a reader would show, or signs someone else's dictionary.
 */
function checkSignature(pdf: PdfFile, sig: FoundSignature): { sig: FoundSignature; cms: CmsCheck; revision: Revision | undefined; coverage: Coverage } {
  const bytes = pdf.bytes;
  const problems: string[] = [];
  const range = sig.byteRange;
  const [start, a = 0, b = 0, c = 0] = range;
  const wellFormed = range.length === 4 && range.every((n) => Number.isSafeInteger(n) && n >= 0) && start === 0 && a > 0 && b > a && b + c <= bytes.length;
  let revision: Revision | undefined;
  if (!wellFormed) {
    problems.push("the byte ranges of {theirs} signature (which say what it signed) are malformed");
  } else if (!sig.contentsSpan || sig.contentsSpan[0] !== a || sig.contentsSpan[1] !== b) {
    problems.push("the part of the file left out of {theirs} signature is not where this field keeps its signature (its /Contents), so the signature is not tied to this field");
  } else {
    const end = b + c;
    revision = pdf.revisions.find((r) => coversUpTo(bytes, r, end));
    if (!revision) problems.push("{theirs} signature does not cover the file up to the end of a revision");
    else if (!sig.inLatest) {
      problems.push("{theirs} signature is no longer in the document's last revision");
    } else if (sig.num !== undefined && revision.location(sig.num) !== pdf.latest.location(sig.num)) {
      problems.push("{theirs} signature dictionary was replaced after it was signed");
    }
  }
  const signed = wellFormed ? [bytes.subarray(0, a), bytes.subarray(b, b + c)] : [];
  const cms = checkCms(sig.contents, signed, sig.subFilter);
  return { sig, cms, revision, coverage: { ok: problems.length === 0, problems } };
}

/** Whether a signature ending at `end` covers `revision` whole: its %%EOF, then at most line ends, then nothing that is not white space. */
function coversUpTo(bytes: Uint8Array, revision: Revision, end: number): boolean {
  const eofEnd = revision.eofAt + 5;
  if (end < eofEnd) return false;
  for (let i = eofEnd; i < end; i++) if (!isWhitespace(bytes[i])) return false;
  return true;
}

function commonName(cert: X509Certificate | undefined): string | undefined {
  return cert?.subject.split("\n").find((l) => l.startsWith("CN="))?.slice(3);
}


/**
 * A signature that shows one person while its certificate is another's: the appearance
 * ("Digitally signed by Daniel Okafor") against the certificate's common name, which is
 * refused, since that is what the reader of the page believes; /Name, which signing tools
 * fill freely and readers do not show as the signer, is only reported; and a role field
 * signed with a certificate made for another role.
 */
function identityProblems(sig: FoundSignature, cms: CmsCheck, role: Role | undefined, theirs: string): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const cn = commonName(cms.signer);
  const differs = (claim: string) => {
    const name = simpleName(claim);
    const certName = cn ? simpleName(cn) : "";
    if (!name || !certName || name.includes(certName) || certName.includes(name)) return false;
    // "Last, First" order, or an e-mail address in the certificate, names the same person.
    const words = new Set(certName.split(" "));
    if (name.split(" ").filter((w) => w.length > 1).every((w) => words.has(w))) return false;
    return !cms.signer?.subjectAltName?.toLowerCase().includes(claim.toLowerCase());
  };
  const shown = sig.appearanceNames.find(differs);
  if (shown) problems.push(`${theirs} signature appears on the page as signed by ${shown}, but its certificate is ${cn}'s`);
  if (sig.name && differs(sig.name)) notes.push(`the signature dictionary names ${sig.name} (/Name), but the certificate is ${cn}'s`);
  const certRole = cms.signer ? roleOfSubject(cms.signer.subject) : undefined;
  if (role && certRole && certRole !== role) problems.push(`the ${roleTitles[role].toLowerCase()}'s field was signed with a certificate made for the ${roleTitles[certRole].toLowerCase()} (${cn})`);
  return { problems, notes };
}
