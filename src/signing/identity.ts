import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from "node:crypto";
import forge from "node-forge";
import { pkijs } from "./pki-modules.ts";
import { PortfolioError } from "../errors.ts";
import { roleTitles, type Role } from "./roles.ts";

export { ROLES, roleTitles, type Role } from "./roles.ts";

/** A signer's key and certificate chain, as read from a PKCS#12 file. */
export interface SigningIdentity {
  /** PKCS#8 DER. */
  privateKey: Uint8Array;
  /** The signer's certificate (DER), then any chain certificates. */
  certificate: Uint8Array;
  chain: Uint8Array[];
  name: string;
  /** The key's type, which decides how `createCms` signs. */
  keyType: "rsa" | "ec";
}

export class KeyFileError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(file: string, reason: string, hint: string) {
    super("PORTFOLIO_KEY_FILE", `${file}: ${reason}`, { hint });
  }
}

/**
 * Makes a signing key (RSA 3072) and a self-signed X.509 certificate for it, with the
 * digitalSignature and nonRepudiation key usages, in a PKCS#12 file protected by
 * `passphrase` (AES-256). A centre-issued .p12 is read the same way by `readIdentity`.
 */
export function createIdentity(options: { name: string; email?: string | undefined; role: Role; passphrase: string; days?: number; now?: Date }): Uint8Array {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 3072 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }) as string);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }) as string);
  // A positive serial of 16 random bytes.
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  const now = options.now ?? new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + (options.days ?? 5 * 365) * 86_400_000);
  const subject = [
    { name: "commonName", value: options.name },
    { type: "2.5.4.12", value: roleTitles[options.role] },
    ...(options.email ? [{ name: "emailAddress", value: options.email }] : []),
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], options.passphrase, { algorithm: "aes256", friendlyName: `${options.name} (${roleTitles[options.role]})` });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), "binary");
}

const SHROUDED_KEY_BAG = forge.pki.oids.pkcs8ShroudedKeyBag as string;
const KEY_BAG = forge.pki.oids.keyBag as string;
const CERT_BAG = forge.pki.oids.certBag as string;
/** The curves an EC key may be on, by Node's name for them. */
const SIGNING_CURVES = ["prime256v1", "secp384r1", "secp521r1"];

/**
 * Reads a PKCS#12 file: its private key and certificates, with clear errors for the usual
 * problems. RSA keys and EC keys on P-256, P-384 and P-521 are read, from files made by
 * `portfolio keygen`, by `openssl pkcs12 -export` (AES, or RC2 and 3DES with `-legacy`) or by
 * a centre.
 */
export function readIdentity(bytes: Uint8Array, passphrase: string, file: string): SigningIdentity {
  const p12 = openPkcs12(bytes, passphrase, file);
  const bags = (type: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bags(SHROUDED_KEY_BAG), ...bags(KEY_BAG)][0];
  if (!keyBag) throw new KeyFileError(file, "it holds no private key", "Export the key file again with its private key included.");
  const key = signingKey(keyBag, file);
  const certificates = bags(CERT_BAG).map(certificateDer);
  const own = certificates.find((der) => certifiesKey(der, key));
  if (!own) throw new KeyFileError(file, "it holds no certificate for its private key", "Export the key file again with its certificate.");
  return {
    privateKey: key.export({ type: "pkcs8", format: "der" }),
    certificate: own,
    chain: certificates.filter((der) => der !== own),
    name: commonName(own),
    keyType: key.asymmetricKeyType as "rsa" | "ec",
  };
}

function openPkcs12(bytes: Uint8Array, passphrase: string, file: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(bytes).toString("binary")), passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
      throw new KeyFileError(file, "the passphrase is wrong", process.env.PORTFOLIO_KEY_PASSPHRASE ? "It came from PORTFOLIO_KEY_PASSPHRASE: set that to the passphrase the key was made with, or unset it to be asked." : "Type it again, or set PORTFOLIO_KEY_PASSPHRASE to the passphrase the key was made with.");
    }
    throw new KeyFileError(file, `it is not a PKCS#12 key file that can be read (${message})`, "Give the .p12 or .pfx file made by `portfolio keygen` or issued by your centre.");
  }
}

/**
 * The bag's key as a Node key. forge decodes only RSA keys; for any other it leaves the
 * decrypted PKCS#8 structure in `asn1`, which Node reads.
 */
function signingKey(bag: forge.pkcs12.Bag, file: string): KeyObject {
  const pkcs8 = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(forge.asn1.toDer(pkcs8).getBytes(), "binary"), format: "der", type: "pkcs8" });
  } catch (error) {
    throw new KeyFileError(file, `its private key cannot be read (${error instanceof Error ? error.message : String(error)})`, "Export the key file again, with an RSA key or an EC key on P-256, P-384 or P-521.");
  }
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type === "rsa" || (type === "ec" && curve !== undefined && SIGNING_CURVES.includes(curve))) return key;
  const what = type === "ec" ? `an EC key on the curve ${curve ?? "(unnamed)"}` : `a ${type ?? "unknown"} key`;
  throw new KeyFileError(file, `it holds ${what}, which cannot sign a portfolio`, "Use an RSA key, or an EC key on P-256, P-384 or P-521.");
}

/** The certificate (DER) is for the private key `key`: their public keys are the same. */
function certifiesKey(der: Uint8Array, key: KeyObject): boolean {
  try {
    const spki = { type: "spki", format: "der" } as const;
    return new X509Certificate(der).publicKey.export(spki).equals(createPublicKey(key).export(spki));
  } catch {
    return false;
  }
}

/** forge decodes only certificates with RSA keys; for others it leaves the certificate's ASN.1 in `asn1`. */
function certificateDer(bag: forge.pkcs12.Bag): Buffer {
  const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
}

/** The certificate's subject common name (2.5.4.3), or "" when it has none. */
function commonName(der: Uint8Array): string {
  const cert = pkijs.Certificate.fromBER(Uint8Array.from(der).buffer);
  const cn = cert.subject.typesAndValues.find((t) => t.type === "2.5.4.3");
  return cn ? String(cn.value.valueBlock.value) : "";
}
