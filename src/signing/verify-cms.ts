import { createHash, createPublicKey, verify as verifySignature, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CMS_OID } from "./cms.ts";

export interface CmsCheck {
  /** The CMS could be read at all. */
  readable: boolean;
  digestMatches: boolean;
  signatureValid: boolean;
  /** ESS signing-certificate-v2 names the certificate that signed. */
  certificateBound: boolean;
  hasSigningTime: boolean;
  signer: X509Certificate | undefined;
  certificates: X509Certificate[];
  problem: string | undefined;
}

function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Strips the zero padding after the DER in a /Contents placeholder. */
function derOnly(contents: Uint8Array): Uint8Array {
  const parsed = asn1js.fromBER(buffer(contents));
  return parsed.offset > 0 ? contents.subarray(0, parsed.offset) : contents;
}

/**
 * Checks a detached CMS SignedData against the digest of the signed bytes: the
 * message-digest attribute, the signature over the signed attributes with the signer's
 * public key, and that ESS signing-certificate-v2 names the signer's certificate.
 */
export function checkCms(contents: Uint8Array, digest: Uint8Array): CmsCheck {
  const result: CmsCheck = { readable: false, digestMatches: false, signatureValid: false, certificateBound: false, hasSigningTime: false, signer: undefined, certificates: [], problem: undefined };
  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(buffer(derOnly(contents)));
    if (info.contentType !== CMS_OID.signedData) throw new Error("not SignedData");
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    result.problem = `the signature's CMS cannot be read (${error instanceof Error ? error.message : String(error)})`;
    return result;
  }
  result.readable = true;
  result.certificates = (signedData.certificates ?? [])
    .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    .map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER(false))));
  const info = signedData.signerInfos[0];
  if (!info || signedData.signerInfos.length !== 1) { result.problem = "the CMS should hold exactly one signer"; return result; }
  const sid = info.sid as pkijs.IssuerAndSerialNumber;
  const serial = Buffer.from(sid.serialNumber.valueBlock.valueHexView).toString("hex").toUpperCase().replace(/^0+/, "");
  result.signer = result.certificates.find((c) => c.serialNumber.toUpperCase().replace(/^0+/, "") === serial);
  if (!result.signer) { result.problem = "the CMS does not include the signer's certificate"; return result; }

  const attributes = info.signedAttrs?.attributes ?? [];
  const attribute = (oid: string) => attributes.find((a) => a.type === oid);
  const messageDigest = attribute(CMS_OID.messageDigest)?.values[0] as asn1js.OctetString | undefined;
  result.digestMatches = messageDigest !== undefined && Buffer.from(messageDigest.valueBlock.valueHexView).equals(Buffer.from(digest));
  result.hasSigningTime = attribute(CMS_OID.signingTime) !== undefined;
  const ess = attribute(CMS_OID.signingCertificateV2)?.values[0] as asn1js.Sequence | undefined;
  const firstId = (ess?.valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value[0] as asn1js.Sequence | undefined;
  const hashNode = firstId?.valueBlock.value.find((v) => v instanceof asn1js.OctetString) as asn1js.OctetString | undefined;
  result.certificateBound = hashNode !== undefined && Buffer.from(hashNode.valueBlock.valueHexView).equals(createHash("sha256").update(result.signer.raw).digest());

  // The signature is over the DER of the signed attributes as a SET.
  const signedAttrs = Buffer.from(info.signedAttrs!.encodedValue);
  const toVerify = Buffer.concat([Buffer.from([0x31]), signedAttrs.subarray(1)]);
  const algorithm = info.signatureAlgorithm.algorithmId;
  const hash = algorithm === "1.2.840.113549.1.1.12" ? "sha384" : algorithm === "1.2.840.113549.1.1.13" ? "sha512" : "sha256";
  try {
    result.signatureValid = verifySignature(hash, toVerify, createPublicKey(result.signer.publicKey.export({ type: "spki", format: "pem" })), Buffer.from(info.signature.valueBlock.valueHexView));
  } catch {
    result.signatureValid = false;
  }
  return result;
}

export interface CertificateCheck {
  subject: string;
  issuer: string;
  selfSigned: boolean;
  /** Chains to one of the certificates given with --trust. */
  trusted: boolean;
  validAtSigningTime: boolean;
  /** digitalSignature or nonRepudiation. */
  signingUsage: boolean;
}

export function checkCertificate(signer: X509Certificate, others: readonly X509Certificate[], trust: readonly X509Certificate[], at: Date): CertificateCheck {
  // Not checkIssued: OpenSSL wants an issuer allowed to sign certificates, and a
  // self-signed signing certificate rightly is not.
  const selfSigned = signer.subject === signer.issuer && signer.verify(signer.publicKey);
  let trusted = false;
  let current = signer;
  for (let depth = 0; depth < 8 && !trusted; depth++) {
    const anchor = trust.find((t) => t.fingerprint256 === current.fingerprint256 || (current.checkIssued(t) && current.verify(t.publicKey)));
    if (anchor) { trusted = true; break; }
    const issuer = others.find((o) => o !== current && current.checkIssued(o) && current.verify(o.publicKey));
    if (!issuer || issuer === current) break;
    current = issuer;
  }
  return {
    subject: signer.subject.replace(/\n/g, ", "),
    issuer: signer.issuer.replace(/\n/g, ", "),
    selfSigned,
    trusted,
    validAtSigningTime: at >= new Date(signer.validFrom) && at <= new Date(signer.validTo),
    signingUsage: allowsSigning(signer),
  };
}

/** digitalSignature or nonRepudiation, or no KeyUsage at all (which allows every use). */
export function allowsSigning(cert: X509Certificate): boolean {
  const bits = keyUsageBits(cert);
  return bits === undefined || (bits & 0b11) !== 0;
}

/** KeyUsage bits (bit 0 digitalSignature, bit 1 nonRepudiation), or undefined when absent. */
function keyUsageBits(cert: X509Certificate): number | undefined {
  const parsed = pkijs.Certificate.fromBER(buffer(cert.raw));
  const extension = parsed.extensions?.find((e) => e.extnID === "2.5.29.15");
  if (!extension) return undefined;
  const bits = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result as asn1js.BitString;
  const bytes = Buffer.from(bits.valueBlock.valueHexView);
  // ASN.1 bit 0 is the most significant bit of the first byte.
  const first = bytes[0] ?? 0;
  return ((first >> 7) & 1) | (((first >> 6) & 1) << 1);
}
