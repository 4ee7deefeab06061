import type { X509Certificate } from "node:crypto";
import type * as Pkijs from "pkijs";
import { asn1js, pkijs } from "./pki-modules.ts";
import type * as Asn1js from "asn1js";

export type Purpose = "signing" | "timestamping";

export interface PathCheck {
  /** Chains to a certificate in `trust` and every check below passed. */
  trusted: boolean;
  /** The signer first, up to the anchor (or as far as an issuer was found). */
  chain: X509Certificate[];
  selfSigned: boolean;
  /** Sentences: which certificate, what is wrong. */
  problems: string[];
}

const EXTENSION = {
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
};

/**
 * Critical extensions whose meaning this check either enforces or may safely pass over
 * (names and policies constrain nothing a signature check relies on here). Name constraints
 * and policy constraints are not among them: they would have to be enforced to be honoured.
 */
const UNDERSTOOD_CRITICAL = new Set([
  ...Object.values(EXTENSION),
  "2.5.29.17", // subjectAltName
  "2.5.29.18", // issuerAltName
  "2.5.29.32", // certificatePolicies
  "2.5.29.31", // cRLDistributionPoints
  "2.5.29.9", // subjectDirectoryAttributes
  "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
  "1.3.6.1.5.5.7.1.3", // qcStatements
  "1.3.6.1.5.5.7.48.1.5", // id-pkix-ocsp-nocheck
]);

const EKU = {
  any: "2.5.29.37.0",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  emailProtection: "1.3.6.1.5.5.7.3.4",
  timeStamping: "1.3.6.1.5.5.7.3.8",
  documentSigning: "1.3.6.1.5.5.7.3.36",
  adobeAuthenticDocuments: "1.2.840.113583.1.1.5",
  microsoftDocumentSigning: "1.3.6.1.4.1.311.10.3.12",
};

/** Extended key usages that let a certificate sign documents, as lenient as Acrobat is. */
const SIGNING_EKUS = new Set([EKU.any, EKU.clientAuth, EKU.emailProtection, EKU.documentSigning, EKU.adobeAuthenticDocuments, EKU.microsoftDocumentSigning]);

/** Certificate signature algorithms that collisions have broken: MD2, MD5 and SHA-1 with RSA, DSA or ECDSA. */
const WEAK_SIGNATURES: Record<string, string> = {
  "1.2.840.113549.1.1.2": "MD2",
  "1.2.840.113549.1.1.4": "MD5",
  "1.2.840.113549.1.1.5": "SHA-1",
  "1.2.840.10040.4.3": "SHA-1",
  "1.2.840.10045.4.1": "SHA-1",
};

const parsed = new WeakMap<X509Certificate, Pkijs.Certificate>();

/** The certificate as pkijs reads it, for its names and extensions (Node's X509Certificate does not expose them). */
export function certificateFields(cert: X509Certificate): Pkijs.Certificate {
  let result = parsed.get(cert);
  if (!result) {
    result = pkijs.Certificate.fromBER(Uint8Array.from(cert.raw).buffer);
    parsed.set(cert, result);
  }
  return result;
}

function extension(cert: X509Certificate, oid: string): Pkijs.Extension | undefined {
  return certificateFields(cert).extensions?.find((e) => e.extnID === oid);
}

/** The extension's value as ASN.1, or undefined when the certificate does not have it. */
function extensionValue(cert: X509Certificate, oid: string): Asn1js.AsnType | undefined {
  const found = extension(cert, oid);
  if (!found) return undefined;
  const value = asn1js.fromBER(found.extnValue.valueBlock.valueHexView);
  return value.offset === -1 ? undefined : value.result;
}

/** KeyUsage as a set of bit numbers (0 digitalSignature, 1 nonRepudiation, 5 keyCertSign), or undefined when absent. */
function keyUsage(cert: X509Certificate): Set<number> | undefined {
  const value = extensionValue(cert, EXTENSION.keyUsage);
  if (!(value instanceof asn1js.BitString)) return undefined;
  const bytes = value.valueBlock.valueHexView;
  const bits = new Set<number>();
  // ASN.1 bit 0 is the most significant bit of the first byte.
  for (let bit = 0; bit < bytes.length * 8; bit++) if ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1) bits.add(bit);
  return bits;
}

function extendedKeyUsage(cert: X509Certificate): string[] | undefined {
  const value = extensionValue(cert, EXTENSION.extKeyUsage);
  if (!(value instanceof asn1js.Sequence)) return undefined;
  return value.valueBlock.value.filter((v) => v instanceof asn1js.ObjectIdentifier).map((v) => v.valueBlock.toString());
}

function basicConstraints(cert: X509Certificate): { cA: boolean; pathLen: number | undefined } | undefined {
  const value = extensionValue(cert, EXTENSION.basicConstraints);
  if (!(value instanceof asn1js.Sequence)) return undefined;
  const cA = value.valueBlock.value.find((v) => v instanceof asn1js.Boolean)?.valueBlock.value ?? false;
  const pathLen = value.valueBlock.value.find((v) => v instanceof asn1js.Integer)?.valueBlock.valueDec;
  return { cA, pathLen };
}

/** The subjectKeyIdentifier as hex, or undefined when absent. */
export function subjectKeyIdentifier(cert: X509Certificate): string | undefined {
  const value = extensionValue(cert, EXTENSION.subjectKeyIdentifier);
  return value instanceof asn1js.OctetString ? Buffer.from(value.valueBlock.valueHexView).toString("hex") : undefined;
}

/** The authorityKeyIdentifier's keyIdentifier [0] as hex, or undefined when absent. */
function authorityKeyIdentifier(cert: X509Certificate): string | undefined {
  const value = extensionValue(cert, EXTENSION.authorityKeyIdentifier);
  if (!(value instanceof asn1js.Sequence)) return undefined;
  const keyId = value.valueBlock.value.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 0);
  return keyId instanceof asn1js.Primitive ? Buffer.from(keyId.valueBlock.valueHexView).toString("hex") : undefined;
}

/** How a certificate is named in a sentence: its common name, else its whole subject. */
export function certificateName(cert: X509Certificate): string {
  const cn = certificateFields(cert).subject.typesAndValues.find((t) => t.type === "2.5.4.3");
  const name = cn ? String(cn.value.valueBlock.value) : cert.subject.replace(/\n/g, ", ");
  return `“${name}”`;
}

/** digitalSignature or nonRepudiation, or no KeyUsage at all (which allows every use). */
export function allowsSigning(cert: X509Certificate): boolean {
  const bits = keyUsage(cert);
  return bits === undefined || bits.has(0) || bits.has(1);
}

/** The certificate's extended key usage includes timeStamping, as RFC 3161 asks of a TSA. */
export function allowsTimestamping(cert: X509Certificate): boolean {
  return extendedKeyUsage(cert)?.includes(EKU.timeStamping) ?? false;
}

/** `child` names `candidate` as its issuer. */
function namesIssuer(child: X509Certificate, candidate: X509Certificate): boolean {
  return certificateFields(child).issuer.isEqual(certificateFields(candidate).subject);
}

/** The key identifiers agree, or one of them is missing. */
function keyIdentifiersAgree(child: X509Certificate, candidate: X509Certificate): boolean {
  const aki = authorityKeyIdentifier(child);
  const ski = subjectKeyIdentifier(candidate);
  return aki === undefined || ski === undefined || aki === ski;
}

function signedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function isSelfSigned(cert: X509Certificate): boolean {
  return certificateFields(cert).issuer.isEqual(certificateFields(cert).subject) && signedBy(cert, cert);
}

function validAt(cert: X509Certificate, at: Date): boolean {
  const { notBefore, notAfter } = certificateFields(cert);
  return at >= notBefore.value && at <= notAfter.value;
}

/**
 * The issuer of `child` among `pool`: one whose subject is `child`'s issuer name and whose key
 * verifies `child`'s signature. A trusted certificate is preferred, then one whose subject key
 * identifier is `child`'s authority key identifier, then one valid at `at`.
 */
function findIssuer(child: X509Certificate, pool: readonly X509Certificate[], trusted: (c: X509Certificate) => boolean, at: Date): X509Certificate | undefined {
  const candidates = pool.filter((c) => namesIssuer(child, c) && signedBy(child, c));
  const rank = (c: X509Certificate) => (trusted(c) ? 0 : 4) + (keyIdentifiersAgree(child, c) ? 0 : 2) + (validAt(c, at) ? 0 : 1);
  return candidates.sort((a, b) => rank(a) - rank(b))[0];
}

/** Builds the chain upwards from the signer until a trusted certificate, a self-signed root or a missing issuer. */
function buildChain(signer: X509Certificate, pool: readonly X509Certificate[], trusted: (c: X509Certificate) => boolean, at: Date): { chain: X509Certificate[]; anchored: boolean } {
  const chain = [signer];
  for (let current = signer; chain.length <= 16; ) {
    if (trusted(current)) return { chain, anchored: true };
    if (isSelfSigned(current)) break;
    const issuer = findIssuer(current, pool.filter((c) => !chain.some((d) => d.fingerprint256 === c.fingerprint256)), trusted, at);
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return { chain, anchored: false };
}

function dateText(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function validityProblem(cert: X509Certificate, at: Date): string | undefined {
  const { notBefore, notAfter } = certificateFields(cert);
  if (at < notBefore.value) return `the certificate ${certificateName(cert)} is valid only from ${dateText(notBefore.value)}, after ${dateText(at)}`;
  if (at > notAfter.value) return `the certificate ${certificateName(cert)} expired on ${dateText(notAfter.value)}, before ${dateText(at)}`;
  return undefined;
}

/** What an issuer must be: a CA (basicConstraints cA), allowed to sign certificates, with room for the CAs below it. */
function issuerProblems(issuer: X509Certificate, casBelow: number): string[] {
  const problems: string[] = [];
  const constraints = basicConstraints(issuer);
  if (!constraints?.cA) problems.push(`the certificate ${certificateName(issuer)} issued another certificate but is not a certificate authority (its basicConstraints lack cA)`);
  else if (constraints.pathLen !== undefined && casBelow > constraints.pathLen) {
    problems.push(`the certificate authority ${certificateName(issuer)} allows ${constraints.pathLen} intermediate authorities below it (pathLenConstraint) but has ${casBelow}`);
  }
  const usage = keyUsage(issuer);
  if (usage && !usage.has(5)) problems.push(`the certificate ${certificateName(issuer)} issued another certificate but its key usage does not include keyCertSign`);
  return problems;
}

/** What the end-entity certificate must allow for `purpose`. */
function endEntityProblems(cert: X509Certificate, purpose: Purpose): string[] {
  const problems: string[] = [];
  const name = certificateName(cert);
  if (!allowsSigning(cert)) problems.push(`the certificate ${name} is not for signing: its key usage has neither digitalSignature nor nonRepudiation`);
  const ekus = extendedKeyUsage(cert);
  if (purpose === "timestamping" && !ekus?.includes(EKU.timeStamping)) {
    problems.push(`the certificate ${name} is not for timestamping: its extended key usage does not include timeStamping`);
  }
  if (purpose === "signing" && ekus && !ekus.some((eku) => SIGNING_EKUS.has(eku))) {
    problems.push(`the certificate ${name} is not for signing documents: its extended key usage allows only ${ekus.map(ekuName).join(", ")}`);
  }
  return problems;
}

function ekuName(oid: string): string {
  return Object.entries(EKU).find(([, value]) => value === oid)?.[0] ?? oid;
}

function criticalExtensionProblems(cert: X509Certificate): string[] {
  return (certificateFields(cert).extensions ?? [])
    .filter((e) => e.critical && !UNDERSTOOD_CRITICAL.has(e.extnID))
    .map((e) => `the certificate ${certificateName(cert)} has a critical extension ${e.extnID} that this verifier does not understand`);
}

function weakSignatureProblem(cert: X509Certificate): string | undefined {
  const weak = WEAK_SIGNATURES[certificateFields(cert).signatureAlgorithm.algorithmId];
  return weak && `the certificate ${certificateName(cert)} is signed with ${weak}, which is no longer accepted for certificates`;
}

/** Why the chain does not reach a trusted certificate, in one sentence. */
function untrustedProblem(chain: readonly X509Certificate[]): string {
  const top = chain[chain.length - 1]!;
  if (isSelfSigned(top)) return `the certificate chain ends at ${certificateName(top)}, which is not among the trusted certificates`;
  return `the issuer of the certificate ${certificateName(top)} is neither in the signature nor among the trusted certificates`;
}

/**
 * RFC 5280 basics at time `at`: each certificate's signature by the next, the validity of every
 * certificate in the chain at `at`, basicConstraints, pathLenConstraint and keyCertSign on
 * issuers, the end entity's key usage and extended key usage for `purpose`, unknown critical
 * extensions, and MD5 or SHA-1 certificate signatures below the anchor. The issuer is looked
 * for among `others` (the certificates the CMS carries) and `trust`. A trusted certificate
 * ends the chain wherever it is found, so the signer's own certificate given as trusted is
 * trusted by its fingerprint. With an empty `trust` nothing is trusted, and only defects in
 * the certificates themselves are problems.
 */
export function validatePath(signer: X509Certificate, others: readonly X509Certificate[], trust: readonly X509Certificate[], at: Date, purpose: Purpose): PathCheck {
  const isTrusted = (c: X509Certificate) => trust.some((t) => t.fingerprint256 === c.fingerprint256);
  const { chain, anchored } = buildChain(signer, [...trust, ...others], isTrusted, at);
  const problems: string[] = [];
  chain.forEach((cert, index) => {
    const validity = validityProblem(cert, at);
    if (validity) problems.push(validity);
    problems.push(...criticalExtensionProblems(cert));
    if (index === 0) problems.push(...endEntityProblems(cert, purpose));
    // The CAs between this issuer and the end entity, for its pathLenConstraint.
    if (index > 0) problems.push(...issuerProblems(cert, chain.slice(1, index).filter((c) => !isSelfIssued(c)).length));
    const weak = !isTrusted(cert) && !isSelfSigned(cert) && weakSignatureProblem(cert);
    if (weak) problems.push(weak);
  });
  if (trust.length > 0 && !anchored) problems.push(untrustedProblem(chain));
  return { trusted: trust.length > 0 && anchored && problems.length === 0, chain, selfSigned: isSelfSigned(signer), problems };
}

/** RFC 5280 6.1.4: self-issued certificates (subject = issuer) do not count against a pathLenConstraint. */
function isSelfIssued(cert: X509Certificate): boolean {
  return certificateFields(cert).issuer.isEqual(certificateFields(cert).subject);
}
