import { createHash, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { SigningIdentity } from "./identity.ts";

const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
};
export { OID as CMS_OID };

let engineSet = false;
function engine(): void {
  if (engineSet) return;
  pkijs.setEngine("node", new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as never }));
  engineSet = true;
}

function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * A detached CMS SignedData for PAdES baseline B-B (ETSI.CAdES.detached): SHA-256, signed
 * attributes content-type, message-digest and ESS signing-certificate-v2 (the hash of the
 * signer's certificate, so it cannot be swapped), and no signing-time (the time is in the
 * signature dictionary's /M).
 */
export async function createCms(digest: Uint8Array, identity: SigningIdentity): Promise<Uint8Array> {
  engine();
  const cert = pkijs.Certificate.fromBER(buffer(identity.certificate));
  const chain = identity.chain.map((der) => pkijs.Certificate.fromBER(buffer(der)));
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      // hashAlgorithm is left out: SHA-256 is its DEFAULT.
      new asn1js.OctetString({ valueHex: buffer(createHash("sha256").update(identity.certificate).digest()) }),
      new asn1js.Sequence({
        value: [new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(), cert.serialNumber],
      }),
    ],
  });
  const signedAttrs = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: buffer(digest) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })] }),
  ];
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signedAttrs }),
      }),
    ],
    certificates: [cert, ...chain],
  });
  const key = await webcrypto.subtle.importKey("pkcs8", buffer(identity.privateKey), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
  await signedData.sign(key as never, 0, "SHA-256");
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}
