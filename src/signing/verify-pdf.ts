import { createHash, X509Certificate } from "node:crypto";
import { PDFDocument } from "pdf-lib";
import { PortfolioError } from "../errors.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { ROLES, roleTitles, type Role } from "./identity.ts";
import { matchWorkspace, type WorkspaceMatch } from "./match-workspace.ts";
import { laterChanges, type LaterChange } from "./later-changes.ts";
import { findSignatures, revisionEnds } from "./read-signatures.ts";
import { checkCertificate, checkCms, type CertificateCheck } from "./verify-cms.ts";
import { loadPdf } from "../pdf/pdf-lib.ts";

export class UnverifiablePdfError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(file: string, reason: string) {
    super("PORTFOLIO_PDF_UNVERIFIABLE", `${file} cannot be verified: ${reason}`, { hint: "Give the signed PDF as it was sent, not a copy that was printed or saved again." });
  }
}

export interface SignatureReport {
  field: string;
  role: Role | undefined;
  signer: string;
  time: string | undefined;
  subFilter: string;
  digestValid: boolean;
  signatureValid: boolean;
  certificateBound: boolean;
  /** The signed ranges cover the file from its start to the end of a revision, less the signature itself. */
  coversRevision: boolean;
  totalDocument: boolean;
  certificate: CertificateCheck | undefined;
  laterChanges: LaterChange[];
  problems: string[];
  notes: string[];
  valid: boolean;
}

export interface VerifyReport {
  valid: boolean;
  signatures: SignatureReport[];
  /** Given a workspace: whether it is the one the PDF was made from. */
  workspace?: WorkspaceMatch;
}

/**
 * Verifies every signature of a PDF on its own terms, not taking any reader's word: the
 * byte ranges (well-formed, the gap holding exactly this signature, ending at a revision's
 * end), the digest, the CMS signature and its binding to the certificate, the certificate,
 * and what later revisions changed.
 */
export async function verifyPdf(bytes: Uint8Array, file: string, trust: readonly X509Certificate[] = [], workspace?: Workspace): Promise<VerifyReport> {
  let doc: PDFDocument;
  let found: ReturnType<typeof findSignatures>;
  try {
    doc = await loadPdf(bytes);
    found = findSignatures(doc);
  } catch (error) {
    throw new UnverifiablePdfError(file, `it is not a PDF that can be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (found.length === 0) throw new UnverifiablePdfError(file, "it has no signatures");
  const ends = revisionEnds(bytes);
  const revisions = new Map<number, Promise<PDFDocument>>();
  const revisionAt = (end: number) => {
    if (!revisions.has(end)) revisions.set(end, loadPdf(bytes.subarray(0, end)));
    return revisions.get(end)!;
  };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  const signatures: SignatureReport[] = [];
  for (const sig of found) {
    const role = (ROLES as readonly string[]).includes(sig.field) ? (sig.field as Role) : undefined;
    const who = role ? `the ${roleTitles[role].toLowerCase()}` : `the signer of field ${sig.field}`;
    const problems: string[] = [];
    const notes: string[] = [];
    const [start, a = 0, b = 0, c = 0] = sig.byteRange;
    const rangeOk = sig.byteRange.length === 4 && sig.byteRange.every(Number.isInteger) && start === 0 && a > 0 && b > a && c >= 0 && b + c <= bytes.length;
    const gapHex = rangeOk ? buffer.subarray(a + 1, b - 1).toString("latin1") : "";
    const gapOk = rangeOk && buffer[a] === 0x3c && buffer[b - 1] === 0x3e && /^[0-9A-Fa-f]*$/.test(gapHex) && gapHex.toLowerCase() === Buffer.from(sig.contents).toString("hex");
    const end = b + c;
    const coversRevision = rangeOk && gapOk && ends.includes(end);
    if (!rangeOk) problems.push(`the byte ranges of ${who}'s signature are malformed, so it does not say what it signed`);
    else if (!gapOk) problems.push(`the part of the file left out of ${who}'s signature is not just the signature itself`);
    else if (!coversRevision) problems.push(`${who}'s signature does not cover the file up to the end of a revision`);

    const digest = rangeOk ? createHash("sha256").update(buffer.subarray(0, a)).update(buffer.subarray(b, end)).digest() : Buffer.alloc(32);
    const cms = checkCms(sig.contents, digest);
    if (cms.problem) problems.push(cms.problem);
    if (cms.readable && !cms.digestMatches) problems.push(`the signed bytes were changed after ${who} signed (the digest does not match)`);
    if (cms.readable && cms.signer && !cms.signatureValid) problems.push(`${who}'s signature does not match the signer's certificate`);
    // PAdES requires the signature to name its certificate; older SubFilters do not.
    if (cms.readable && cms.signer && !cms.certificateBound) {
      if (sig.subFilter === "ETSI.CAdES.detached") problems.push(`${who}'s signature does not name its certificate (ESS signing-certificate-v2), which PAdES requires`);
      else notes.push("the signature does not name its certificate (no ESS signing-certificate-v2)");
    }
    if (cms.hasSigningTime) notes.push("the CMS carries a signing-time, which PAdES B-B leaves out");
    if (sig.subFilter !== "ETSI.CAdES.detached") notes.push(`the SubFilter is ${sig.subFilter || "missing"}, not ETSI.CAdES.detached (PAdES)`);

    const at = sig.time ?? new Date();
    const certificate = cms.signer ? checkCertificate(cms.signer, cms.certificates, trust, at) : undefined;
    if (certificate && !certificate.validAtSigningTime) problems.push(`${who}'s certificate was not valid when the signature was made`);
    if (certificate && !certificate.signingUsage) problems.push(`${who}'s certificate is not for signing (no digitalSignature or nonRepudiation key usage)`);
    if (certificate && trust.length > 0 && !certificate.trusted) problems.push(`${who}'s certificate does not chain to a trusted certificate`);
    if (certificate && trust.length === 0) notes.push(certificate.selfSigned ? "the certificate is self-signed: it shows who signed as far as you trust this key (use --trust CERT.pem)" : "no trusted certificate was given (--trust), so the chain was not checked");

    const later = coversRevision && end < bytes.length ? laterChanges(await revisionAt(end), doc) : [];
    for (const change of later.filter((x) => !x.allowed)) problems.push(`${change.description} after ${who} signed`);

    signatures.push({
      field: sig.field,
      role,
      signer: cms.signer?.subject.split("\n").find((l) => l.startsWith("CN="))?.slice(3) ?? sig.name ?? "unknown",
      time: sig.time?.toISOString(),
      subFilter: sig.subFilter,
      digestValid: cms.digestMatches,
      signatureValid: cms.signatureValid,
      certificateBound: cms.certificateBound,
      coversRevision,
      totalDocument: coversRevision && end === bytes.length,
      certificate,
      laterChanges: later,
      problems,
      notes,
      valid: problems.length === 0,
    });
    if (!cms.certificateBound && sig.subFilter !== "ETSI.CAdES.detached") signatures.at(-1)!.certificateBound = cms.signatureValid;
  }
  const match = workspace ? await matchWorkspace(doc, workspace) : undefined;
  return { valid: signatures.every((s) => s.valid) && (match?.matches ?? true), signatures, ...(match ? { workspace: match } : {}) };
}
