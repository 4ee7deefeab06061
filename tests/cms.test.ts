import { execFileSync } from "node:child_process";
import { randomBytes, X509Certificate } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { beforeAll, describe, expect, it } from "vitest";
import { validatePath } from "../src/signing/certificate-path.ts";
import { createCms } from "../src/signing/cms.ts";
import { createIdentity, readIdentity } from "../src/signing/identity.ts";
import { checkCms, type CmsCheck } from "../src/signing/verify-cms.ts";
import { tempDir } from "./helpers/workspace.ts";
import { SIGNING_CORPUS } from "./helpers/signing-corpus.ts";

const CORPUS = SIGNING_CORPUS;

// ---------------------------------------------------------------------------------------------
// Inputs

interface CorpusSignature {
  contents: Buffer;
  signed: Buffer[];
  subFilter: string;
}

/**
 * Each signature dictionary in a corpus PDF, found by a plain scan: its /ByteRange, and the
 * /Contents and /SubFilter of the same object. These files keep their signature dictionaries
 * uncompressed, which is all this needs; the project's PDF reader is tested elsewhere.
 */
function corpusSignatures(file: string): CorpusSignature[] {
  const bytes = readFileSync(join(CORPUS, file));
  const text = bytes.toString("latin1");
  const found: CorpusSignature[] = [];
  for (const match of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const [a, b, c, d] = match.slice(1).map(Number) as [number, number, number, number];
    const object = text.slice(text.lastIndexOf(" obj", match.index), text.indexOf("endobj", match.index));
    const hex = /\/Contents\s*<([0-9a-fA-F\s]*)>/.exec(object)?.[1];
    if (hex === undefined) continue;
    found.push({
      contents: Buffer.from(hex.replace(/\s/g, ""), "hex"),
      signed: [bytes.subarray(a, a + b), bytes.subarray(c, c + d)],
      subFilter: /\/SubFilter\s*\/([A-Za-z0-9.]+)/.exec(object)?.[1] ?? "",
    });
  }
  return found;
}

function checkCorpus(file: string, index = 0): CmsCheck {
  const signature = corpusSignatures(file)[index]!;
  return checkCms(signature.contents, signature.signed, signature.subFilter);
}

/** Runs openssl in `dir` and returns what it printed; a failure throws with openssl's own words. */
function openssl(dir: string, args: string[]): string {
  try {
    return execFileSync("openssl", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    throw new Error(`openssl ${args.join(" ")}: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
}

type KeyKind = "rsa" | "P-256" | "P-384" | "P-521" | "secp256k1";

/** A CA's extensions, with a pathLenConstraint if given. */
function caExtensions(pathLen?: number): string {
  const constraint = pathLen === undefined ? "" : `,pathlen:${pathLen}`;
  return `basicConstraints=critical,CA:true${constraint}\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid`;
}

const EXTENSIONS = {
  ca: caExtensions(),
  signer: "basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid",
  tsa: "basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash",
};

/** Keys and certificates made by `openssl genpkey`, `req` and `ca`, each file named for what it is. */
class Pki {
  constructor(readonly dir: string) {
    writeFileSync(join(dir, "ca.cnf"), "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nserial = serial\nnew_certs_dir = .\ndefault_md = sha256\npolicy = p\nunique_subject = no\n[p]\ncommonName = supplied\n");
    writeFileSync(join(dir, "index.txt"), "");
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  key(name: string, kind: KeyKind): void {
    const options = kind === "rsa" ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"] : ["-algorithm", "EC", "-pkeyopt", `ec_paramgen_curve:${kind}`];
    openssl(this.dir, ["genpkey", ...options, "-out", `${name}.key`]);
  }

  /**
   * A certificate `name.pem` with the subject CN=`name` (or `subject`) for the key `name.key`
   * (or `keyOf`'s; made if `key` is given), issued by `issuer` (self-signed without one).
   * Dates are openssl's YYYYMMDDHHMMSSZ.
   */
  certificate(name: string, options: { key?: KeyKind; keyOf?: string; subject?: string; issuer?: string; extensions: string; start?: string; end?: string; md?: string; serial?: string }): X509Certificate {
    const keyName = options.keyOf ?? name;
    if (options.key) this.key(keyName, options.key);
    writeFileSync(this.path(`${name}.ext`), options.extensions);
    openssl(this.dir, ["req", "-new", "-key", `${keyName}.key`, "-subj", `/CN=${options.subject ?? name}`, "-out", `${name}.csr`]);
    const issuer = options.issuer ? ["-cert", `${options.issuer}.pem`, "-keyfile", `${options.issuer}.key`] : ["-selfsign", "-keyfile", `${keyName}.key`];
    // openssl ca refuses a serial its database has seen; a chosen serial starts a fresh database.
    if (options.serial) {
      writeFileSync(this.path("serial"), `${options.serial}\n`);
      writeFileSync(this.path("index.txt"), "");
    }
    openssl(this.dir, [
      "ca", "-batch", "-config", "ca.cnf", "-notext", ...issuer, "-in", `${name}.csr`, "-out", `${name}.pem`, "-extfile", `${name}.ext`,
      "-startdate", options.start ?? "20200101000000Z", "-enddate", options.end ?? "20491231000000Z", "-md", options.md ?? "sha256",
      ...(options.serial ? [] : ["-rand_serial"]),
    ]);
    return this.cert(name);
  }

  cert(name: string): X509Certificate {
    return new X509Certificate(readFileSync(this.path(`${name}.pem`)));
  }

  /** `openssl cms -sign` over `content.bin`, detached, DER. */
  sign(signer: string, extra: string[] = [], key = signer): Buffer {
    openssl(this.dir, ["cms", "-sign", "-binary", "-outform", "DER", "-in", "content.bin", "-signer", `${signer}.pem`, "-inkey", `${key}.key`, "-out", "out.der", ...extra]);
    return readFileSync(this.path("out.der"));
  }
}

/** The content, given to checkCms in two parts as a PDF's two byte ranges would be. */
function halves(content: Buffer): Buffer[] {
  return [content.subarray(0, 1000), content.subarray(1000)];
}

function reencodedWith(cms: Buffer, change: (info: pkijs.SignerInfo) => void): Buffer {
  const contentInfo = pkijs.ContentInfo.fromBER(Uint8Array.from(cms).buffer);
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  change(signedData.signerInfos[0]!);
  const out = new pkijs.ContentInfo({ contentType: contentInfo.contentType, content: signedData.toSchema(false) });
  return Buffer.from(out.toSchema().toBER(false));
}

/** The bytes of the first SignerInfo's signature value, to find and damage them in place. */
function signatureValue(cms: Buffer): Buffer {
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(Uint8Array.from(cms).buffer).content });
  return Buffer.from(signedData.signerInfos[0]!.signature.getValue());
}

function flipByteAt(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

// ---------------------------------------------------------------------------------------------
// The corpus

/**
 * What each signature's CMS in the corpus gives, in file order. "valid" means readable, the
 * digest matches, the signature holds and there are no problems; "valid, timestamped" adds a
 * signature timestamp that holds; "document timestamp" is an ETSI.RFC3161 token that holds.
 */
const CORPUS_VERDICTS: Array<[string, string[]]> = [
  ["esig-dss/BadEncodedCMS.pdf", ["unreadable"]],
  ["esig-dss/Signature-P-DE_SCI-4.pdf", ["valid, timestamped", "document timestamp"]],
  ["esig-dss/Signature-P-HU_MIC-1.pdf", ["valid, timestamped"]],
  ["esig-dss/belgian_pki_multiple_ocsps.pdf", ["valid, timestamped", "document timestamp"]],
  ["esig-dss/doc-firmado-T.pdf", ["valid, timestamped"]],
  ["esig-dss/doc-firmado.pdf", ["valid, timestamped", "document timestamp"]],
  ["esig-dss/hello_signed_INCSAVE_signed.pdf", ["valid", "valid"]],
  ["esig-dss/hello_signed_INCSAVE_signed_EDITED.pdf", ["valid", "changed"]],
  ["esig-dss/muestra-firmado-firmado.pdf", ["valid, timestamped", "document timestamp", "valid, timestamped", "document timestamp"]],
  ["esig-dss/pades-unsupported-signature-algorithm.pdf", ["unsupported algorithm"]],
  ["esig-dss/pdf-byterange-overlap.pdf", ["valid", "changed"]],
  ["esig-dss/pdf-signed-added-page.pdf", ["valid"]],
  ["esig-dss/pdf-signed-original.pdf", ["valid"]],
  ["esig-dss/pdf-spoofing-attack.pdf", ["valid, timestamped", "valid, timestamped"]],
  ["esig-dss/pdf-with-eof-cr.pdf", ["valid, timestamped"]],
  ["esig-dss/replace.pdf", ["valid"]],
  ["esig-dss/siwa.pdf", ["valid"]],
  ["node-signpdf/incrementally_signed.pdf", ["valid"]],
  ["node-signpdf/signed-once.pdf", ["valid"]],
  ["node-signpdf/signed-twice.pdf", ["valid", "valid"]],
  ["pyhanko/certified-with-indirect-refs-in-dir.pdf", ["valid"]],
  ["pyhanko/extensions-indirect-not-all-paths.pdf", ["valid", "valid"]],
  ["pyhanko/form-update-override-appearance-stream-sneaky.pdf", ["valid", "valid"]],
  ["pyhanko/minimal-signed-twice-second-created.pdf", ["valid, timestamped", "valid, timestamped"]],
  ["pyhanko/minimal-two-fields-signed-twice.pdf", ["valid, timestamped", "valid, timestamped"]],
  ["pyhanko/pades-lta-dss-indirect-arrs-test.pdf", ["valid, timestamped", "document timestamp"]],
  ["pyhanko/pades-with-old-style-signing-cert-attr.pdf", ["valid"]],
  ["pyhanko/sig-no-signed-attrs.pdf", ["valid"]],
  ["pyhanko/sig-with-ski-sid.pdf", ["valid"]],
  ["pyhanko/signature-gap-too-big.pdf", ["valid"]],
  ["pyhanko/tail-uncovered.pdf", ["valid"]],
  ["pyhanko/weird-byterange.pdf", ["valid"]],
  // The Shadow Attacks change what is shown, not the signed bytes: each CMS holds.
  ["rub-nds-pdf-attacker/pdf_attack_form_form_v2-signed-manipulated.pdf", ["valid"]],
  ["rub-nds-pdf-attacker/shadow-demo-exploits_hide-and-replace_hide-and-replace-shadowed-signed-manipulated.pdf", ["valid"]],
  ["rub-nds-pdf-attacker/shadow-demo-exploits_hide-and-replace_hide-and-replace-shadowed-signed.pdf", ["valid"]],
  ["rub-nds-pdf-attacker/shadow-demo-exploits_hide-and-replace_variant-2_change_objects_usage_4_original-document-shadowed-signed-manipulated.pdf", ["valid"]],
  ["rub-nds-pdf-attacker/shadow-demo-exploits_hide_form_and_form_shadowed_form_over_form-signed-manipulated.pdf", ["valid"]],
  ["rub-nds-pdf-attacker/shadow-demo-exploits_hide_variant-1_hide-via-referenced-object_4_original-document-shadowed-signed-manipulated_v1.pdf", ["valid"]],
  ["rub-nds-pdf-attacker/shadow-demo-exploits_hide_variant-2_hide-via-referenced-object_hide-form-via-form_4_original-document-shadowed-signed-manipulated.pdf", ["valid"]],
  ["rub-nds-pdf-attacker/shadow-demo-exploits_hide_xref_image_hide-from-shadowed-signed-manipulated_v1.pdf", ["valid"]],
  ["rub-nds-pdf-attacker/shadow-exploits_replace_forms_replace-form-shadowed-signed-manipulated.pdf", ["valid"]],
];

function verdict(check: CmsCheck): string {
  if (!check.readable) return "unreadable";
  if (check.problems.some((p) => p.includes("does not support"))) return "unsupported algorithm";
  if (!check.digestMatches && check.signatureValid) return "changed";
  const holds = check.digestMatches && check.signatureValid && check.problems.length === 0;
  if (!holds) return `fails: ${check.problems.join("; ")}`;
  if (check.kind === "timestamp") return check.timestamp?.valid ? "document timestamp" : "document timestamp that does not hold";
  if (check.timestamp) return check.timestamp.valid ? "valid, timestamped" : `timestamp fails: ${check.timestamp.problems.join("; ")}`;
  return "valid";
}

describe("checkCms on the signing corpus", () => {
  it.each(CORPUS_VERDICTS)("%s", (file, expected) => {
    const found = corpusSignatures(file).map((s) => verdict(checkCms(s.contents, s.signed, s.subFilter)));
    expect(found).toEqual(expected);
  });

  it("calls a CMS whose certificate has a non-DER serial number unreadable, in a sentence", () => {
    const check = checkCorpus("esig-dss/BadEncodedCMS.pdf");
    expect(check.readable).toBe(false);
    expect(check.problems).toEqual(["the signature's CMS cannot be read: certificate 1 of 1 in it is not a valid DER X.509 certificate"]);
  });

  it("names the OID of an unsupported signature algorithm and does not call the document changed", () => {
    const check = checkCorpus("esig-dss/pades-unsupported-signature-algorithm.pdf");
    expect(check.digestMatches).toBe(true);
    expect(check.signatureValid).toBe(false);
    expect(check.problems).toEqual(["the signature uses the signature algorithm 1.2.840.10045.3.1.7, which this verifier does not support, so it cannot be checked"]);
  });

  it("shows changed signed bytes by the digest flag alone, for the caller to word with who signed", () => {
    const check = checkCorpus("esig-dss/hello_signed_INCSAVE_signed_EDITED.pdf", 1);
    expect([check.digestMatches, check.signatureValid]).toEqual([false, true]);
    expect(check.problems).toEqual([]);
  });

  it("verifies RSA-PSS (Signature-P-DE_SCI-4), ECDSA P-256 (Signature-P-HU_MIC-1) and Ed25519 with SHA-512 (pyHanko)", () => {
    for (const [file, index, algorithm] of [["esig-dss/Signature-P-DE_SCI-4.pdf", 0, "sha256"], ["esig-dss/Signature-P-HU_MIC-1.pdf", 0, "sha256"], ["pyhanko/extensions-indirect-not-all-paths.pdf", 1, "sha512"]] as const) {
      const check = checkCorpus(file, index);
      expect([file, check.digestAlgorithm, check.signatureValid]).toEqual([file, algorithm, true]);
    }
  });

  it("binds the certificate through ESS signing-certificate v1 (SHA-1 of the certificate)", () => {
    const check = checkCorpus("pyhanko/pades-with-old-style-signing-cert-attr.pdf");
    expect(check.certificateBound).toBe(true);
    expect(check.problems).toEqual([]);
  });

  it("finds the signer by subject key identifier", () => {
    const check = checkCorpus("pyhanko/sig-with-ski-sid.pdf");
    expect(check.signer?.subject).toContain("CN=Alice");
    expect(check.signatureValid).toBe(true);
  });

  it("verifies a signature without signed attributes directly over the signed bytes, and sees them change", () => {
    const signature = corpusSignatures("pyhanko/sig-no-signed-attrs.pdf")[0]!;
    const check = checkCms(signature.contents, signature.signed, signature.subFilter);
    expect([check.signedAttributes, check.digestMatches, check.signatureValid]).toEqual([false, true, true]);
    const changed = checkCms(signature.contents, [signature.signed[0]!, flipByteAt(signature.signed[1]!, 10)], signature.subFilter);
    // An RSA PKCS#1 v1.5 signature shows the digest it signed, so this is a change, not a forgery.
    expect([changed.digestMatches, changed.signatureValid, changed.problems]).toEqual([false, true, []]);
  });

  it("reads a signature timestamp's time, and fails it when the signature value it covers is changed", () => {
    const signature = corpusSignatures("esig-dss/doc-firmado-T.pdf")[0]!;
    const check = checkCms(signature.contents, signature.signed, signature.subFilter);
    expect(check.timestamp?.time.toISOString()).toBe("2018-09-15T22:10:37.000Z");
    expect(check.timestamp?.authority?.subject).toContain("TSA");

    const value = signatureValue(signature.contents);
    const damaged = flipByteAt(signature.contents, signature.contents.indexOf(value) + 20);
    const after = checkCms(damaged, signature.signed, signature.subFilter);
    expect(after.signatureValid).toBe(false);
    expect(after.timestamp?.valid).toBe(false);
    expect(after.timestamp?.problems).toContain("the signature timestamp is for other data: its SHA-256 imprint does not match what it should timestamp");
  });

  it("checks a document timestamp's imprint against the signed bytes", () => {
    const stamp = corpusSignatures("pyhanko/pades-lta-dss-indirect-arrs-test.pdf")[1]!;
    const check = checkCms(stamp.contents, stamp.signed, stamp.subFilter);
    expect(check).toMatchObject({ kind: "timestamp", digestMatches: true, signatureValid: true });
    expect(check.signer?.subject).toContain("CN=Time Stamping Authority");
    const moved = checkCms(stamp.contents, [stamp.signed[0]!.subarray(1), stamp.signed[1]!], stamp.subFilter);
    expect([moved.digestMatches, moved.signatureValid, moved.timestamp?.valid]).toEqual([false, true, false]);
  });
});

// ---------------------------------------------------------------------------------------------
// CMS made by openssl

describe("checkCms on CMS made by openssl cms -sign", () => {
  let pki: Pki;
  let content: Buffer;

  beforeAll(async () => {
    pki = new Pki(await tempDir("cms-test-"));
    content = randomBytes(5000);
    writeFileSync(pki.path("content.bin"), content);
    pki.certificate("Root", { key: "P-256", extensions: EXTENSIONS.ca });
    pki.certificate("Other Root", { key: "P-256", extensions: EXTENSIONS.ca });
    pki.certificate("Rsa Signer", { key: "rsa", issuer: "Root", extensions: EXTENSIONS.signer });
    pki.certificate("P256 Signer", { key: "P-256", issuer: "Root", extensions: EXTENSIONS.signer });
    pki.certificate("P384 Signer", { key: "P-384", issuer: "Root", extensions: EXTENSIONS.signer });
  });

  const cases: Array<[string, string, string[], string]> = [
    ["RSA PKCS#1 v1.5, SHA-256", "Rsa Signer", [], "sha256"],
    ["RSA PKCS#1 v1.5, SHA-384", "Rsa Signer", ["-md", "sha384"], "sha384"],
    ["RSA PKCS#1 v1.5, SHA-512", "Rsa Signer", ["-md", "sha512"], "sha512"],
    ["RSA-PSS, SHA-256", "Rsa Signer", ["-keyopt", "rsa_padding_mode:pss"], "sha256"],
    ["RSA-PSS, SHA-512, salt length 32", "Rsa Signer", ["-md", "sha512", "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:32"], "sha512"],
    ["ECDSA P-256, SHA-256", "P256 Signer", [], "sha256"],
    ["ECDSA P-384, SHA-384", "P384 Signer", ["-md", "sha384"], "sha384"],
    ["RSA without signed attributes", "Rsa Signer", ["-noattr"], "sha256"],
    ["ECDSA without signed attributes", "P256 Signer", ["-noattr"], "sha256"],
    ["signer named by subject key identifier", "P256 Signer", ["-keyid"], "sha256"],
  ];

  it.each(cases)("%s verifies, and fails when a signed byte changes", (_, signer, options, digest) => {
    const cms = pki.sign(signer, options);
    const check = checkCms(cms, halves(content), "adbe.pkcs7.detached");
    expect(check).toMatchObject({ readable: true, digestAlgorithm: digest, digestMatches: true, signatureValid: true, problems: [] });
    expect(check.signer?.fingerprint256).toBe(pki.cert(signer).fingerprint256);
    expect(check.signedAttributes).toBe(!options.includes("-noattr"));
    expect(check.hasSigningTime).toBe(!options.includes("-noattr"));

    const changed = checkCms(cms, halves(flipByteAt(content, 4000)), "adbe.pkcs7.detached");
    expect([changed.digestMatches, changed.problems]).toEqual([false, []]);
  });

  it("fails a signature whose value was changed, though the digest matches", () => {
    const cms = pki.sign("P256 Signer");
    const damaged = flipByteAt(cms, cms.indexOf(signatureValue(cms)) + 10);
    const check = checkCms(damaged, halves(content), "adbe.pkcs7.detached");
    expect([check.digestMatches, check.signatureValid, check.problems]).toEqual([true, false, []]);
  });

  it("flags SHA-1 in its own words, not as a changed document", () => {
    const check = checkCms(pki.sign("Rsa Signer", ["-md", "sha1"]), halves(content), "adbe.pkcs7.detached");
    expect([check.digestAlgorithm, check.digestMatches, check.signatureValid]).toEqual(["sha1", true, true]);
    expect(check.problems).toEqual(["the signature uses SHA-1, which is no longer accepted for signatures"]);
  });

  it("reads a CMS padded with zeros, as a PDF's /Contents placeholder is", () => {
    const padded = Buffer.concat([pki.sign("P384 Signer", ["-md", "sha384"]), Buffer.alloc(4000)]);
    expect(checkCms(padded, halves(content), "ETSI.CAdES.detached")).toMatchObject({ readable: true, digestMatches: true, signatureValid: true });
  });

  it("binds the certificate with openssl's -cades signing-certificate-v2, and not without it", () => {
    expect(checkCms(pki.sign("Rsa Signer", ["-cades"]), halves(content), "ETSI.CAdES.detached").certificateBound).toBe(true);
    expect(checkCms(pki.sign("Rsa Signer"), halves(content), "adbe.pkcs7.detached").certificateBound).toBe(false);
  });

  it("refuses a certificate put in place of the one the signing-certificate attribute names, though it has the same key", () => {
    // The same key certified twice: the signature holds with either, ESS names only the first.
    pki.certificate("Twin Signer", { keyOf: "P256 Signer", issuer: "Root", extensions: EXTENSIONS.signer });
    const cms = pki.sign("P256 Signer", ["-cades", "-keyid", "-nocerts", "-certfile", pki.path("Twin Signer.pem")]);
    const check = checkCms(cms, halves(content), "ETSI.CAdES.detached");
    expect(check.signer?.fingerprint256).toBe(pki.cert("Twin Signer").fingerprint256);
    expect(check.signatureValid).toBe(true);
    expect(check.certificateBound).toBe(false);
    expect(check.problems).toEqual(["the signature's signing-certificate attribute names another certificate than “Twin Signer”, the one it was made with"]);
  });

  it("matches the signer by issuer and serial number, not by serial number alone", () => {
    pki.certificate("Serial Signer", { key: "P-256", issuer: "Root", extensions: EXTENSIONS.signer, serial: "7A01" });
    pki.certificate("Serial Twin", { key: "P-256", issuer: "Other Root", extensions: EXTENSIONS.signer, serial: "7A01" });
    const cms = pki.sign("Serial Signer", ["-nocerts", "-certfile", pki.path("Serial Twin.pem")]);
    const check = checkCms(cms, halves(content), "adbe.pkcs7.detached");
    expect(check.signer).toBeUndefined();
    expect(check.problems).toEqual(["the signature's signer certificate is not among the certificates it carries"]);
  });

  it("says a CMS with two signers should have one", () => {
    const cms = pki.sign("Rsa Signer", ["-signer", pki.path("P256 Signer.pem"), "-inkey", pki.path("P256 Signer.key")]);
    expect(checkCms(cms, halves(content), "adbe.pkcs7.detached").problems).toContain("the signature has 2 signers, where it should have exactly one");
  });

  it("says an RSA signature algorithm does not fit an EC key", () => {
    const cms = reencodedWith(pki.sign("P256 Signer"), (info) => {
      info.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.113549.1.1.11", algorithmParams: new asn1js.Null() });
    });
    const check = checkCms(cms, halves(content), "adbe.pkcs7.detached");
    expect(check.signatureValid).toBe(false);
    expect(check.problems).toEqual(["the signature's algorithm sha256WithRSAEncryption needs an RSA key, but the signer's certificate holds an EC key"]);
  });

  it("names an unknown digest algorithm and does not throw", () => {
    const cms = reencodedWith(pki.sign("P256 Signer"), (info) => {
      info.digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.3.4.5" });
    });
    const check = checkCms(cms, halves(content), "adbe.pkcs7.detached");
    expect([check.readable, check.digestAlgorithm, check.signatureValid]).toEqual([true, "1.2.3.4.5", false]);
    expect(check.problems).toEqual(["the signature uses the digest algorithm 1.2.3.4.5, which this verifier does not support, so it cannot be checked"]);
  });

  it("never throws on a damaged CMS or token, and says why one cannot be read", () => {
    // A fixed sequence of damage (a linear congruential generator), so a failure can be replayed.
    let seed = 12345;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const inputs: Array<[Buffer, string]> = [
      [pki.sign("Rsa Signer", ["-cades"]), "ETSI.CAdES.detached"],
      [corpusSignatures("esig-dss/doc-firmado.pdf")[0]!.contents, "ETSI.CAdES.detached"],
      [corpusSignatures("esig-dss/doc-firmado.pdf")[1]!.contents, "ETSI.RFC3161"],
    ];
    for (let round = 0; round < 300; round++) {
      const [original, subFilter] = inputs[round % inputs.length]!;
      const damaged = Buffer.from(original.subarray(0, round % 5 === 0 ? next(original.length) : original.length));
      for (let i = 0; i <= round % 3; i++) if (damaged.length) damaged[next(Math.min(damaged.length, 4000))] = next(256);
      const check = checkCms(damaged, halves(content), subFilter);
      if (!check.readable) expect(check.problems.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ["random bytes", () => randomBytes(300)],
    ["half a CMS", () => pki.sign("Rsa Signer").subarray(0, 600)],
    ["nothing", () => Buffer.alloc(0)],
    ["a CMS that holds data, not a signature", () => {
      openssl(pki.dir, ["cms", "-data_create", "-binary", "-in", "content.bin", "-outform", "DER", "-out", "data.der"]);
      return readFileSync(pki.path("data.der"));
    }],
  ])("calls %s unreadable without throwing", (_, make) => {
    const check = checkCms(make(), halves(content), "adbe.pkcs7.detached");
    expect(check.readable).toBe(false);
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatch(/^the signature's CMS cannot be read: /);
  });
});

// ---------------------------------------------------------------------------------------------
// Timestamps made by openssl ts

describe("document timestamps made by openssl ts", () => {
  let pki: Pki;
  let content: Buffer;

  /** A TimeStampToken from `openssl ts -reply -token_out` over content.bin, with `hash`. */
  function token(hash: string): Buffer {
    openssl(pki.dir, ["ts", "-query", "-data", "content.bin", `-${hash}`, "-cert", "-no_nonce", "-out", "query.tsq"]);
    openssl(pki.dir, ["ts", "-reply", "-config", "ts.cnf", "-queryfile", "query.tsq", "-signer", "Tsa.pem", "-inkey", "Tsa.key", "-token_out", "-out", "token.der"]);
    return readFileSync(pki.path("token.der"));
  }

  beforeAll(async () => {
    pki = new Pki(await tempDir("cms-test-"));
    content = randomBytes(5000);
    writeFileSync(pki.path("content.bin"), content);
    writeFileSync(pki.path("ts.cnf"), "[tsa]\ndefault_tsa = t\n[t]\nserial = tsaserial\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha1, sha256, sha384, sha512\naccuracy = secs:1\ness_cert_id_alg = sha256\n");
    writeFileSync(pki.path("tsaserial"), "01\n");
    pki.certificate("Tsa Root", { key: "P-256", extensions: EXTENSIONS.ca });
    pki.certificate("Tsa", { key: "rsa", issuer: "Tsa Root", extensions: EXTENSIONS.tsa });
  });

  it("verifies a token over the signed bytes: imprint, the authority's signature, its time", () => {
    const before = Date.now() - 2000;
    const check = checkCms(token("sha384"), halves(content), "ETSI.RFC3161");
    expect(check).toMatchObject({ readable: true, kind: "timestamp", digestAlgorithm: "sha384", digestMatches: true, signatureValid: true, certificateBound: true, problems: [] });
    expect(check.signer?.fingerprint256).toBe(pki.cert("Tsa").fingerprint256);
    expect(check.timestamp?.valid).toBe(true);
    expect(check.timestamp!.time.getTime()).toBeGreaterThan(before);
    expect(check.timestamp!.time.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("fails a token for other bytes", () => {
    const check = checkCms(token("sha256"), halves(flipByteAt(content, 1)), "ETSI.RFC3161");
    expect([check.digestMatches, check.signatureValid, check.timestamp?.valid, check.problems]).toEqual([false, true, false, []]);
    expect(check.timestamp?.problems).toEqual(["the document timestamp is for other data: its SHA-256 imprint does not match what it should timestamp"]);
  });

  it("fails a token whose time was changed after the authority signed it", () => {
    const original = token("sha256");
    const genTime = /\d{14}(\.\d+)?Z/.exec(original.toString("latin1"))!;
    const changed = Buffer.from(original);
    changed.write(String((Number(genTime[0][3]) + 1) % 10), genTime.index + 3, "latin1");
    const check = checkCms(changed, halves(content), "ETSI.RFC3161");
    expect([check.digestMatches, check.signatureValid, check.timestamp?.valid, check.problems]).toEqual([true, false, false, []]);
    expect(check.timestamp?.problems).toEqual(["the document timestamp's content (its TSTInfo) changed after the authority signed it: its SHA-256 digest is not the one signed"]);
  });

  it("flags a SHA-1 imprint", () => {
    const check = checkCms(token("sha1"), halves(content), "ETSI.RFC3161");
    expect([check.digestAlgorithm, check.digestMatches]).toEqual(["sha1", true]);
    expect(check.problems).toEqual(["the document timestamp uses SHA-1, which is no longer accepted for signatures"]);
  });

  it("calls a detached signature given as a document timestamp no timestamp", () => {
    const signature = pki.sign("Tsa");
    const check = checkCms(signature, halves(content), "ETSI.RFC3161");
    expect(check.digestMatches).toBe(false);
    expect(check.problems).toEqual(["the document timestamp is not a timestamp token: it holds content of type 1.2.840.113549.1.7.1"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Certificate paths

describe("validatePath on chains made by openssl ca", () => {
  let pki: Pki;
  const at = new Date("2025-06-01T00:00:00Z");
  const cert = (name: string) => pki.cert(name);

  beforeAll(async () => {
    pki = new Pki(await tempDir("cms-test-"));
    const ca = EXTENSIONS.ca;
    const signer = EXTENSIONS.signer;
    pki.certificate("Root", { key: "P-256", extensions: ca });
    pki.certificate("Intermediate", { key: "P-256", issuer: "Root", extensions: ca });
    pki.certificate("Signer", { key: "P-256", issuer: "Intermediate", extensions: signer });
    // The intermediate's key certified again under its name, with another key identifier.
    pki.certificate("Intermediate Again", { keyOf: "Intermediate", subject: "Intermediate", issuer: "Root", extensions: ca.replace("subjectKeyIdentifier=hash", "subjectKeyIdentifier=0102030405") });
    pki.certificate("Impostor Root", { key: "P-256", extensions: ca });
    // Without a subject key identifier, only the signature tells it from the real Root.
    pki.certificate("Root Named Alike", { key: "P-256", subject: "Root", extensions: "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign\nsubjectKeyIdentifier=none" });
    pki.certificate("Issued By Signer", { key: "P-256", issuer: "Signer", extensions: signer });
    pki.certificate("Old Intermediate", { key: "P-256", issuer: "Root", extensions: ca, start: "20200101000000Z", end: "20210101000000Z" });
    pki.certificate("Signer Of Old", { key: "P-256", issuer: "Old Intermediate", extensions: signer, start: "20200601000000Z", end: "20300101000000Z" });
    pki.certificate("Root Pathlen 0", { key: "P-256", extensions: caExtensions(0) });
    pki.certificate("Intermediate Under Pathlen 0", { key: "P-256", issuer: "Root Pathlen 0", extensions: ca });
    pki.certificate("Signer Too Deep", { key: "P-256", issuer: "Intermediate Under Pathlen 0", extensions: signer });
    pki.certificate("Intermediate Without keyCertSign", { key: "P-256", issuer: "Root", extensions: "basicConstraints=critical,CA:true\nkeyUsage=critical,digitalSignature" });
    pki.certificate("Signer Under It", { key: "P-256", issuer: "Intermediate Without keyCertSign", extensions: signer });
    pki.certificate("Web Server", { key: "P-256", issuer: "Intermediate", extensions: `${signer}\nextendedKeyUsage=serverAuth` });
    pki.certificate("Mail Signer", { key: "P-256", issuer: "Intermediate", extensions: `${signer}\nextendedKeyUsage=emailProtection,clientAuth` });
    pki.certificate("Timestamp Unit", { key: "P-256", issuer: "Intermediate", extensions: EXTENSIONS.tsa });
    pki.certificate("Odd Critical", { key: "P-256", issuer: "Intermediate", extensions: `${signer}\n1.2.3.4=critical,ASN1:NULL` });
    pki.certificate("Sha1 Intermediate", { key: "P-256", issuer: "Root", extensions: ca, md: "sha1" });
    pki.certificate("Signer Under Sha1", { key: "P-256", issuer: "Sha1 Intermediate", extensions: signer });
    pki.certificate("Self Signed Signer", { key: "P-256", extensions: "basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature" });
  });

  it("trusts root, intermediate and signer, and builds the chain in order", () => {
    const path = validatePath(cert("Signer"), [cert("Intermediate"), cert("Root")], [cert("Root")], at, "signing");
    expect(path.problems).toEqual([]);
    expect(path.trusted).toBe(true);
    expect(path.chain.map((c) => c.subject)).toEqual(["CN=Signer", "CN=Intermediate", "CN=Root"]);
  });

  it("finds the anchor among the trusted certificates when the CMS does not carry it", () => {
    expect(validatePath(cert("Signer"), [cert("Intermediate")], [cert("Root")], at, "signing").trusted).toBe(true);
  });

  it("prefers the issuer whose key identifier the certificate names", () => {
    const path = validatePath(cert("Signer"), [cert("Intermediate Again"), cert("Intermediate")], [cert("Root")], at, "signing");
    expect(path.chain[1]!.fingerprint256).toBe(cert("Intermediate").fingerprint256);
    expect(path.trusted).toBe(true);
  });

  it("does not trust anything, nor call it untrusted, when no trust is given", () => {
    const path = validatePath(cert("Signer"), [cert("Intermediate"), cert("Root")], [], at, "signing");
    expect([path.trusted, path.problems, path.chain.length]).toEqual([false, [], 3]);
  });

  it("says which certificate the chain stops at when it reaches no trusted one", () => {
    const path = validatePath(cert("Signer"), [cert("Intermediate"), cert("Root")], [cert("Impostor Root")], at, "signing");
    expect(path.trusted).toBe(false);
    expect(path.problems).toEqual(["the certificate chain ends at “Root”, which is not among the trusted certificates"]);
    const missing = validatePath(cert("Signer"), [], [cert("Impostor Root")], at, "signing");
    expect(missing.problems).toEqual(["the issuer of the certificate “Signer” is neither in the signature nor among the trusted certificates"]);
  });

  it("does not take a certificate with the issuer's name but another key for the issuer", () => {
    const path = validatePath(cert("Signer"), [cert("Intermediate")], [cert("Root Named Alike")], at, "signing");
    expect(path.trusted).toBe(false);
    expect(path.chain.map((c) => c.subject)).toEqual(["CN=Signer", "CN=Intermediate"]);
    expect(path.problems).toEqual(["the issuer of the certificate “Intermediate” is neither in the signature nor among the trusted certificates"]);
  });

  it("refuses a certificate issued by a certificate that is not a CA", () => {
    const path = validatePath(cert("Issued By Signer"), [cert("Signer"), cert("Intermediate")], [cert("Root")], at, "signing");
    expect(path.trusted).toBe(false);
    expect(path.problems).toEqual([
      "the certificate “Signer” issued another certificate but is not a certificate authority (its basicConstraints lack cA)",
      "the certificate “Signer” issued another certificate but its key usage does not include keyCertSign",
    ]);
  });

  it("refuses an expired intermediate at a time after it expired, and accepts it while it was valid", () => {
    const later = validatePath(cert("Signer Of Old"), [cert("Old Intermediate")], [cert("Root")], at, "signing");
    expect(later.trusted).toBe(false);
    expect(later.problems).toEqual(["the certificate “Old Intermediate” expired on 2021-01-01T00:00:00Z, before 2025-06-01T00:00:00Z"]);
    const then = validatePath(cert("Signer Of Old"), [cert("Old Intermediate")], [cert("Root")], new Date("2020-07-01T00:00:00Z"), "signing");
    expect([then.trusted, then.problems]).toEqual([true, []]);
  });

  it("refuses a signer not yet valid at the time", () => {
    const path = validatePath(cert("Signer Of Old"), [cert("Old Intermediate")], [cert("Root")], new Date("2020-03-01T00:00:00Z"), "signing");
    expect(path.problems).toEqual(["the certificate “Signer Of Old” is valid only from 2020-06-01T00:00:00Z, after 2020-03-01T00:00:00Z"]);
  });

  it("refuses a chain longer than a pathLenConstraint allows", () => {
    const path = validatePath(cert("Signer Too Deep"), [cert("Intermediate Under Pathlen 0")], [cert("Root Pathlen 0")], at, "signing");
    expect(path.problems).toEqual(["the certificate authority “Root Pathlen 0” allows 0 intermediate authorities below it (pathLenConstraint) but has 1"]);
  });

  it("refuses an issuer whose key usage lacks keyCertSign", () => {
    const path = validatePath(cert("Signer Under It"), [cert("Intermediate Without keyCertSign")], [cert("Root")], at, "signing");
    expect(path.problems).toEqual(["the certificate “Intermediate Without keyCertSign” issued another certificate but its key usage does not include keyCertSign"]);
  });

  it("judges the extended key usage for the purpose", () => {
    const others = [cert("Intermediate")];
    const trust = [cert("Root")];
    expect(validatePath(cert("Web Server"), others, trust, at, "signing").problems).toEqual(["the certificate “Web Server” is not for signing documents: its extended key usage allows only serverAuth"]);
    expect(validatePath(cert("Timestamp Unit"), others, trust, at, "signing").problems).toEqual(["the certificate “Timestamp Unit” is not for signing documents: its extended key usage allows only timeStamping"]);
    expect(validatePath(cert("Mail Signer"), others, trust, at, "signing").trusted).toBe(true);
    expect(validatePath(cert("Timestamp Unit"), others, trust, at, "timestamping").trusted).toBe(true);
    expect(validatePath(cert("Mail Signer"), others, trust, at, "timestamping").problems).toEqual(["the certificate “Mail Signer” is not for timestamping: its extended key usage does not include timeStamping"]);
    expect(validatePath(cert("Intermediate"), [], trust, at, "signing").problems).toEqual(["the certificate “Intermediate” is not for signing: its key usage has neither digitalSignature nor nonRepudiation"]);
  });

  it("refuses an unknown critical extension", () => {
    const path = validatePath(cert("Odd Critical"), [cert("Intermediate")], [cert("Root")], at, "signing");
    expect(path.problems).toEqual(["the certificate “Odd Critical” has a critical extension 1.2.3.4 that this verifier does not understand"]);
  });

  it("refuses a certificate signed with SHA-1 below the anchor, but not a SHA-1 anchor's own signature", () => {
    const path = validatePath(cert("Signer Under Sha1"), [cert("Sha1 Intermediate")], [cert("Root")], at, "signing");
    expect(path.problems).toEqual(["the certificate “Sha1 Intermediate” is signed with SHA-1, which is no longer accepted for certificates"]);
    expect(validatePath(cert("Signer Under Sha1"), [], [cert("Sha1 Intermediate")], at, "signing").problems).toEqual([]);
  });

  it("trusts a self-signed signer given as trusted, by its fingerprint, and only then", () => {
    const self = cert("Self Signed Signer");
    expect(validatePath(self, [], [self], at, "signing")).toMatchObject({ trusted: true, selfSigned: true, problems: [] });
    expect(validatePath(self, [], [], at, "signing")).toMatchObject({ trusted: false, selfSigned: true, problems: [] });
    expect(validatePath(self, [], [cert("Root")], at, "signing").problems).toEqual(["the certificate chain ends at “Self Signed Signer”, which is not among the trusted certificates"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Signing: key files and createCms

describe("readIdentity and createCms", () => {
  let pki: Pki;
  let content: Buffer;
  const passphrase = "correct horse battery";

  /** `openssl pkcs12 -export` of a key and its certificate, with more options as given. */
  function p12(name: string, options: string[]): Buffer {
    openssl(pki.dir, ["pkcs12", "-export", "-passout", `pass:${passphrase}`, "-out", `${name}.p12`, ...options]);
    return readFileSync(pki.path(`${name}.p12`));
  }

  /** Whether `openssl cms -verify` accepts the CMS over content.bin (the certificate chain is not its business here). */
  function opensslVerifies(cms: Uint8Array): boolean {
    writeFileSync(pki.path("ours.der"), cms);
    try {
      openssl(pki.dir, ["cms", "-verify", "-binary", "-inform", "DER", "-in", "ours.der", "-content", "content.bin", "-noverify", "-out", "/dev/null"]);
      return true;
    } catch {
      return false;
    }
  }

  beforeAll(async () => {
    pki = new Pki(await tempDir("cms-test-"));
    content = randomBytes(5000);
    writeFileSync(pki.path("content.bin"), content);
    pki.certificate("Centre Root", { key: "P-256", extensions: EXTENSIONS.ca });
    pki.certificate("P256 Learner", { key: "P-256", issuer: "Centre Root", extensions: EXTENSIONS.signer });
    pki.certificate("P384 Assessor", { key: "P-384", issuer: "Centre Root", extensions: EXTENSIONS.signer });
    pki.certificate("P521 Verifier", { key: "P-521", issuer: "Centre Root", extensions: EXTENSIONS.signer });
    pki.certificate("K1 Learner", { key: "secp256k1", extensions: EXTENSIONS.signer });
  });

  it.each([
    ["P-256", "P256 Learner", "sha256", "1.2.840.10045.4.3.2", []],
    ["P-384", "P384 Assessor", "sha384", "1.2.840.10045.4.3.3", []],
    ["P-521", "P521 Verifier", "sha512", "1.2.840.10045.4.3.4", []],
    ["P-256 in a legacy (RC2, 3DES) file", "P256 Learner", "sha256", "1.2.840.10045.4.3.2", ["-legacy"]],
  ])("reads an EC %s key file from openssl and signs with ECDSA that openssl and checkCms verify", (_, name, digest, algorithm, extra) => {
    const file = p12(name, ["-inkey", `${name}.key`, "-in", `${name}.pem`, "-certfile", "Centre Root.pem", ...extra]);
    const identity = readIdentity(file, passphrase, `${name}.p12`);
    expect(identity).toMatchObject({ keyType: "ec", name });
    expect(new X509Certificate(identity.certificate).fingerprint256).toBe(pki.cert(name).fingerprint256);
    expect(identity.chain.map((der) => new X509Certificate(der).subject)).toEqual(["CN=Centre Root"]);

    const cms = createCms(halves(content), identity);
    expect(opensslVerifies(cms)).toBe(true);
    const check = checkCms(cms, halves(content), "ETSI.CAdES.detached");
    expect(check).toMatchObject({ digestAlgorithm: digest, digestMatches: true, signatureValid: true, certificateBound: true, hasSigningTime: false, problems: [] });
    expect(readSignatureAlgorithm(cms)).toBe(algorithm);
    expect(validatePath(check.signer!, check.certificates, [pki.cert("Centre Root")], new Date(), "signing").trusted).toBe(true);
    expect(opensslVerifies(createCms(halves(flipByteAt(content, 0)), identity))).toBe(false);
  });

  it("signs with RSA PKCS#1 v1.5 and SHA-256 from a key file portfolio keygen made", () => {
    const identity = readIdentity(createIdentity({ name: "Priya Shah", role: "learner", passphrase }), passphrase, "learner.p12");
    expect(identity).toMatchObject({ keyType: "rsa", name: "Priya Shah", chain: [] });
    const cms = createCms(halves(content), identity);
    expect(opensslVerifies(cms)).toBe(true);
    expect(readSignatureAlgorithm(cms)).toBe("1.2.840.113549.1.1.11");
    expect(checkCms(cms, halves(content), "ETSI.CAdES.detached")).toMatchObject({ digestAlgorithm: "sha256", digestMatches: true, signatureValid: true, certificateBound: true, problems: [] });
  });

  it("writes the signed attributes in DER order, as the signature covers their DER", () => {
    const identity = readIdentity(p12("P384 Assessor", ["-inkey", "P384 Assessor.key", "-in", "P384 Assessor.pem"]), passphrase, "a.p12");
    const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(Uint8Array.from(createCms(halves(content), identity)).buffer).content });
    const encodings = signedData.signerInfos[0]!.signedAttrs!.attributes.map((a) => Buffer.from(a.toSchema().toBER(false)));
    expect(encodings.map((e) => e.toString("hex"))).toEqual([...encodings].sort(Buffer.compare).map((e) => e.toString("hex")));
  });

  it("says the passphrase is wrong", () => {
    const file = p12("P256 Learner", ["-inkey", "P256 Learner.key", "-in", "P256 Learner.pem"]);
    expect(() => readIdentity(file, "not it", "learner.p12")).toThrow("learner.p12: the passphrase is wrong");
  });

  it("says a key file without a key holds no private key", () => {
    const file = p12("Certificate Only", ["-nokeys", "-in", "P256 Learner.pem"]);
    expect(() => readIdentity(file, passphrase, "learner.p12")).toThrow("learner.p12: it holds no private key");
  });

  it("says a key file without the key's certificate holds no certificate for it, and finds it among others", () => {
    const file = p12("Key Only", ["-inkey", "P384 Assessor.key", "-nocerts"]);
    const both = p12("Mismatched Both", ["-inkey", "P384 Assessor.key", "-in", "P384 Assessor.pem", "-certfile", "P256 Learner.pem"]);
    expect(() => readIdentity(file, passphrase, "m.p12")).toThrow("m.p12: it holds no certificate for its private key");
    expect(readIdentity(both, passphrase, "b.p12").name).toBe("P384 Assessor");
  });

  it("refuses an EC key on a curve a PDF signature cannot use", () => {
    const file = p12("K1 Learner", ["-inkey", "K1 Learner.key", "-in", "K1 Learner.pem"]);
    expect(() => readIdentity(file, passphrase, "k1.p12")).toThrow("k1.p12: it holds an EC key on the curve secp256k1, which cannot sign a portfolio");
  });
});

function readSignatureAlgorithm(cms: Uint8Array): string {
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(Uint8Array.from(cms).buffer).content });
  return signedData.signerInfos[0]!.signatureAlgorithm.algorithmId;
}
