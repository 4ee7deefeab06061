import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";
import { PortfolioError } from "../errors.ts";

export const ROLES = ["learner", "assessor", "iqa"] as const;
export type Role = (typeof ROLES)[number];
export const roleTitles: Record<Role, string> = { learner: "Learner", assessor: "Assessor", iqa: "Internal quality assurer" };

/** A signer's key and certificate chain, as read from a PKCS#12 file. */
export interface SigningIdentity {
  /** PKCS#8 DER. */
  privateKey: Uint8Array;
  /** The signer's certificate (DER), then any chain certificates. */
  certificate: Uint8Array;
  chain: Uint8Array[];
  name: string;
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

/** Reads a PKCS#12 file: its private key and certificates, with clear errors for the usual problems. */
export function readIdentity(bytes: Uint8Array, passphrase: string, file: string): SigningIdentity {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(bytes).toString("binary")), passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
      throw new KeyFileError(file, "the passphrase is wrong", "Type it again, or set PORTFOLIO_KEY_PASSPHRASE to the passphrase the key was made with.");
    }
    throw new KeyFileError(file, `it is not a PKCS#12 key file that can be read (${message})`, "Give the .p12 or .pfx file made by `portfolio keygen` or issued by your centre.");
  }
  const bags = (type: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  const keys = [...bags(SHROUDED_KEY_BAG), ...bags(KEY_BAG)];
  const certs = bags(CERT_BAG);
  const key = keys[0]?.key;
  if (!key) throw new KeyFileError(file, "it holds no private key", "Export the key file again with its private key included.");
  const modulus = (key as forge.pki.rsa.PrivateKey).n;
  const own = certs.find((bag) => bag.cert && (bag.cert.publicKey as forge.pki.rsa.PublicKey).n?.equals(modulus));
  if (!own?.cert) throw new KeyFileError(file, "it holds no certificate for its private key", "Export the key file again with its certificate.");
  const der = (cert: forge.pki.Certificate) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), "binary");
  const pkcs8 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key));
  return {
    privateKey: Buffer.from(forge.asn1.toDer(pkcs8).getBytes(), "binary"),
    certificate: der(own.cert),
    chain: certs.filter((bag) => bag !== own && bag.cert).map((bag) => der(bag.cert!)),
    name: String(own.cert.subject.getField("CN")?.value ?? ""),
  };
}
