import type { X509Certificate } from "node:crypto";
import type * as Pkijs from "pkijs";
import { asn1js, pkijs } from "./pki-modules.ts";
import type * as Asn1js from "asn1js";
import { allowsTimestamping, certificateName } from "./certificate-path.ts";
import { CMS_OID, digestNamed, digestOf, digestTitle } from "./cms.ts";
import { checkSigner, parseBer, readSignedData, reason, type SignedDataRead, type SignerCheck, type Wording } from "./signer-info.ts";

export interface TimestampCheck {
  /** The TSTInfo's genTime; an Invalid Date when the token could not be read. */
  time: Date;
  /** The imprint matches, the authority's signature holds, and its certificate has the timeStamping extended key usage. */
  valid: boolean;
  authority: X509Certificate | undefined;
  certificates: X509Certificate[];
  /** Sentences. */
  problems: string[];
}

/** What a timestamp authority's TSTInfo (RFC 3161 section 2.4.2) says it saw, and when. */
interface TstInfo {
  /** The OID of the hash in the message imprint. */
  imprintAlgorithm: string;
  /** The hash of the timestamped data, as the authority received it. */
  imprint: Buffer;
  genTime: Date;
  /** The authority's policy OID. */
  policy: string;
}

/**
 * Reads a TSTInfo from a timestamp token's encapsulated content. Throws an Error whose message
 * says what is wrong when the bytes are not a TSTInfo.
 */
function readTstInfo(eContent: Uint8Array): TstInfo {
  let parsed: Asn1js.AsnType;
  try {
    parsed = parseBer(eContent);
  } catch (error) {
    throw new Error(`its content is not a TSTInfo: ${reason(error)}`);
  }
  let info: Pkijs.TSTInfo;
  try {
    info = new pkijs.TSTInfo({ schema: parsed });
  } catch (error) {
    throw new Error(`its content is not a TSTInfo (${reason(error)})`);
  }
  return {
    imprintAlgorithm: info.messageImprint.hashAlgorithm.algorithmId,
    imprint: Buffer.from(info.messageImprint.hashedMessage.getValue()),
    genTime: info.genTime,
    policy: info.policy,
  };
}

function tokenWording(subject: string): Wording {
  return { subject, changed: (digest) => `${subject}'s content (its TSTInfo) changed after the authority signed it: its ${digestTitle(digest)} digest is not the one signed` };
}

/** A token's check, with what a document timestamp reports beside it. */
export interface TokenCheck {
  check: TimestampCheck;
  /** The authority's SignerInfo, once the token could be read as a SignedData of a TSTInfo. */
  signer: SignerCheck | undefined;
  /** The message imprint's hash ("sha256", or its OID), and whether it matches what was timestamped. */
  imprint: { algorithm: string; matches: boolean };
  /**
   * Those of `check.problems` that only say what the imprint and the authority's signature
   * flags say: the imprint does not match, the TSTInfo changed, the value does not verify.
   */
  failures: string[];
}

/**
 * Checks a TimeStampToken (RFC 3161) over `imprinted`: its TSTInfo's message imprint, the
 * authority's signature over the TSTInfo, and that the authority's certificate is for
 * timestamping. `subject` names the token in sentences ("the document timestamp").
 */
export function checkTimestampToken(token: Uint8Array, imprinted: readonly Uint8Array[], subject: string): TokenCheck {
  const result: TokenCheck = { check: { time: new Date(Number.NaN), valid: false, authority: undefined, certificates: [], problems: [] }, signer: undefined, imprint: { algorithm: "", matches: false }, failures: [] };
  const { check } = result;
  let read: SignedDataRead;
  try {
    read = readSignedData(token);
  } catch (error) {
    check.problems.push(`${subject} cannot be read: ${reason(error)}`);
    return result;
  }
  check.certificates = read.certificates;
  const { eContentType, eContent } = read.signedData.encapContentInfo;
  if (eContentType !== CMS_OID.tstInfo || !eContent) {
    check.problems.push(`${subject} is not a timestamp token: it holds content of type ${eContentType}`);
    return result;
  }
  const tstInfo = new Uint8Array(eContent.getValue());
  const signer = (result.signer = checkSigner(read, [tstInfo], tokenWording(subject)));
  check.authority = signer.signer;
  check.problems.push(...signer.problems, ...signer.failures);
  result.failures.push(...signer.failures);
  checkImprint(tstInfo, imprinted, subject, result);
  const forTimestamping = signer.signer !== undefined && allowsTimestamping(signer.signer);
  if (signer.signer && !forTimestamping) {
    check.problems.push(`${subject}'s authority certificate ${certificateName(signer.signer)} is not for timestamping: its extended key usage does not include timeStamping`);
  }
  // A signing-certificate attribute that names another certificate than the authority's voids it.
  const essContradicts = signer.essPresent && !signer.certificateBound;
  check.valid = result.imprint.matches && signer.digestMatches && signer.signatureValid && forTimestamping && !essContradicts;
  return result;
}

/** Reads the TSTInfo's time and compares its message imprint with the hash of `imprinted`. */
function checkImprint(tstInfoBytes: Uint8Array, imprinted: readonly Uint8Array[], subject: string, result: TokenCheck): void {
  const { check, imprint } = result;
  let tstInfo: TstInfo;
  try {
    tstInfo = readTstInfo(tstInfoBytes);
  } catch (error) {
    check.problems.push(`${subject} cannot be read: ${reason(error)}`);
    return;
  }
  check.time = tstInfo.genTime;
  const hash = digestNamed(tstInfo.imprintAlgorithm);
  imprint.algorithm = hash ?? tstInfo.imprintAlgorithm;
  if (!hash) {
    check.problems.push(`${subject} hashes what it timestamps with ${tstInfo.imprintAlgorithm}, which this verifier does not support`);
    return;
  }
  imprint.matches = tstInfo.imprint.equals(digestOf(hash, imprinted));
  if (!imprint.matches) {
    const failure = `${subject} is for other data: its ${digestTitle(hash)} imprint does not match what it should timestamp`;
    check.problems.push(failure);
    result.failures.push(failure);
  }
  if (hash === "sha1") check.problems.push(`${subject} uses SHA-1, which is no longer accepted for signatures`);
}
