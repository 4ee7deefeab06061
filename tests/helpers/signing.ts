import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createIdentity, type Role } from "../../src/signing/identity.ts";
import { tool } from "./pdf-tools.ts";
import { tempDir } from "./workspace.ts";

export const PASSPHRASE = "correct horse battery";

/** Keys made in this test file, by name, role and validity: an RSA 3072 key takes 0.2 to 1 s to make. */
const made = new Map<string, Uint8Array>();

/**
 * A key file for a role, made by the same code `portfolio keygen` runs: a file of its own
 * for each call (a test may change or remove it), the key made once per file of tests.
 */
export async function keyFile(name: string, role: Role, options: { days?: number; now?: Date } = {}): Promise<string> {
  const file = join(await tempDir(), `${role}.p12`);
  const id = JSON.stringify([name, role, options.days, options.now?.toISOString()]);
  if (!made.has(id)) made.set(id, createIdentity({ name, role, passphrase: PASSPHRASE, ...options }));
  await writeFile(file, made.get(id)!);
  return file;
}

/** pdfsig's report on each signature, in order. */
export function pdfsigReport(pdf: string): Array<{ valid: boolean; total: boolean; field: string }> {
  const out = tool("pdfsig", [pdf]).stdout;
  return out.split(/^Signature #\d+:$/m).slice(1).map((block) => ({
    valid: block.includes("Signature Validation: Signature is Valid."),
    total: block.includes("- Total document signed"),
    field: /Signature Field Name: (.*)/.exec(block)?.[1]?.trim() ?? "",
  }));
}
