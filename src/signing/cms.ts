import { createHash, createPrivateKey, sign, type KeyObject } from "node:crypto";
import type * as Pkijs from "pkijs";
import { asn1js, pkijs } from "./pki-modules.ts";
import type { SigningIdentity } from "./identity.ts";

/** The object identifiers this project writes and reads in CMS (RFC 5652, RFC 5035, RFC 3161). */
const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
  algorithmProtection: "1.2.840.113549.1.9.52",
};
export { OID as CMS_OID };

export type DigestName = "sha1" | "sha256" | "sha384" | "sha512";

export const DIGEST_OIDS: Record<DigestName, string> = {
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
};

/** The digest an AlgorithmIdentifier's OID names, or undefined for one this project does not hash with. */
export function digestNamed(oid: string): DigestName | undefined {
  return (Object.keys(DIGEST_OIDS) as DigestName[]).find((name) => DIGEST_OIDS[name] === oid);
}

/** How a digest is written in a sentence: "SHA-256". */
export function digestTitle(name: DigestName): string {
  return name === "sha1" ? "SHA-1" : `SHA-${name.slice(3)}`;
}

export function digestOf(name: DigestName, parts: readonly Uint8Array[]): Buffer {
  const hash = createHash(name);
  for (const part of parts) hash.update(part);
  return hash.digest();
}

export function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** How a signing key signs: RSA PKCS#1 v1.5 with SHA-256, or ECDSA with the hash that matches its curve. */
interface SigningScheme {
  digest: DigestName;
  /** The SignerInfo's signatureAlgorithm. */
  algorithm: Pkijs.AlgorithmIdentifier;
}

/** ECDSA by curve (Node's names): the hash of matching strength, and ecdsa-with-SHA* (RFC 5758). */
const ECDSA: Record<string, { digest: DigestName; oid: string }> = {
  prime256v1: { digest: "sha256", oid: "1.2.840.10045.4.3.2" },
  secp384r1: { digest: "sha384", oid: "1.2.840.10045.4.3.3" },
  secp521r1: { digest: "sha512", oid: "1.2.840.10045.4.3.4" },
};

function schemeFor(key: KeyObject): SigningScheme {
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? "";
    const ecdsa = ECDSA[curve];
    if (!ecdsa) throw new Error(`An EC key on the curve ${curve || "(unnamed)"} cannot sign here; use P-256, P-384 or P-521`);
    // RFC 5758: the ecdsa-with-SHA* identifiers have no parameters.
    return { digest: ecdsa.digest, algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: ecdsa.oid }) };
  }
  if (key.asymmetricKeyType === "rsa") {
    // RFC 4055: sha256WithRSAEncryption has NULL parameters.
    return { digest: "sha256", algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.113549.1.1.11", algorithmParams: new asn1js.Null() }) };
  }
  throw new Error(`A ${key.asymmetricKeyType ?? "unknown"} key cannot sign here; use an RSA or EC key`);
}

/**
 * DER sorts the members of a SET OF by their encodings (X.690 11.6); the signature is over
 * that DER, so the attributes are written in the same order.
 */
function derSetOrder(attributes: Pkijs.Attribute[]): Pkijs.Attribute[] {
  const encoded = attributes.map((attribute) => ({ attribute, der: Buffer.from(attribute.toSchema().toBER(false)) }));
  return encoded.sort((a, b) => Buffer.compare(a.der, b.der)).map((e) => e.attribute);
}

/**
 * A detached CMS SignedData for PAdES baseline B-B (ETSI.CAdES.detached) over `signedBytes`
 * (the PDF's byte ranges, in order). RSA keys sign with PKCS#1 v1.5 and SHA-256, EC keys with
 * ECDSA and SHA-256 (P-256), SHA-384 (P-384) or SHA-512 (P-521). The signed attributes are
 * content-type, message-digest and ESS signing-certificate-v2 (the SHA-256 of the signer's
 * certificate, so it cannot be swapped); there is no signing-time, as PAdES keeps the time in
 * the signature dictionary's /M.
 */
export function createCms(signedBytes: readonly Uint8Array[], identity: SigningIdentity): Uint8Array {
  const key = createPrivateKey({ key: Buffer.from(identity.privateKey), format: "der", type: "pkcs8" });
  const scheme = schemeFor(key);
  const cert = pkijs.Certificate.fromBER(buffer(identity.certificate));
  const chain = identity.chain.map((der) => pkijs.Certificate.fromBER(buffer(der)));
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      // hashAlgorithm is left out: SHA-256 is its DEFAULT.
      new asn1js.OctetString({ valueHex: buffer(digestOf("sha256", [identity.certificate])) }),
      new asn1js.Sequence({
        value: [new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(), cert.serialNumber],
      }),
    ],
  });
  const attributes = derSetOrder([
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: buffer(digestOf(scheme.digest, signedBytes)) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })] }),
  ]);
  const signedAttrs = new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }).toBER(false);
  // Node signs ECDSA in DER (the form CMS wants) and RSA with PKCS#1 v1.5 by default.
  const signature = sign(scheme.digest, Buffer.from(signedAttrs), key);
  // RFC 5754: the SHA-2 digest identifiers are written without parameters.
  const digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OIDS[scheme.digest] });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [digestAlgorithm],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        digestAlgorithm,
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
        signatureAlgorithm: scheme.algorithm,
        signature: new asn1js.OctetString({ valueHex: buffer(signature) }),
      }),
    ],
    certificates: [cert, ...chain],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}
