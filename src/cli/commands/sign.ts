import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { UsageError } from "../../errors.ts";
import { createIdentity } from "../../signing/identity.ts";
import { ROLES, roleTitles } from "../../signing/roles.ts";
import { signFile } from "../../signing/sign-file.ts";
import { assertSafePdfOutput } from "../../site/output-dir.ts";
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
  const { role: signed, report, visible } = await signFile({
    input, output: values.out ?? input, keyFile: values.key, passphrase: await passphrase(`for ${values.key}`), role, reason: values.reason,
  });
  io.err(`Signed ${values.out ?? input} as ${roleTitles[signed].toLowerCase()}; ${report.signatures.length} ${report.signatures.length === 1 ? "signature" : "signatures"}, all verified`);
  if (!visible) io.err(`  The PDF has no box for the ${roleTitles[signed].toLowerCase()}'s signature (a portfolio's declaration page has one), so the signature is invisible on the page; PDF readers list it in their signature panel.`);
  return EXIT.ok;
}

