import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { UsageError } from "../../errors.ts";
import { createIdentity, ROLES, roleTitles, type Role } from "../../signing/identity.ts";
import { signFile } from "../../signing/sign-file.ts";
import { verifyPdf, type VerifyReport } from "../../signing/verify-pdf.ts";
import { assertSafePdfOutput } from "../../site/output-dir.ts";
import { loadWorkspace } from "../../workspace/load-workspace.ts";
import { EXIT, oneOf, parseFlags, type Io } from "../cli-io.ts";
import { passphrase } from "../passphrase.ts";

export const keygenHelp = `Usage: portfolio keygen --name NAME [--email E] [--role learner|assessor|iqa] [--out FILE]

Makes a signing key (RSA 3072) and a certificate for it with the digitalSignature and
nonRepudiation key usages, in a PKCS#12 file protected by a passphrase (asked for, or
taken from PORTFOLIO_KEY_PASSPHRASE). A centre-issued .p12 works the same way.`;

export const signHelp = `Usage: portfolio sign FILE.pdf --key FILE.p12 [--role learner|assessor|iqa] [--reason TEXT] [--out FILE]

Adds a PAdES signature (ETSI.CAdES.detached, SHA-256) to the declaration page in the
field for the role (by default, the role the certificate was made for), as an
incremental update, so that earlier signatures stay valid. The result is verified
before it replaces the file (or is written to --out).`;

export const verifyHelp = `Usage: portfolio verify FILE.pdf [--format text|json] [--trust CERT.pem]... [--dir DIR]

For each signature: the signer, role, time and SubFilter; whether the digest and the
signature hold; whether its byte ranges cover the file up to the end of its revision;
what later revisions changed, and whether that is allowed after signing; whether the
certificate chains to a certificate given with --trust, or is self-signed. With --dir,
also whether that workspace is the one the PDF was made from, file by file.

Exit status: 0 when every signature holds and nothing disallowed came after any of
them, 1 otherwise.`;

export async function keygenCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags("keygen", args, {
    name: { type: "string" }, email: { type: "string" }, role: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" },
  });
  if (values.help) { io.out(keygenHelp); return EXIT.ok; }
  if (!values.name?.trim()) throw new UsageError("--name is needed: the name the signature will show", "portfolio keygen --name \"Priya Shah\" --role learner");
  const role = oneOf("role", values.role, ROLES, "learner");
  const out = values.out ?? `${values.name.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${role}.p12`;
  if (existsSync(out)) throw new UsageError(`${out} already exists and was left as it is`, "Choose another file with --out; a key file is never overwritten.");
  const secret = await passphrase(`for the new key ${out}`, { confirm: true });
  const p12 = createIdentity({ name: values.name.trim(), email: values.email, role, passphrase: secret });
  await writeFile(out, p12, { mode: 0o600, flag: "wx" });
  io.err(`Wrote ${out}: a signing key and certificate for ${values.name.trim()} (${roleTitles[role]}). Keep it and its passphrase private.`);
  return EXIT.ok;
}

export async function signCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("sign", args, {
    key: { type: "string" }, role: { type: "string" }, reason: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(signHelp); return EXIT.ok; }
  const input = positionals[0];
  if (!input) throw new UsageError("No PDF to sign", "portfolio sign _site/portfolio.pdf --key priya-shah-learner.p12");
  if (!values.key) throw new UsageError("--key is needed: the .p12 file to sign with");
  const role = values.role === undefined ? undefined : oneOf("role", values.role, ROLES, "learner");
  // What replaces --out is verified before it does; --out must still be a PDF, if anything.
  if (values.out) await assertSafePdfOutput(values.out, { unsigned: false, report: false });
  const { role: signed, report } = await signFile({
    input, output: values.out ?? input, keyFile: values.key, passphrase: await passphrase(`for ${values.key}`), role, reason: values.reason,
  });
  io.err(`Signed ${values.out ?? input} as ${roleTitles[signed].toLowerCase()}; ${report.signatures.length} ${report.signatures.length === 1 ? "signature" : "signatures"}, all verified`);
  return EXIT.ok;
}

export async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("verify", args, {
    format: { type: "string" }, trust: { type: "string", multiple: true }, dir: { type: "string" }, help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(verifyHelp); return EXIT.ok; }
  const file = positionals[0];
  if (!file) throw new UsageError("No PDF to verify", "portfolio verify _site/portfolio.pdf");
  const format = oneOf("format", values.format, ["text", "json"], "text");
  const trust = await Promise.all((values.trust ?? []).map(async (path) => new X509Certificate(await readFile(path))));
  const bytes = await readFile(file).catch(() => { throw new UsageError(`Cannot read ${file}`); });
  const workspace = values.dir ? await loadWorkspace(values.dir) : undefined;
  const report = await verifyPdf(bytes, file, trust, workspace);
  io.out(format === "json" ? JSON.stringify({ file, ...report }, null, 2) : formatVerifyReport(file, report));
  return report.valid ? EXIT.ok : EXIT.contentErrors;
}

export function formatVerifyReport(file: string, report: VerifyReport): string {
  const lines = [`${file}: ${report.signatures.length} ${report.signatures.length === 1 ? "signature" : "signatures"}`];
  report.signatures.forEach((s, i) => {
    const who = s.role ? roleTitles[s.role as Role] : `Field ${s.field}`;
    lines.push("", `${i + 1}. ${who}: ${s.signer}, signed ${s.time ? s.time.replace("T", " ").replace(/\.\d+Z$/, " UTC") : "at an unknown time"} (${s.subFilter || "no SubFilter"})`);
    const mark = (ok: boolean, text: string) => lines.push(`   ${ok ? "✓" : "✗"} ${text}`);
    mark(s.digestValid, s.digestValid ? "the signed bytes are unchanged (the SHA-256 digest holds)" : "the signed bytes do not match the digest");
    mark(s.signatureValid && s.certificateBound, s.signatureValid && s.certificateBound ? "the signature holds for the signer's certificate" : "the signature does not hold for the signer's certificate");
    mark(s.coversRevision, s.coversRevision ? (s.totalDocument ? "it covers the whole document" : "it covers the file up to the end of its revision") : "it does not cover its revision whole");
    const allowed = s.laterChanges.filter((c) => c.allowed).length;
    if (s.laterChanges.length) mark(s.laterChanges.every((c) => c.allowed), s.laterChanges.every((c) => c.allowed) ? `later revisions only add signatures (${allowed} allowed changes)` : "later revisions changed more than signatures");
    if (s.certificate) mark(s.certificate.validAtSigningTime && s.certificate.signingUsage, `certificate: ${s.certificate.subject}${s.certificate.trusted ? ", trusted" : s.certificate.selfSigned ? ", self-signed" : ""}`);
    for (const problem of s.problems) lines.push(`   ✗ ${problem}`);
    for (const note of s.notes) lines.push(`   ! ${note}`);
  });
  const w = report.workspace;
  if (w) {
    lines.push("", w.matches
      ? `✓ The workspace is the one this PDF was made from (build ${w.buildId}).`
      : w.problem
        ? `✗ The workspace cannot be compared: ${w.problem}.`
        : `✗ The workspace differs from the one this PDF was made from (build ${w.buildId}):${[...w.changed.map((f) => ` ${f} changed`), ...w.added.map((f) => ` ${f} added`), ...w.removed.map((f) => ` ${f} removed`)].join(";")}.`);
  }
  lines.push("", report.valid
    ? "Valid: every signature holds and nothing that matters changed after any of them."
    : "Not valid: see the ✗ lines above.");
  return lines.join("\n");
}
