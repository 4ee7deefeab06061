import type { X509Certificate } from "node:crypto";
import { CMS_OID, digestTitle } from "./cms.ts";
import { checkSigner, readSignedData, reason, timestampToken, type SignedDataRead, type SignerCheck, type Wording } from "./signer-info.ts";
import { checkTimestampToken, type TimestampCheck } from "./timestamp.ts";

export type { DigestName } from "./cms.ts";
export { allowsSigning, validatePath, type PathCheck } from "./certificate-path.ts";
export type { TimestampCheck } from "./timestamp.ts";

export interface CmsCheck {
  readable: boolean;
  /** "signature" for adbe.pkcs7.detached / ETSI.CAdES.detached, "timestamp" for a document timestamp (ETSI.RFC3161, a TimeStampToken over the byte ranges). */
  kind: "signature" | "timestamp";
  /** e.g. "sha256", or the OID if unknown. For a document timestamp, the message imprint's. */
  digestAlgorithm: string;
  /** For a document timestamp, the message imprint matches the signed bytes. */
  digestMatches: boolean;
  signatureValid: boolean;
  /** ESS signing-certificate (v1, SHA-1) or v2 (any hash) names the signer's certificate. false when absent. */
  certificateBound: boolean;
  /** false for CMS without signed attributes. */
  signedAttributes: boolean;
  hasSigningTime: boolean;
  /** The CMS signing-time attribute, if any. */
  signingTime: Date | undefined;
  signer: X509Certificate | undefined;
  certificates: X509Certificate[];
  /** A signature timestamp (unsigned attribute id-aa-signatureTimeStampToken, imprint over the SignerInfo's signature value), or for kind "timestamp" the token itself. */
  timestamp: TimestampCheck | undefined;
  /**
   * Sentences a verifier understands: why the CMS cannot be read or checked, or what weakens
   * it, e.g. "the signature uses SHA-1, which is no longer accepted for signatures". A digest
   * that differs or a signature value that does not verify shows only in `digestMatches` and
   * `signatureValid`, for the caller to word with who signed. Empty when all holds.
   */
  problems: string[];
}

const SIGNATURE: Wording = {
  subject: "the signature",
  changed: (digest) => `the signed bytes changed after signing: their ${digestTitle(digest)} digest is not the one the signature holds`,
};

/**
 * Checks the CMS in a PDF signature's /Contents against `signed`, the contents of its byte
 * ranges in order. For a signature (adbe.pkcs7.detached, ETSI.CAdES.detached): the digest
 * of the signed bytes, the signature with the signer's key, the ESS signing-certificate
 * attribute and any signature timestamp. For a document timestamp (ETSI.RFC3161): the
 * token's imprint over the signed bytes and the authority's signature. Never throws: what
 * cannot be read or checked is a sentence in `problems`.
 */
export function checkCms(contents: Uint8Array, signed: readonly Uint8Array[], subFilter: string): CmsCheck {
  const kind = subFilter === "ETSI.RFC3161" ? "timestamp" : "signature";
  const result: CmsCheck = {
    readable: false, kind, digestAlgorithm: "", digestMatches: false, signatureValid: false, certificateBound: false, signedAttributes: false,
    hasSigningTime: false, signingTime: undefined, signer: undefined, certificates: [], timestamp: undefined, problems: [],
  };
  try {
    if (kind === "timestamp") return checkDocumentTimestamp(contents, signed, result);
    let read: SignedDataRead;
    try {
      read = readSignedData(contents);
    } catch (error) {
      result.problems.push(`the signature's CMS cannot be read: ${reason(error)}`);
      return result;
    }
    result.readable = true;
    return checkSignature(read, signed, subFilter, result);
  } catch (error) {
    // A defect no check above foresaw: reported, never thrown at the verifier.
    result.problems.push(`the signature's CMS could not be checked: ${reason(error)}`);
    return result;
  }
}

function checkSignature(read: SignedDataRead, signed: readonly Uint8Array[], subFilter: string, result: CmsCheck): CmsCheck {
  if (!["adbe.pkcs7.detached", "ETSI.CAdES.detached"].includes(subFilter)) {
    result.problems.push(`the signature's /SubFilter ${subFilter} is not one this verifier knows (adbe.pkcs7.detached, ETSI.CAdES.detached or ETSI.RFC3161); it was checked as a detached CMS signature`);
  }
  const { eContentType, eContent } = read.signedData.encapContentInfo;
  if (eContentType !== CMS_OID.data) result.problems.push(`the signature's CMS signs content of type ${eContentType}, where a PDF signature signs data (${CMS_OID.data})`);
  if (eContent) result.problems.push("the signature's CMS carries its own content, where a PDF signature is detached and signs the document's bytes");
  const signer = checkSigner(read, signed, SIGNATURE);
  Object.assign(result, signerFields(signer), { certificates: read.certificates });
  result.problems.push(...signer.problems);
  const token = signer.info && timestampToken(signer.info);
  if (token) {
    const signatureValue = Buffer.from(signer.info!.signature.getValue());
    // Its problems stay in its own check: the signature holds or not whatever its timestamp says.
    result.timestamp = checkTimestampToken(token, [signatureValue], "the signature timestamp").check;
  }
  return result;
}

function checkDocumentTimestamp(contents: Uint8Array, signed: readonly Uint8Array[], result: CmsCheck): CmsCheck {
  const { check, signer, imprint, failures } = checkTimestampToken(contents, signed, "the document timestamp");
  result.timestamp = check;
  result.problems.push(...check.problems.filter((p) => !failures.includes(p)));
  if (!signer) return result;
  Object.assign(result, signerFields(signer), {
    readable: true,
    certificates: check.certificates,
    digestAlgorithm: imprint.algorithm,
    digestMatches: imprint.matches,
    // The authority's signature holds only over its own, unchanged TSTInfo.
    signatureValid: signer.digestMatches && signer.signatureValid,
  });
  return result;
}

function signerFields(signer: SignerCheck): Partial<CmsCheck> {
  const { digestAlgorithm, digestMatches, signatureValid, certificateBound, signedAttributes, signingTime } = signer;
  return { digestAlgorithm, digestMatches, signatureValid, certificateBound, signedAttributes, signingTime, hasSigningTime: signingTime !== undefined, signer: signer.signer };
}
