import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PDFArray, PDFDocument, PDFName, type PDFRef } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { tool } from "./helpers/pdf-tools.ts";
import { keyFile, PASSPHRASE, pdfsigReport } from "./helpers/signing.ts";
import { corpusFile } from "./helpers/signing-corpus.ts";
import { PdfRef } from "../src/signing/pdf-reader/objects.ts";
import { PdfFile } from "../src/signing/pdf-reader/revisions.ts";
import { withEntries, writeValue } from "../src/signing/pdf-reader/write.ts";
import { repoRoot, samplePdf, tempDir } from "./helpers/workspace.ts";

const env = { PORTFOLIO_KEY_PASSPHRASE: PASSPHRASE, SOURCE_DATE_EPOCH: "1767225600" };
const sha = async (file: string) => createHash("sha256").update(await readFile(file)).digest("hex");

/** Each signature's CMS and the bytes it signs, for openssl to judge. */
async function signedParts(pdf: string, dir: string): Promise<Array<{ cms: string; content: string }>> {
  const bytes = await readFile(pdf);
  const parts: Array<{ cms: string; content: string }> = [];
  for (const [i, m] of [...bytes.toString("latin1").matchAll(/\/ByteRange \[0 (\d+) (\d+) (\d+)/g)].entries()) {
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const hex = bytes.subarray(a + 1, b - 1).toString("latin1");
    const { fromBER } = await import("asn1js");
    const der = Buffer.from(hex, "hex");
    const length = fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.length)).offset;
    parts.push({ cms: join(dir, `cms-${i}.der`), content: join(dir, `content-${i}.bin`) });
    await writeFile(parts[i]!.cms, der.subarray(0, length));
    await writeFile(parts[i]!.content, Buffer.concat([bytes.subarray(0, a), bytes.subarray(b, b + c)]));
  }
  return parts;
}

async function certificatePem(p12: string, dir: string, name: string): Promise<string> {
  const out = join(dir, `${name}.pem`);
  const pem = tool("openssl", ["pkcs12", "-in", p12, "-passin", `pass:${PASSPHRASE}`, "-nokeys", "-clcerts"]).stdout;
  await writeFile(out, pem.slice(pem.indexOf("-----BEGIN CERTIFICATE-----")));
  return out;
}

describe("signing in turn: learner, assessor, internal quality assurer", () => {
  let dir: string;
  let unsigned: string;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    dir = await tempDir();
    unsigned = join(dir, "unsigned", "portfolio.pdf");
    await samplePdf(unsigned);
    keys.learner = await keyFile("Priya Shah", "learner");
    keys.assessor = await keyFile("Daniel Okafor", "assessor");
    keys.iqa = await keyFile("Ruth Mensah", "iqa");
  });

  it("signs, countersigns and signs again, each signature valid for pdfsig and openssl", async () => {
    const pdf = join(dir, "signed.pdf");
    let status = runCli(["sign", unsigned, "--key", keys.learner!, "--out", pdf], { env });
    expect(status.stderr).toContain("Signed");
    expect(status.status).toBe(0);
    expect(pdfsigReport(pdf)).toEqual([{ field: "learner", valid: true, total: true }]);

    status = runCli(["sign", pdf, "--key", keys.assessor!], { env });
    expect(status.status).toBe(0);
    expect(pdfsigReport(pdf)).toEqual([{ field: "learner", valid: true, total: false }, { field: "assessor", valid: true, total: true }]);

    expect(runCli(["sign", pdf, "--key", keys.iqa!], { env }).status).toBe(0);
    expect(pdfsigReport(pdf)).toEqual([
      { field: "learner", valid: true, total: false },
      { field: "assessor", valid: true, total: false },
      { field: "iqa", valid: true, total: true },
    ]);
    expect(tool("qpdf", ["--check", pdf]).status).toBe(0);

    const parts = await signedParts(pdf, dir);
    for (const [i, role] of ["learner", "assessor", "iqa"].entries()) {
      const ca = await certificatePem(keys[role]!, dir, role);
      const result = tool("openssl", ["cms", "-verify", "-inform", "DER", "-in", parts[i]!.cms, "-content", parts[i]!.content, "-binary", "-CAfile", ca, "-purpose", "any", "-out", "/dev/null"]);
      expect(result.stderr, role).toContain("CMS Verification successful");
      const printed = tool("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", parts[i]!.cms]).stdout;
      expect(printed).toContain("id-smime-aa-signingCertificateV2");
      expect(printed).not.toContain("signingTime");
    }

    const verify = runCli(["verify", pdf, "--format", "json", "--trust", await certificatePem(keys.learner!, dir, "l"), "--trust", await certificatePem(keys.assessor!, dir, "a"), "--trust", await certificatePem(keys.iqa!, dir, "i")]);
    expect(verify.status).toBe(0);
    const report = JSON.parse(verify.stdout);
    expect(report.signatures.map((s: { role: string; signer: string; subFilter: string; valid: boolean; certificate: { trusted: boolean } }) => [s.role, s.signer, s.subFilter, s.valid, s.certificate.trusted])).toEqual([
      ["learner", "Priya Shah", "ETSI.CAdES.detached", true, true],
      ["assessor", "Daniel Okafor", "ETSI.CAdES.detached", true, true],
      ["iqa", "Ruth Mensah", "ETSI.CAdES.detached", true, true],
    ]);
    expect(report.signatures[0].laterChanges.every((c: { allowed: boolean }) => c.allowed)).toBe(true);
    expect(tool("pdftotext", ["-f", "2", "-l", "2", pdf, "-"]).stdout).toContain("Declaration");
  });

  it("catches one flipped byte and a later revision that changes a page", async () => {
    const pdf = join(dir, "tamper.pdf");
    expect(runCli(["sign", unsigned, "--key", keys.learner!, "--out", pdf], { env }).status).toBe(0);
    const signed = await readFile(pdf);

    const flipped = Buffer.from(signed);
    flipped[2000] = flipped[2000]! ^ 0x01;
    await writeFile(join(dir, "flipped.pdf"), flipped);
    const one = runCli(["verify", join(dir, "flipped.pdf")]);
    expect(one.status).toBe(1);
    expect(one.stdout).toContain("✗ the signed bytes were changed after the learner signed (the SHA-256 digest does not match)");

    const doc = await PDFDocument.load(signed);
    const contents = doc.getPage(4).node.get(PDFName.of("Contents"));
    const ref = (contents instanceof PDFArray ? contents.get(contents.size() - 1) : contents) as PDFRef;
    const body = "BT /F1 24 Tf 72 700 Td (Assessed: not competent) Tj ET";
    let update = `${ref.objectNumber} 0 obj\n<< /Length ${body.length} >>\nstream\n${body}\nendstream\nendobj\n`;
    const xref = signed.length + update.length;
    update += `xref\n0 1\n0000000000 65535 f \n${ref.objectNumber} 1\n${String(signed.length).padStart(10, "0")} 00000 n \ntrailer\n<< /Size ${doc.context.largestObjectNumber + 1} /Root ${doc.context.trailerInfo.Root} /Prev ${new PdfFile(signed).latest.startxref} >>\nstartxref\n${xref}\n%%EOF\n`;
    await writeFile(join(dir, "changed.pdf"), Buffer.concat([signed, Buffer.from(update, "latin1")]));
    const two = runCli(["verify", join(dir, "changed.pdf")]);
    expect(two.status).toBe(1);
    expect(two.stdout).toContain("✗ after the learner signed, the content of page 5 was changed (revision 3)");
    // pdfsig alone calls this valid: it checks the signed bytes, not what came after them.
    expect(pdfsigReport(join(dir, "changed.pdf"))[0]!.valid).toBe(true);
  });

  it("refuses the learner's signature shown again in a new assessor field", async () => {
    const pdf = join(dir, "shown-twice.pdf");
    expect(runCli(["sign", unsigned, "--key", keys.learner!, "--out", pdf], { env }).status).toBe(0);
    const signed = await readFile(pdf);
    const latest = new PdfFile(signed).latest;
    const form = latest.catalog()!.get("AcroForm") as PdfRef;
    const formDict = latest.dict(form)!;
    const learnerField = (latest.array(formDict.get("Fields")) ?? [])[0] as PdfRef;
    const learnerSig = latest.dict(learnerField)!.get("V") as PdfRef;
    const page = latest.dict(learnerField)!.get("P") as PdfRef;
    const pageDict = latest.dict(page)!;
    const annots = (latest.array(pageDict.get("Annots")) ?? []).map(String).join(" ");
    const next = latest.size;
    // A hidden widget for a field named "assessor" whose value is the learner's own signature.
    const objects = [
      `${next} 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (assessor) /V ${learnerSig} /F 132 /P ${page} /Rect [0 0 0 0] >>\nendobj\n`,
      `${form.num} 0 obj\n<< /Fields [${learnerField} ${next} 0 R] /SigFlags 3 >>\nendobj\n`,
      `${page.num} 0 obj\n${writeValue(withEntries(pageDict, {}))}\nendobj\n`.replace(/\/Annots \[[^\]]*\]/, `/Annots [${annots} ${next} 0 R]`),
    ];
    let update = "";
    const offsets: Array<[number, number]> = [];
    for (const object of objects) {
      offsets.push([Number(object.split(" ")[0]), signed.length + update.length]);
      update += object;
    }
    const xref = signed.length + update.length;
    update += `xref\n0 1\n0000000000 65535 f \n${offsets.sort((a, b) => a[0] - b[0]).map(([n, at]) => `${n} 1\n${String(at).padStart(10, "0")} 00000 n \n`).join("")}trailer\n<< /Size ${next + 1} /Root ${latest.trailer.get("Root")} /Prev ${latest.startxref} >>\nstartxref\n${xref}\n%%EOF\n`;
    await writeFile(join(dir, "shown-twice.pdf"), Buffer.concat([signed, Buffer.from(update, "latin1")]));
    // pdfsig reports two valid signatures, the second "assessor".
    expect(pdfsigReport(join(dir, "shown-twice.pdf")).map((s) => s.valid)).toEqual([true, true]);
    const result = runCli(["verify", join(dir, "shown-twice.pdf")]);
    expect(result.stdout).toContain("✗ the assessor's signature is the one already in field learner, copied into this field");
    expect(result.status).toBe(1);
  });

  it("accepts a PDF signed by another tool: pdfsig with an NSS database", async () => {
    const nss = join(dir, "nssdb");
    await mkdir(nss);
    tool("certutil", ["-N", "-d", `sql:${nss}`, "--empty-password"]);
    expect(tool("pk12util", ["-i", keys.learner!, "-d", `sql:${nss}`, "-W", PASSPHRASE, "-K", ""]).stdout).toContain("SUCCESSFUL");
    const out = join(dir, "by-pdfsig.pdf");
    tool("pdfsig", ["-add-signature", "-nssdir", `sql:${nss}`, "-nick", "Priya Shah (Learner)", "-digest", "SHA256", unsigned, out]);
    expect(pdfsigReport(out)[0]!.valid).toBe(true);
    const { status, stdout } = runCli(["verify", out]);
    expect(stdout).toContain("✓ the signature holds for the signer's certificate");
    expect(status).toBe(0);
  });
});

describe("refusing to sign, leaving the input as it was", () => {
  let unsigned: string;
  beforeAll(async () => {
    unsigned = join(await tempDir(), "portfolio.pdf");
    await samplePdf(unsigned);
  });

  it("refuses a wrong passphrase", async () => {
    const before = await sha(unsigned);
    const { status, stderr } = runCli(["sign", unsigned, "--key", await keyFile("Priya Shah", "learner")], { env: { PORTFOLIO_KEY_PASSPHRASE: "not it" } });
    expect(status).toBe(1);
    expect(stderr).toContain("the passphrase is wrong");
    expect(await sha(unsigned)).toBe(before);
  });

  it("refuses an expired certificate", async () => {
    const before = await sha(unsigned);
    const expired = await keyFile("Priya Shah", "learner", { now: new Date("2020-01-01"), days: 30 });
    const { status, stderr } = runCli(["sign", unsigned, "--key", expired], { env });
    expect(status).toBe(1);
    expect(stderr).toMatch(/The certificate in .* expired on/);
    expect(await sha(unsigned)).toBe(before);
  });

  it("refuses a certificate that is not for signing", async () => {
    const forge = (await import("node-forge")).default;
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = "01";
    cert.validity.notBefore = new Date(Date.now() - 86_400_000);
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
    cert.setSubject([{ name: "commonName", value: "Encryption only" }]);
    cert.setIssuer([{ name: "commonName", value: "Encryption only" }]);
    cert.setExtensions([{ name: "keyUsage", keyEncipherment: true, critical: true }]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    const p12 = join(await tempDir(), "encrypt.p12");
    await writeFile(p12, Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], PASSPHRASE, { algorithm: "aes256" })).getBytes(), "binary"));
    const before = await sha(unsigned);
    const { status, stderr } = runCli(["sign", unsigned, "--key", p12], { env });
    expect(status).toBe(1);
    expect(stderr).toContain("is not for signing (it lacks the digitalSignature and nonRepudiation key usages)");
    expect(await sha(unsigned)).toBe(before);
  });

  it("refuses a second signature for the same role", async () => {
    const pdf = join(await tempDir(), "twice.pdf");
    const key = await keyFile("Priya Shah", "learner");
    expect(runCli(["sign", unsigned, "--key", key, "--out", pdf], { env }).status).toBe(0);
    const before = await sha(pdf);
    const { status, stderr } = runCli(["sign", pdf, "--key", key], { env });
    expect(status).toBe(1);
    expect(stderr).toContain("The PDF already has the learner's signature");
    expect(await sha(pdf)).toBe(before);
  });

  it("says an unsigned or corrupt PDF cannot be verified", async () => {
    const unsignedResult = runCli(["verify", unsigned]);
    expect(unsignedResult.status).toBe(1);
    expect(unsignedResult.stderr).toContain("cannot be verified: it has no signatures");
    const corrupt = join(await tempDir(), "corrupt.pdf");
    await writeFile(corrupt, "%PDF-1.7\nthis is not a PDF\n");
    const corruptResult = runCli(["verify", corrupt]);
    expect(corruptResult.status).toBe(1);
    expect(corruptResult.stderr).toContain("cannot be verified");
  });
});

describe("portfolio keygen and the build's signature", () => {
  it("makes a PKCS#12 key with the signing key usages, and never overwrites one", async () => {
    const out = join(await tempDir(), "priya.p12");
    expect(runCli(["keygen", "--name", "Priya Shah", "--email", "priya@example.org", "--out", out], { env }).status).toBe(0);
    const cert = tool("openssl", ["pkcs12", "-in", out, "-passin", `pass:${PASSPHRASE}`, "-nokeys", "-clcerts"]).stdout;
    const text = tool("bash", ["-c", `printf '%s' "$0" | openssl x509 -noout -subject -ext keyUsage -text`, cert]).stdout;
    expect(text).toContain("CN = Priya Shah");
    expect(text).toContain("title = Learner");
    expect(text).toContain("Digital Signature, Non Repudiation");
    expect(text).toMatch(/Public-Key: \(3072 bit\)/);
    const again = runCli(["keygen", "--name", "Priya Shah", "--out", out], { env });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("already exists and was left as it is");
  });

  it("keeps new keys out of the workspace and the repository, with the certificate beside them for --trust", async () => {
    const home = await tempDir();
    const made = runCli(["keygen", "--name", "Daniel Okafor", "--role", "assessor"], { env: { ...env, HOME: home } });
    expect(made.status).toBe(0);
    const key = join(home, ".portfolio", "keys", "daniel-okafor-assessor.p12");
    const certificate = join(home, ".portfolio", "keys", "daniel-okafor-assessor.pem");
    expect(made.stderr).toContain(`Wrote ${key}`);
    expect(made.stderr).toContain(`Wrote ${certificate}: the certificate alone`);
    expect(existsSync(join(repoRoot, "daniel-okafor-assessor.p12"))).toBe(false);

    const dir = await tempDir();
    const pdf = join(dir, "portfolio.pdf");
    await samplePdf(pdf);
    expect(runCli(["sign", pdf, "--key", key], { env }).status).toBe(0);
    const trusted = runCli(["verify", pdf, "--trust", certificate, "--format", "json"]);
    expect(JSON.parse(trusted.stdout)).toMatchObject({ valid: true, identityConfirmed: true });

    // An existing key's certificate exported, as openssl prints it.
    const exported = runCli(["keygen", "--export", key], { env });
    expect(exported.status).toBe(0);
    const byOpenssl = tool("openssl", ["pkcs12", "-in", key, "-passin", `pass:${PASSPHRASE}`, "-nokeys", "-clcerts"]).stdout;
    expect(byOpenssl.replace(/\r/g, "")).toContain(exported.stdout.trim());
  });

  it("signs the built PDF as the learner, with a local key made on the first build", async () => {
    const { fixtureWorkspace } = await import("./helpers/workspace.ts");
    const ws = await fixtureWorkspace("clean");
    const site = join(ws, "..", "_site");
    const first = runCli(["build", "--dir", ws, "--out", site], { env: { SOURCE_DATE_EPOCH: "1767225600" } });
    expect(first.status).toBe(0);
    expect(first.stderr).toContain("Made a local signing key in the name of Test Learner for trying the tool");
    expect(existsSync(join(ws, "..", ".portfolio-keys", "learner-test-learner.p12"))).toBe(true);
    expect(pdfsigReport(join(site, "portfolio.pdf"))).toEqual([{ field: "learner", valid: true, total: true }]);
    const report = JSON.parse(await readFile(join(site, "report.json"), "utf8"));
    expect(report.pdf.sha256).toBe(await sha(join(site, "portfolio.pdf")));
    expect(report.signatures).toEqual([expect.objectContaining({ role: "learner", valid: true })]);
    const matches = runCli(["verify", join(site, "portfolio.pdf"), "--dir", ws]);
    expect(matches.stdout).toMatch(/✓ The workspace is the one this PDF was made from \(build [0-9a-f]{16}\)\./);
    expect(matches.status).toBe(0);
    await writeFile(join(ws, "reflections", "all.md"), `${await readFile(join(ws, "reflections", "all.md"), "utf8")}\nA sentence added after signing.\n`);
    const differs = runCli(["verify", join(site, "portfolio.pdf"), "--dir", ws]);
    expect(differs.stdout).toContain("✗ The workspace differs from the one this PDF was made from");
    expect(differs.stdout).toContain("reflections/all.md changed");
    expect(differs.status).toBe(1);

    const second = runCli(["build", "--dir", ws, "--out", site]);
    expect(second.status).toBe(0);
    expect(second.stderr).not.toContain("Made a local signing key");
  });

  it("never signs in the old name once the learner is renamed, nor with someone else's named key", async () => {
    const { fixtureWorkspace } = await import("./helpers/workspace.ts");
    const ws = await fixtureWorkspace("clean");
    const site = join(ws, "..", "_site");
    expect(runCli(["build", "--dir", ws, "--out", site]).status).toBe(0);
    const oldPdf = join(ws, "..", "as-test-learner.pdf");
    await writeFile(oldPdf, await readFile(join(site, "portfolio.pdf")));
    const yaml = join(ws, "portfolio.yaml");
    await writeFile(yaml, (await readFile(yaml, "utf8")).replace("name: Test Learner", "name: Sam Carter"));

    const renamed = runCli(["build", "--dir", ws, "--out", site]);
    expect(renamed.stderr).toContain("Made a local signing key in the name of Sam Carter");
    expect(renamed.status).toBe(0);
    const report = await verifyJson(join(site, "portfolio.pdf"));
    expect(report.signatures[0]).toMatchObject({ role: "learner", signer: "Sam Carter", valid: true });
    expect(tool("pdftotext", ["-f", "2", "-l", "2", join(site, "portfolio.pdf"), "-"]).stdout).toContain("Sam Carter");

    // The PDF signed before the rename is not Sam Carter's.
    const old = runCli(["verify", oldPdf, "--dir", ws]);
    expect(old.stdout).toContain("✗ the learner's signature is in the name of Test Learner, but this portfolio is Sam Carter's (portfolio.yaml)");
    expect(old.status).toBe(1);

    // A key of someone else's named in portfolio.yaml is refused before anything is signed.
    const other = await keyFile("Priya Shah", "learner");
    await writeFile(yaml, `${await readFile(yaml, "utf8")}\nsigning:\n  key: ${other}\n`);
    const refused = runCli(["build", "--dir", ws, "--out", join(ws, "..", "_other")], { env });
    expect(refused.stderr).toContain("its certificate is in the name of Priya Shah, but this portfolio is Sam Carter's");
    expect(refused.status).toBe(1);
    expect(existsSync(join(ws, "..", "_other", "portfolio.pdf"))).toBe(false);
  });
});

describe("countersigning what other tools signed", () => {
  let key: string;
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    key = await keyFile("Daniel Okafor", "assessor");
  });

  /** pdfsig's verdict on every signature that is not a document timestamp it cannot judge. */
  const pdfsigSignatures = (pdf: string) =>
    tool("pdfsig", [pdf]).stdout.split(/^Signature #\d+:$/m).slice(1)
      .filter((block) => !block.includes("Signature has not yet been verified") && !/Signer Certificate Common Name: \n/.test(block))
      .map((block) => block.includes("Signature Validation: Signature is Valid."));

  // Each file stands for a way other tools write: esig/dss's eIDAS files with DSS and
  // document timestamps in cross-reference streams, revisions ending in LF CR or CR LF,
  // node-signpdf's signatures that end the file at %%EOF with no line end, pyHanko's
  // pre-made fields in object streams.
  it.each([
    "esig-dss/belgian_pki_multiple_ocsps.pdf",
    "esig-dss/Signature-P-DE_SCI-4.pdf",
    "esig-dss/pdf-with-eof-cr.pdf",
    "esig-dss/hello_signed_INCSAVE_signed.pdf",
    "node-signpdf/signed-twice.pdf",
    "node-signpdf/signed-once.pdf",
    "pyhanko/minimal-two-fields-signed-twice.pdf",
    "pyhanko/pades-lta-dss-indirect-arrs-test.pdf",
  ])("adds the assessor's signature to %s, and pdfsig and verify accept every signature", async (name) => {
    const out = join(dir, name.replace("/", "-"));
    const before = await verifyJson(corpusFile(name));
    const signed = runCli(["sign", corpusFile(name), "--key", key, "--out", out], { env });
    expect(signed.stderr).toContain("Signed");
    expect(signed.status).toBe(0);
    const pdfsig = pdfsigSignatures(out);
    expect(pdfsig.length).toBeGreaterThan(0);
    expect(pdfsig.every(Boolean)).toBe(true);
    const after = await verifyJson(out);
    expect(after.valid).toBe(true);
    expect(after.signatures).toHaveLength(before.signatures.length + 1);
    expect(after.signatures.at(-1)).toMatchObject({ field: "assessor", valid: true, totalDocument: true });
    // Only our own output, no parser warnings: what was signed, and that it shows nowhere on the page.
    expect(signed.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^Signed .* as assessor; \d+ signatures, all verified$/),
      "  The PDF has no box for the assessor's signature (a portfolio's declaration page has one), so the signature is invisible on the page; PDF readers list it in their signature panel.",
    ]);
  });

  it("refuses to countersign a file whose later revision added a page, or that its certifier locked", async () => {
    for (const [name, reason] of [
      ["esig-dss/pdf-signed-added-page.pdf", "its signatures do not verify"],
      ["pyhanko/certified-with-indirect-refs-in-dir.pdf", "allowing no changes"],
    ] as const) {
      const out = join(dir, `refused-${name.replace("/", "-")}`);
      const result = runCli(["sign", corpusFile(name), "--key", key, "--out", out], { env });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(reason);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("signs a PDF whose last revision ends %%EOF with a CR or with no line end at all, then countersigns it", async () => {
    const unsigned = join(dir, "unsigned.pdf");
    await samplePdf(unsigned);
    const bytes = await readFile(unsigned);
    const body = bytes.subarray(0, bytes.lastIndexOf("%%EOF") + 5);
    for (const [label, ending] of [["CR", "\r"], ["nothing", ""]] as const) {
      const input = join(dir, `ends-${label}.pdf`);
      await writeFile(input, Buffer.concat([body, Buffer.from(ending, "latin1")]));
      const learner = join(dir, `ends-${label}-learner.pdf`);
      const first = runCli(["sign", input, "--key", await keyFile("Priya Shah", "learner"), "--out", learner], { env });
      expect(first.stderr).toContain("Signed");
      const both = join(dir, `ends-${label}-both.pdf`);
      const second = runCli(["sign", learner, "--key", key, "--out", both], { env });
      expect(second.stderr).toContain("Signed");
      expect(pdfsigReport(both).map((s) => s.valid)).toEqual([true, true]);
      expect((await verifyJson(both)).valid).toBe(true);
    }
  });

  it("signs with an EC key (P-256) from a .p12 made by openssl", async () => {
    const unsigned = join(dir, "unsigned-ec.pdf");
    await samplePdf(unsigned);
    const keyPem = join(dir, "ec.key");
    const certPem = join(dir, "ec.pem");
    const p12 = join(dir, "ec.p12");
    tool("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", keyPem, "-out", certPem, "-days", "30", "-subj", "/CN=Ruth Mensah/title=Internal quality assurer", "-addext", "keyUsage=critical,digitalSignature,nonRepudiation"]);
    tool("openssl", ["pkcs12", "-export", "-inkey", keyPem, "-in", certPem, "-out", p12, "-passout", `pass:${PASSPHRASE}`]);
    const out = join(dir, "ec-signed.pdf");
    const result = runCli(["sign", unsigned, "--key", p12, "--out", out], { env });
    expect(result.stderr).toContain("Signed");
    expect(pdfsigReport(out)).toEqual([{ field: "iqa", valid: true, total: true }]);
    const report = await verifyJson(out);
    expect(report.valid).toBe(true);
    expect(report.signatures[0]).toMatchObject({ role: "iqa", signer: "Ruth Mensah", digestAlgorithm: "sha256" });
  });
});

async function verifyJson(pdf: string): Promise<{ valid: boolean; signatures: Array<Record<string, unknown>> }> {
  const { stdout } = runCli(["verify", pdf, "--format", "json"]);
  return JSON.parse(stdout);
}

describe("verify's report on a terminal", () => {
  it("wraps each line to the terminal's width under its own text, and leaves piped output one line each", async () => {
    const { verifyPdf } = await import("../src/signing/verify-pdf.ts");
    const { formatVerifyReport } = await import("../src/cli/commands/verify.ts");
    const file = corpusFile("esig-dss/pdf-signed-added-page.pdf");
    const report = await verifyPdf(await readFile(file), "pdf-signed-added-page.pdf");
    const wrapped = formatVerifyReport("pdf-signed-added-page.pdf", report, 80).split("\n");
    expect(Math.max(...wrapped.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(wrapped).toContain("   ✗ after the signer of field Signature1 signed, pages were added (1 before, 2");
    expect(wrapped).toContain("     now) (revision 3)");
    const piped = formatVerifyReport("pdf-signed-added-page.pdf", report).split("\n");
    expect(piped).toContain("   ✗ after the signer of field Signature1 signed, pages were added (1 before, 2 now) (revision 3)");
    expect(piped.at(-1)).toBe("Not valid: 1 signature of 1 fails; see the ✗ lines above.");
  });
});

describe("what users got wrong, refused with a sentence", () => {
  let dir: string;
  let unsigned: string;
  let learnerKey: string;
  let learnerSigned: string;
  beforeAll(async () => {
    dir = await tempDir();
    unsigned = join(dir, "portfolio.pdf");
    await samplePdf(unsigned);
    learnerKey = await keyFile("Priya Shah", "learner");
    learnerSigned = join(dir, "learner.pdf");
    expect(runCli(["sign", unsigned, "--key", learnerKey, "--out", learnerSigned], { env }).status).toBe(0);
  });

  it("will not sign an encrypted PDF, which the signature would leave unreadable", async () => {
    const encrypted = join(dir, "encrypted.pdf");
    tool("qpdf", ["--encrypt", "user", "owner", "256", "--", unsigned, encrypted]);
    const before = await sha(encrypted);
    const result = runCli(["sign", encrypted, "--key", learnerKey], { env });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("The PDF is encrypted");
    expect(result.stderr).toContain("qpdf --decrypt");
    expect(await sha(encrypted)).toBe(before);
  });

  it("will not let one key sign for two roles, and verify refuses a file where it did", async () => {
    const result = runCli(["sign", learnerSigned, "--key", learnerKey, "--role", "assessor", "--out", join(dir, "twice.pdf")], { env });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("is already signed with this certificate as the learner, so it cannot sign as the assessor too");
    expect(existsSync(join(dir, "twice.pdf"))).toBe(false);
    // Made anyway, with the signing code as a forger's tool.
    const { signPdf } = await import("../src/signing/sign-pdf.ts");
    const { readIdentity } = await import("../src/signing/identity.ts");
    const identity = readIdentity(await readFile(learnerKey), PASSPHRASE, learnerKey);
    const forged = await signPdf(await readFile(learnerSigned), { role: "assessor", identity, date: new Date() });
    await writeFile(join(dir, "twice.pdf"), forged);
    const verified = runCli(["verify", join(dir, "twice.pdf")]);
    expect(verified.stdout).toContain("✗ the assessor's field was signed with the same certificate as the learner's (Priya Shah): one person signed for two roles");
    expect(verified.status).toBe(1);
  });

  it("says when a signed PDF was saved again by another program", async () => {
    const resaved = join(dir, "resaved.pdf");
    tool("qpdf", [learnerSigned, resaved]);
    const result = runCli(["verify", resaved]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("✗ the file seems to have been saved again by another program after it was signed (1 signature in 1 revision): ask for the PDF exactly as it was signed");
    expect(result.stdout).not.toContain("✓ the signature holds");
  });

  it("names a --trust or key file that is missing or is not a certificate, without a stack trace", async () => {
    const missing = runCli(["verify", learnerSigned, "--trust", join(dir, "nowhere.pem")]);
    expect(missing.stderr).toContain("Cannot read --trust");
    expect(missing.stderr).toContain("there is no such file");
    expect(missing.status).toBe(2);
    const key = join(dir, "key.pem");
    tool("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key]);
    const notCertificate = runCli(["verify", learnerSigned, "--trust", key]);
    expect(notCertificate.stderr).toContain(`--trust ${key} holds no certificate that can be read`);
    expect(notCertificate.status).toBe(2);
    const noKey = runCli(["sign", learnerSigned, "--key", join(dir, "nowhere.p12")], { env });
    expect(noKey.stderr).toContain("nowhere.p12: there is no such file");
    expect(noKey.status).toBe(2);
    for (const result of [missing, notCertificate, noKey]) expect(result.stderr).not.toMatch(/unexpected failure|\n\s+at /);
  });
});

describe("an original whose cross-reference is a little off, as old producers write them", () => {
  it("is read as readers rebuild it, unless a later update holds another copy of the object", async () => {
    const dir = await tempDir();
    const unsigned = join(dir, "portfolio.pdf");
    await samplePdf(unsigned);
    // Point the entry of page 2's content stream a few bytes past its header, as a producer
    // that miscounted line ends would.
    const bytes = await readFile(unsigned);
    const latest = new PdfFile(bytes).latest;
    const pageTwo = (await import("../src/signing/pdf-reader/structure.ts")).structure(latest).pages[1]!;
    const written = pageTwo.dict.get("Contents");
    const contents = (Array.isArray(written) ? written.at(-1) : written) as PdfRef;
    const entryAt = bytes.indexOf(`${String(latest.first[contents.num]).padStart(10, "0")} 00000 n`, latest.startxref, "latin1");
    expect(entryAt).toBeGreaterThan(0);
    const shifted = Buffer.from(bytes);
    shifted.write(String(latest.first[contents.num]! + 3).padStart(10, "0"), entryAt, "latin1");
    const off = join(dir, "off.pdf");
    await writeFile(off, shifted);
    expect(tool("pdftotext", ["-f", "2", "-l", "2", off, "-"]).stdout).toContain("Declaration");

    const signed = join(dir, "off-signed.pdf");
    expect(runCli(["sign", off, "--key", await keyFile("Priya Shah", "learner"), "--out", signed], { env }).status).toBe(0);
    expect((await verifyJson(signed)).valid).toBe(true);
    // Countersigned, every object of the page is walked in both revisions, the off one too.
    const both = join(dir, "off-both.pdf");
    expect(runCli(["sign", signed, "--key", await keyFile("Daniel Okafor", "assessor"), "--out", both], { env }).status).toBe(0);
    expect((await verifyJson(both)).valid).toBe(true);

    // A later update that writes another copy of the object, and no cross-reference entry
    // for it: a reader that rebuilds the table takes that copy.
    const after = await readFile(signed);
    const forged = `${contents.num} 0 obj\n<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 700 Td (Not competent) Tj ET\nendstream\nendobj\n`;
    const update = Buffer.from(`${forged}xref\n0 0\ntrailer\n<< /Size ${new PdfFile(after).latest.size} /Root ${latest.trailer.get("Root")} /Prev ${new PdfFile(after).latest.startxref} >>\nstartxref\n${after.length + forged.length}\n%%EOF\n`, "latin1");
    const withCopy = join(dir, "off-signed-copy.pdf");
    await writeFile(withCopy, Buffer.concat([after, update]));
    const result = runCli(["verify", withCopy]);
    expect(result.status).toBe(1);
    // Which object the forged table lands on depends on how the print numbered its objects.
    expect(result.stdout).toMatch(/✗ after the learner signed, revision 3's cross-reference points object \d+ at object \d+ 0, which page 2 uses/);
  });
});
