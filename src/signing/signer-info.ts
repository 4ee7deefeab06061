import { constants, publicDecrypt, verify, X509Certificate, type KeyObject } from "node:crypto";
import type * as Pkijs from "pkijs";
import { asn1js, pkijs } from "./pki-modules.ts";
import type * as Asn1js from "asn1js";
import { certificateFields, certificateName, subjectKeyIdentifier } from "./certificate-path.ts";
import { buffer, CMS_OID, digestNamed, digestOf, digestTitle, type DigestName } from "./cms.ts";

// A CMS SignedData and its one SignerInfo, checked over the content it signs: the same check
// serves a PDF signature's CMS and a timestamp authority's token.

/** A SignedData as read, with the certificates it carries as Node reads them. */
export interface SignedDataRead {
  signedData: Pkijs.SignedData;
  certificates: X509Certificate[];
}

/** The words a check uses for what it checks: a signature, or a timestamp authority's token. */
export interface Wording {
  /** "the signature", "the document timestamp". */
  subject: string;
  /** The sentence for signed content whose digest is not the one signed. */
  changed(digest: DigestName): string;
}

/** An error's message, for a sentence. */
export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads a ContentInfo holding a SignedData. A PDF's /Contents placeholder is padded with zeros
 * after the DER, so only the first ASN.1 element counts. Throws an Error saying what is wrong.
 */
export function readSignedData(bytes: Uint8Array): SignedDataRead {
  const parsed = parseBer(bytes);
  let info: Pkijs.ContentInfo;
  let signedData: Pkijs.SignedData;
  try {
    info = new pkijs.ContentInfo({ schema: parsed });
  } catch {
    throw new Error("it is not a CMS ContentInfo");
  }
  if (info.contentType !== CMS_OID.signedData) throw new Error(`it holds content of type ${info.contentType}, not SignedData`);
  try {
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    throw new Error(`its SignedData is malformed (${reason(error)})`);
  }
  return { signedData, certificates: certificatesIn(info.content as Asn1js.Sequence) };
}

/** The first ASN.1 element in `bytes`. asn1js reports most defects in `error` but throws for some (a malformed time, string or length). */
export function parseBer(bytes: Uint8Array): Asn1js.AsnType {
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(buffer(bytes));
  } catch (error) {
    throw new Error(`it is not ASN.1 (${reason(error)})`);
  }
  if (parsed.offset === -1) throw new Error(`it is not ASN.1 (${parsed.result.error})`);
  return parsed.result;
}

/**
 * The X.509 certificates of a SignedData, from their bytes as written (re-encoding could change
 * what was signed). Other certificate choices (attribute certificates) are passed over.
 */
function certificatesIn(signedData: Asn1js.Sequence): X509Certificate[] {
  const set = signedData.valueBlock.value.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 0);
  if (!(set instanceof asn1js.Constructed)) return [];
  const certificates = set.valueBlock.value.filter((v) => v.idBlock.tagClass === 1 && v.idBlock.tagNumber === 16);
  return certificates.map((element, index) => {
    try {
      const cert = new X509Certificate(Buffer.from(element.valueBeforeDecodeView));
      // Read now the parts the checks read later (pkijs for the names and extensions, Node for the key).
      certificateFields(cert);
      void cert.publicKey;
      return cert;
    } catch {
      throw new Error(`certificate ${index + 1} of ${certificates.length} in it is not a valid DER X.509 certificate`);
    }
  });
}

/** The certificate the SignerInfo names: by issuer and serial number, or by subject key identifier. */
function findSigner(sid: unknown, certificates: readonly X509Certificate[]): X509Certificate | undefined {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const serial = sid.serialNumber.toBigInt();
    return certificates.find((c) => {
      const fields = certificateFields(c);
      return fields.serialNumber.toBigInt() === serial && fields.issuer.isEqual(sid.issuer);
    });
  }
  // subjectKeyIdentifier [0] IMPLICIT OCTET STRING; some writers wrap the OCTET STRING instead.
  const block = sid as Asn1js.Constructed | Asn1js.Primitive;
  const inner = block instanceof asn1js.Constructed ? block.valueBlock.value[0] : block;
  if (!(inner instanceof asn1js.Primitive || inner instanceof asn1js.OctetString)) return undefined;
  const keyId = Buffer.from(inner.valueBlock.valueHexView).toString("hex");
  return certificates.find((c) => subjectKeyIdentifier(c) === keyId);
}

function attributeValues(attributes: Pkijs.SignedAndUnsignedAttributes | undefined, oid: string): unknown[][] {
  return (attributes?.attributes ?? []).filter((a) => a.type === oid).map((a) => a.values);
}

/** The value of a single-valued attribute that occurs once, or undefined when absent or repeated. */
function singleValue(attributes: Pkijs.SignedAndUnsignedAttributes | undefined, oid: string): unknown {
  const found = attributeValues(attributes, oid);
  return found.length === 1 && found[0]!.length === 1 ? found[0]![0] : undefined;
}

export function timestampToken(info: Pkijs.SignerInfo): Uint8Array | undefined {
  const token = attributeValues(info.unsignedAttrs, CMS_OID.signatureTimeStampToken)[0]?.[0];
  return token instanceof asn1js.BaseBlock ? new Uint8Array(token.valueBeforeDecodeView) : undefined;
}

// ---------------------------------------------------------------------------------------------
// The signer

export interface SignerCheck {
  info: Pkijs.SignerInfo | undefined;
  digest: DigestName | undefined;
  digestAlgorithm: string;
  digestMatches: boolean;
  signatureValid: boolean;
  certificateBound: boolean;
  /** A signing-certificate attribute (v1 or v2) is there, matching or not. */
  essPresent: boolean;
  signedAttributes: boolean;
  signingTime: Date | undefined;
  signer: X509Certificate | undefined;
  /** Why the signer's check cannot hold or what weakens it, besides the two failures below. */
  problems: string[];
  /**
   * The sentences for a digest that differs and a signature value that does not verify. The
   * flags say as much; a PDF signature's caller words these with the signer's role, a token's
   * check lists them among its problems.
   */
  failures: string[];
}

/**
 * Checks a SignedData's one SignerInfo over `content`: the message digest (with signed
 * attributes) or the signature directly over the content (without), the signature with the
 * signer's key, and the ESS signing-certificate attribute.
 */
export function checkSigner(read: SignedDataRead, content: readonly Uint8Array[], wording: Wording): SignerCheck {
  const { subject } = wording;
  const result: SignerCheck = {
    info: undefined, digest: undefined, digestAlgorithm: "", digestMatches: false, signatureValid: false, certificateBound: false,
    essPresent: false, signedAttributes: false, signingTime: undefined, signer: undefined, problems: [], failures: [],
  };
  const infos = read.signedData.signerInfos;
  if (infos.length !== 1) result.problems.push(infos.length === 0 ? `${subject} has no signer` : `${subject} has ${infos.length} signers, where it should have exactly one`);
  const info = infos[0];
  if (!info) return result;
  result.info = info;
  const digestOid = info.digestAlgorithm.algorithmId;
  result.digest = digestNamed(digestOid);
  result.digestAlgorithm = result.digest ?? digestOid;
  result.signer = findSigner(info.sid, read.certificates);
  if (!result.signer) result.problems.push(`${subject}'s signer certificate is not among the certificates it carries`);
  if (!result.digest) {
    result.problems.push(`${subject} uses the digest algorithm ${digestOid}, which this verifier does not support, so it cannot be checked`);
    return result;
  }
  if (result.digest === "sha1") result.problems.push(`${subject} uses SHA-1, which is no longer accepted for signatures`);

  const attributes = info.signedAttrs;
  result.signedAttributes = attributes !== undefined;
  if (attributes) checkSignedAttributes(read, attributes, content, result, wording);
  if (!result.signer) return result;
  // With signed attributes the signature is over their DER as a SET OF (pkijs keeps the bytes
  // as written, with the SET tag); without, it is directly over the content.
  const message = attributes ? [new Uint8Array(attributes.encodedValue)] : content;
  const verdict = verifySignatureValue(info, result.digest, result.signer, message, subject);
  result.problems.push(...verdict.problems.filter((p) => !result.problems.includes(p)));
  judgeSignature(verdict, attributes !== undefined, result, wording);
  checkSigningCertificate(info, result, wording.subject);
  return result;
}

/**
 * With signed attributes the digest was judged on its own. Without, nothing but the signature
 * binds the content, so changed content shows only as a signature that fails; an RSA PKCS#1
 * v1.5 signature still shows the digest it signed, which tells a change from a forgery.
 */
function judgeSignature(verdict: SignatureVerdict, signedAttributes: boolean, result: SignerCheck, wording: Wording): void {
  result.signatureValid = verdict.valid;
  if (!signedAttributes) result.digestMatches = verdict.valid;
  if (verdict.valid || !verdict.checked) return;
  if (!signedAttributes && verdict.recoveredDigest) {
    result.signatureValid = true;
    result.failures.push(wording.changed(result.digest!));
  } else {
    result.failures.push(`${wording.subject}'s value does not verify with the public key of ${certificateName(result.signer!)}`);
  }
}

function checkSignedAttributes(read: SignedDataRead, attributes: Pkijs.SignedAndUnsignedAttributes, content: readonly Uint8Array[], result: SignerCheck, wording: Wording): void {
  const { subject } = wording;
  const messageDigest = singleValue(attributes, CMS_OID.messageDigest);
  if (!(messageDigest instanceof asn1js.OctetString)) {
    result.problems.push(`${subject} has no single message-digest attribute, so what it signs cannot be known`);
  } else {
    result.digestMatches = Buffer.from(messageDigest.getValue()).equals(digestOf(result.digest!, content));
    if (!result.digestMatches) result.failures.push(wording.changed(result.digest!));
  }
  const contentType = singleValue(attributes, CMS_OID.contentType);
  const eContentType = read.signedData.encapContentInfo.eContentType;
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== eContentType) {
    result.problems.push(`${subject}'s content-type attribute is missing or does not name the content it signs (${eContentType})`);
  }
  const signingTime = singleValue(attributes, CMS_OID.signingTime);
  if (signingTime instanceof asn1js.UTCTime || signingTime instanceof asn1js.GeneralizedTime) result.signingTime = signingTime.toDate();
  const protection = singleValue(attributes, CMS_OID.algorithmProtection);
  const info = result.info!;
  if (protection !== undefined && !protects(protection, info)) {
    result.problems.push(`${subject}'s algorithm-protection attribute names other algorithms than the ones it uses, so the algorithms may have been swapped`);
  }
}

/** RFC 6211 CMSAlgorithmProtection names the SignerInfo's own digest and signature algorithms. */
function protects(value: unknown, info: Pkijs.SignerInfo): boolean {
  if (!(value instanceof asn1js.Sequence)) return false;
  const [digest, ...rest] = value.valueBlock.value;
  const signature = rest.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 1);
  const oidOf = (block: Asn1js.AsnType | undefined) => (block instanceof asn1js.Constructed ? block.valueBlock.value[0] : undefined);
  const digestOid = digest instanceof asn1js.Sequence ? oidOf(digest) : undefined;
  const signatureOid = oidOf(signature);
  return (
    digestOid instanceof asn1js.ObjectIdentifier && digestOid.valueBlock.toString() === info.digestAlgorithm.algorithmId &&
    signatureOid instanceof asn1js.ObjectIdentifier && signatureOid.valueBlock.toString() === info.signatureAlgorithm.algorithmId
  );
}

// ---------------------------------------------------------------------------------------------
// The signature value

type SchemeKind = "pkcs1" | "pss" | "ecdsa" | "eddsa";

/** Signature algorithms by OID: the padding or curve family, the hash they name (if any) and the key types they need. */
const SIGNATURE_ALGORITHMS: Record<string, { kind: SchemeKind; name: string; hash?: DigestName; keys: string[] }> = {
  "1.2.840.113549.1.1.1": { kind: "pkcs1", name: "rsaEncryption", keys: ["rsa"] },
  "1.2.840.113549.1.1.5": { kind: "pkcs1", name: "sha1WithRSAEncryption", hash: "sha1", keys: ["rsa"] },
  "1.2.840.113549.1.1.11": { kind: "pkcs1", name: "sha256WithRSAEncryption", hash: "sha256", keys: ["rsa"] },
  "1.2.840.113549.1.1.12": { kind: "pkcs1", name: "sha384WithRSAEncryption", hash: "sha384", keys: ["rsa"] },
  "1.2.840.113549.1.1.13": { kind: "pkcs1", name: "sha512WithRSAEncryption", hash: "sha512", keys: ["rsa"] },
  "1.2.840.113549.1.1.10": { kind: "pss", name: "RSASSA-PSS", keys: ["rsa", "rsa-pss"] },
  "1.2.840.10045.2.1": { kind: "ecdsa", name: "ECDSA", keys: ["ec"] },
  "1.2.840.10045.4.1": { kind: "ecdsa", name: "ecdsa-with-SHA1", hash: "sha1", keys: ["ec"] },
  "1.2.840.10045.4.3.2": { kind: "ecdsa", name: "ecdsa-with-SHA256", hash: "sha256", keys: ["ec"] },
  "1.2.840.10045.4.3.3": { kind: "ecdsa", name: "ecdsa-with-SHA384", hash: "sha384", keys: ["ec"] },
  "1.2.840.10045.4.3.4": { kind: "ecdsa", name: "ecdsa-with-SHA512", hash: "sha512", keys: ["ec"] },
  "1.3.101.112": { kind: "eddsa", name: "Ed25519", keys: ["ed25519"] },
  "1.3.101.113": { kind: "eddsa", name: "Ed448", keys: ["ed448"] },
};

const MGF1 = "1.2.840.113549.1.1.8";

interface SignatureVerdict {
  /** The algorithm was understood and the verification ran. */
  checked: boolean;
  valid: boolean;
  /** For RSA PKCS#1 v1.5 that fails: the digest the key did sign, if the signature is well-formed. */
  recoveredDigest: Buffer | undefined;
  problems: string[];
}

/** How the signature is to be verified, or the sentence saying why it cannot be. */
interface Scheme {
  kind: SchemeKind;
  hash: DigestName;
  saltLength?: number;
}

function schemeFor(info: Pkijs.SignerInfo, digest: DigestName, key: KeyObject, subject: string): Scheme | string {
  const oid = info.signatureAlgorithm.algorithmId;
  const algorithm = SIGNATURE_ALGORITHMS[oid];
  if (!algorithm) return `${subject} uses the signature algorithm ${oid}, which this verifier does not support, so it cannot be checked`;
  if (!algorithm.keys.includes(key.asymmetricKeyType ?? "")) {
    return `${subject}'s algorithm ${algorithm.name} needs ${keyTitle(algorithm.keys[0])}, but the signer's certificate holds ${keyTitle(key.asymmetricKeyType)}`;
  }
  if (algorithm.kind !== "pss") return { kind: algorithm.kind, hash: algorithm.hash ?? digest };
  let params: Pkijs.RSASSAPSSParams;
  try {
    params = new pkijs.RSASSAPSSParams({ schema: info.signatureAlgorithm.algorithmParams });
  } catch {
    return `${subject}'s RSASSA-PSS parameters cannot be read`;
  }
  const hash = digestNamed(params.hashAlgorithm.algorithmId);
  const mgfHash = params.maskGenAlgorithm.algorithmId === MGF1 ? new pkijs.AlgorithmIdentifier({ schema: params.maskGenAlgorithm.algorithmParams }).algorithmId : undefined;
  if (!hash || mgfHash !== params.hashAlgorithm.algorithmId || params.trailerField !== 1) {
    return `${subject} uses RSASSA-PSS with parameters this verifier does not support (hash ${params.hashAlgorithm.algorithmId}, mask ${mgfHash ?? params.maskGenAlgorithm.algorithmId}), so it cannot be checked`;
  }
  return { kind: "pss", hash, saltLength: params.saltLength };
}

const KEY_TITLES: Record<string, string> = { rsa: "an RSA key", "rsa-pss": "an RSA-PSS key", ec: "an EC key", ed25519: "an Ed25519 key", ed448: "an Ed448 key", dsa: "a DSA key" };

function keyTitle(type: string | undefined): string {
  return KEY_TITLES[type ?? ""] ?? `a key of type ${type ?? "unknown"}`;
}

function verifySignatureValue(info: Pkijs.SignerInfo, digest: DigestName, signer: X509Certificate, message: readonly Uint8Array[], subject: string): SignatureVerdict {
  const verdict: SignatureVerdict = { checked: false, valid: false, recoveredDigest: undefined, problems: [] };
  const key = signer.publicKey;
  const scheme = schemeFor(info, digest, key, subject);
  if (typeof scheme === "string") {
    verdict.problems.push(scheme);
    return verdict;
  }
  if (scheme.hash !== digest && scheme.kind !== "eddsa") {
    verdict.problems.push(`${subject}'s signature algorithm hashes with ${digestTitle(scheme.hash)} but its digest algorithm is ${digestTitle(digest)}`);
  }
  if (scheme.hash === "sha1") verdict.problems.push(`${subject} uses SHA-1, which is no longer accepted for signatures`);
  const data = Buffer.concat(message);
  const signature = Buffer.from(info.signature.getValue());
  verdict.checked = true;
  try {
    verdict.valid = verify(scheme.kind === "eddsa" ? null : scheme.hash, data, keyOptions(key, scheme), signature);
  } catch {
    verdict.valid = false;
  }
  if (!verdict.valid && scheme.kind === "pkcs1") verdict.recoveredDigest = recoverDigest(key, signature, scheme.hash);
  return verdict;
}

function keyOptions(key: KeyObject, scheme: Scheme) {
  if (scheme.kind === "pss") return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength };
  if (scheme.kind === "ecdsa") return { key, dsaEncoding: "der" as const };
  return { key };
}

/**
 * The digest inside an RSA PKCS#1 v1.5 signature (its DigestInfo), when the signature is one
 * the key made with `hash`. A valid padding proves the key signed that digest, so a mismatch
 * with the content means the content changed, not that the signature is forged.
 */
function recoverDigest(key: KeyObject, signature: Buffer, hash: DigestName): Buffer | undefined {
  try {
    const digestInfo = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
    const parsed = new pkijs.DigestInfo({ schema: asn1js.fromBER(buffer(digestInfo)).result });
    return digestNamed(parsed.digestAlgorithm.algorithmId) === hash ? Buffer.from(parsed.digest.getValue()) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// ESS signing-certificate (RFC 2634 section 5.4, RFC 5035)

interface EssCertId {
  hash: DigestName | undefined;
  hashOid: string;
  certHash: Buffer;
  issuerSerial: Asn1js.Sequence | undefined;
}

/**
 * The signing-certificate (v1: SHA-1) and signing-certificate-v2 (any hash, SHA-256 by default)
 * attributes name the signer's certificate in their first ESSCertID, so that another
 * certificate with the same key or name cannot be put in its place.
 */
function checkSigningCertificate(info: Pkijs.SignerInfo, result: SignerCheck, subject: string): void {
  const ids = [
    ...attributeValues(info.signedAttrs, CMS_OID.signingCertificate).map((values) => firstCertId(values[0], false)),
    ...attributeValues(info.signedAttrs, CMS_OID.signingCertificateV2).map((values) => firstCertId(values[0], true)),
  ];
  result.essPresent = ids.length > 0;
  if (ids.length === 0 || !result.signer) return;
  const signer = result.signer;
  const problems = ids.map((id) => certIdProblem(id, signer, subject));
  result.certificateBound = problems.every((p) => p === undefined);
  for (const problem of problems) if (problem) result.problems.push(problem);
}

function certIdProblem(id: EssCertId | undefined, signer: X509Certificate, subject: string): string | undefined {
  if (!id) return `${subject}'s signing-certificate attribute cannot be read`;
  if (!id.hash) return `${subject}'s signing-certificate attribute hashes the certificate with ${id.hashOid}, which this verifier does not support`;
  if (!id.certHash.equals(digestOf(id.hash, [signer.raw])) || (id.issuerSerial && !issuerSerialNames(id.issuerSerial, signer))) {
    return `${subject}'s signing-certificate attribute names another certificate than ${certificateName(signer)}, the one it was made with`;
  }
  return undefined;
}

function firstCertId(value: unknown, v2: boolean): EssCertId | undefined {
  if (!(value instanceof asn1js.Sequence)) return undefined;
  const certs = value.valueBlock.value[0];
  const id = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(id instanceof asn1js.Sequence)) return undefined;
  const parts = [...id.valueBlock.value];
  // ESSCertIDv2 starts with the hash's AlgorithmIdentifier unless it is the default, SHA-256.
  const algorithm = v2 && parts[0] instanceof asn1js.Sequence ? new pkijs.AlgorithmIdentifier({ schema: parts.shift() }) : undefined;
  const hashOid = v2 ? (algorithm?.algorithmId ?? "2.16.840.1.101.3.4.2.1") : "1.3.14.3.2.26";
  const [certHash, issuerSerial] = parts;
  if (!(certHash instanceof asn1js.OctetString)) return undefined;
  return { hash: digestNamed(hashOid), hashOid, certHash: Buffer.from(certHash.getValue()), issuerSerial: issuerSerial instanceof asn1js.Sequence ? issuerSerial : undefined };
}

/** IssuerSerial names the certificate's issuer (as a directoryName) and its serial number. */
function issuerSerialNames(issuerSerial: Asn1js.Sequence, cert: X509Certificate): boolean {
  const [names, serial] = issuerSerial.valueBlock.value;
  if (!(serial instanceof asn1js.Integer) || names === undefined) return false;
  const fields = certificateFields(cert);
  if (serial.toBigInt() !== fields.serialNumber.toBigInt()) return false;
  try {
    return new pkijs.GeneralNames({ schema: names }).names.some((n) => n.type === 4 && (n.value as Pkijs.RelativeDistinguishedNames).isEqual(fields.issuer));
  } catch {
    return false;
  }
}
