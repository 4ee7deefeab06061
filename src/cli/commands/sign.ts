import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError, whyUnreadable } from "../../errors.ts";
import { ROLES, roleTitles } from "../../signing/roles.ts";
import { nameSlug } from "../../text/same-name.ts";
import { assertSafePdfOutput, lockTargetOf } from "../../site/output-dir.ts";
import { DEFAULT_WAIT_SECONDS, withOutputLock } from "../../site/output-lock.ts";
import { EXIT, oneOf, parseFlags, seconds, type Io } from "../cli-io.ts";
import { passphrase } from "../passphrase.ts";

export const keygenHelp = `Usage: portfolio keygen --name NAME [--email E] [--role learner|assessor|iqa] [--out FILE]
       portfolio keygen --export KEY.p12 [--out FILE.pem]

Makes a signing key (RSA 3072) and a certificate for it with the digitalSignature and
nonRepudiation key usages, in a PKCS#12 file protected by a passphrase (asked for, or
taken from PORTFOLIO_KEY_PASSPHRASE), and writes the certificate beside it (.pem) to
give to whoever verifies the signature (verify --trust). By default both go in
~/.portfolio/keys/ (or PORTFOLIO_KEYS_DIR), outside any workspace or repository.
With --export, writes the certificate of an existing key file (a centre-issued .p12
works the same way).`;

export const signHelp = `Usage: portfolio sign FILE.pdf --key FILE.p12 [--role learner|assessor|iqa] [--reason TEXT] [--out FILE] [--wait SECONDS]

Adds a PAdES signature (ETSI.CAdES.detached, SHA-256) to the declaration page in the
field for the role (by default, the role the certificate was made for), as an
incremental update, so that earlier signatures stay valid. The result is verified
before it replaces the file (or is written to --out). While a build or print writes to
the same place, it waits for it, for --wait seconds at most (default: ${DEFAULT_WAIT_SECONDS}).

Exit status: 0 signed; 1 the PDF or key is refused (a signature that fails, a wrong
passphrase, an expired certificate); 2 the command could not run as asked; 70 a bug in
portfolio (please report it).`;

export async function keygenCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags("keygen", args, {
    name: { type: "string" }, email: { type: "string" }, role: { type: "string" }, out: { type: "string" }, export: { type: "string" }, help: { type: "boolean", short: "h" },
  });
  if (values.help) { io.out(keygenHelp); return EXIT.ok; }
  if (values.export) return exportCertificate(values.export, values.out, io);
  if (!values.name?.trim()) throw new UsageError("--name is needed: the name the signature will show", "portfolio keygen --name \"Priya Shah\" --role learner");
  const role = oneOf("role", values.role, ROLES, "learner");
  const base = `${nameSlug(values.name) || "signer"}-${role}`;
  const out = values.out ?? join(keysDir(), `${base}.p12`);
  const certificateOut = out.replace(/\.(p12|pfx)$/i, "") + ".pem";
  for (const file of [out, certificateOut]) {
    if (existsSync(file)) throw new UsageError(`${file} already exists and was left as it is`, "Choose another file with --out; a key file is never overwritten.");
  }
  const secret = await passphrase(`for the new key ${out}`, { confirm: true });
  const { createIdentity, readIdentity } = await import("../../signing/identity.ts");
  const p12 = createIdentity({ name: values.name.trim(), email: values.email, role, passphrase: secret });
  await mkdir(dirname(resolve(out)), { recursive: true, mode: 0o700 });
  await writeFile(out, p12, { mode: 0o600, flag: "wx" });
  await writeFile(certificateOut, new X509Certificate(readIdentity(p12, secret, out).certificate).toString(), { flag: "wx" });
  io.err(`Wrote ${out}: a signing key and certificate for ${values.name.trim()} (${roleTitles[role]}). Keep it and its passphrase private.`);
  io.err(`Wrote ${certificateOut}: the certificate alone, to give to whoever verifies your signature (portfolio verify --trust ${basename(certificateOut)}).`);
  return EXIT.ok;
}

/** Where keys go unless --out says: outside any workspace or repository, as ~/.ssh is. */
function keysDir(): string {
  return process.env.PORTFOLIO_KEYS_DIR ?? join(homedir(), ".portfolio", "keys");
}

/** The certificate of a key file, as PEM, for verify --trust. */
async function exportCertificate(keyFile: string, out: string | undefined, io: Io): Promise<number> {
  const bytes = await readFile(keyFile).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read ${keyFile}: ${whyUnreadable(error)}`, "Give the .p12 file made by `portfolio keygen` or issued by your centre.");
  });
  const { readIdentity } = await import("../../signing/identity.ts");
  const identity = readIdentity(bytes, await passphrase(`for ${keyFile}`), keyFile);
  const pem = new X509Certificate(identity.certificate).toString();
  if (!out) { io.out(pem.trimEnd()); return EXIT.ok; }
  if (existsSync(out)) throw new UsageError(`${out} already exists and was left as it is`, "Choose another file with --out.");
  await writeFile(out, pem, { flag: "wx" });
  io.err(`Wrote ${out}: the certificate of ${identity.name}, for portfolio verify --trust ${out}.`);
  return EXIT.ok;
}

export async function signCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("sign", args, {
    key: { type: "string" }, role: { type: "string" }, reason: { type: "string" }, out: { type: "string" }, wait: { type: "string" }, help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(signHelp); return EXIT.ok; }
  const wait = seconds("wait", values.wait, DEFAULT_WAIT_SECONDS);
  const input = positionals[0];
  if (!input) throw new UsageError("No PDF to sign", "portfolio sign _site/portfolio.pdf --key priya-shah-learner.p12");
  if (!values.key) throw new UsageError("--key is needed: the .p12 file to sign with");
  const role = values.role === undefined ? undefined : oneOf("role", values.role, ROLES, "learner");
  // What replaces --out is verified before it does; --out must still be a PDF, if anything.
  if (values.out) await assertSafePdfOutput(values.out, { unsigned: false, report: false });
  // The signer, its PDF reader and the crypto are loaded only to sign.
  const { signFile } = await import("../../signing/sign-file.ts");
  const secret = await passphrase(`for ${values.key}`);
  // A build replacing the site the PDF is in, or a print of it, is waited for first.
  const output = values.out ?? input;
  const { role: signed, report, visible } = await withOutputLock(await lockTargetOf(output), { command: "sign", wait, say: io.err }, () => signFile({
    input, output, keyFile: values.key!, passphrase: secret, role, reason: values.reason,
  }));
  io.err(`Signed ${values.out ?? input} as ${roleTitles[signed].toLowerCase()}; ${report.signatures.length} ${report.signatures.length === 1 ? "signature" : "signatures"}, all verified`);
  if (!visible) io.err(`  The PDF has no box for the ${roleTitles[signed].toLowerCase()}'s signature (a portfolio's declaration page has one), so the signature is invisible on the page; PDF readers list it in their signature panel.`);
  return EXIT.ok;
}

