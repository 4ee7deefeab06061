import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PortfolioError, whyUnreadable } from "../errors.ts";
import { replaceFile } from "../interrupt.ts";
import { readIdentity, type SigningIdentity } from "./identity.ts";
import { roleOfSubject, roleTitles, type Role } from "./roles.ts";
import { signPdfPlaced } from "./sign-pdf.ts";
import { allowsSigning } from "./verify-cms.ts";
import { UnverifiablePdfError, verifyPdf, type VerifyReport } from "./verify-pdf.ts";

export class SigningRefusedError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(message: string, hint: string) {
    super("PORTFOLIO_SIGNING_REFUSED", message, { hint });
  }
}

/** The role a certificate was made for (its title attribute), if it names one. */
export function roleOfCertificate(identity: SigningIdentity): Role | undefined {
  return roleOfSubject(new X509Certificate(identity.certificate).subject);
}

export interface SignFileOptions {
  input: string;
  output: string;
  keyFile: string;
  passphrase: string;
  role?: Role | undefined;
  reason?: string | undefined;
  date?: Date;
  /** A record of decisions drawn as the signature (see SignOptions.record), made once the signer and role are known. */
  record?: (signer: { identity: SigningIdentity; role: Role; date: Date }) => Promise<{ page: Uint8Array; data: string }>;
}

/**
 * Signs `input` into `output`: the signed PDF is written under a temporary name, every
 * signature in it is verified, and only then is it renamed into place. On any failure the
 * input and any existing output are left as they were.
 */
export async function signFile(options: SignFileOptions): Promise<{ role: Role; report: VerifyReport; identity: SigningIdentity; visible: boolean }> {
  // A file that cannot be read is a command that cannot run (exit code 2), not a refusal.
  const keyBytes = await readFile(options.keyFile).catch((error: NodeJS.ErrnoException) => {
    throw new PortfolioError("PORTFOLIO_FILE_UNREADABLE", `Cannot read ${options.keyFile}: ${whyUnreadable(error)}`, { hint: "Give the .p12 file made by `portfolio keygen` or issued by your centre." });
  });
  const identity = readIdentity(keyBytes, options.passphrase, options.keyFile);
  const role = options.role ?? roleOfCertificate(identity) ?? "learner";
  const date = options.date ?? new Date();
  const cert = new X509Certificate(identity.certificate);
  if (date < new Date(cert.validFrom)) throw new SigningRefusedError(`The certificate in ${options.keyFile} is not valid until ${cert.validFrom}`, "Check the computer's clock, or use another key.");
  if (date > new Date(cert.validTo)) throw new SigningRefusedError(`The certificate in ${options.keyFile} expired on ${cert.validTo}`, "Make a new key with `portfolio keygen`, or ask your centre for a new one.");
  if (!allowsSigning(cert)) throw new SigningRefusedError(`The certificate in ${options.keyFile} is not for signing (it lacks the digitalSignature and nonRepudiation key usages)`, "Use a signing certificate, such as one made by `portfolio keygen`.");

  const input = await readFile(options.input).catch((error: NodeJS.ErrnoException) => {
    throw new PortfolioError("PORTFOLIO_FILE_UNREADABLE", `Cannot read ${options.input}: ${whyUnreadable(error)}`, { hint: "Give the path of the portfolio PDF." });
  });
  await assertMaySign(input, options.input, role, cert);
  const record = options.record && (await options.record({ identity, role, date }));
  const { bytes: signed, visible } = await signPdfPlaced(input, { role, identity, reason: options.reason, date, record });
  // Verified before anything is written: an unverified PDF never replaces the output.
  const report = await verifyPdf(signed, options.output);
  if (!report.valid) {
    const problems = report.signatures.flatMap((s) => s.problems);
    throw new SigningRefusedError(`The signed PDF did not verify, so it was not written: ${problems.join("; ")}`, "The input was left as it was; run `portfolio verify` on it to see why.");
  }
  await replaceFile(options.output, signed);
  return { role, report, identity, visible };
}

/**
 * A PDF that is already signed is countersigned only when its signatures verify and
 * nothing disallowed came after them, and no certification forbids a new signature: a
 * signature added to a forged or broken file would seem to vouch for it.
 */
async function assertMaySign(input: Uint8Array, file: string, role: Role, cert: X509Certificate): Promise<void> {
  let report: VerifyReport;
  try {
    report = await verifyPdf(input, file);
  } catch (error) {
    if (error instanceof UnverifiablePdfError && /has no signatures/.test(error.message)) return;
    throw error;
  }
  const problems = [...report.problems, ...report.signatures.flatMap((s) => s.problems)];
  if (problems.length) {
    throw new SigningRefusedError(`${file} is already signed, and its signatures do not verify, so it was not signed: ${problems.join("; ")}`, "Ask whoever sent it for the PDF as they signed it; run `portfolio verify` on it to see the whole report.");
  }
  const same = report.signatures.find((s) => s.role && s.role !== role && s.certificate?.fingerprint === cert.fingerprint256);
  if (same?.role) {
    throw new SigningRefusedError(`${file} is already signed with this certificate as the ${roleTitles[same.role].toLowerCase()}, so it cannot sign as the ${roleTitles[role].toLowerCase()} too`, `The ${roleTitles[role].toLowerCase()} signs with their own key (\`portfolio keygen --role ${role}\`, or the one their centre issued).`);
  }
  const locked = report.signatures.find((s) => s.certification === 1);
  if (locked) {
    throw new SigningRefusedError(`${file} was certified by ${locked.signer} allowing no changes, so no signature can be added to it`, "Ask the certifier for a copy certified to allow signatures (DocMDP level 2), or sign a copy they have not certified.");
  }
}
