// The signed portfolio every forgery starts from, the signers and their keys, certificate
// chains made with openssl, and the outside programs that read the results.
import { spawn } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
// The classes of the pdf-lib build the tool loads, so that `instanceof` holds for what loadPdf reads.
import { loadPdf, PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFDocument, type PDFObject } from "../../../src/pdf/pdf-lib.ts";
import { createIdentity, readIdentity, type Role, type SigningIdentity } from "../../../src/signing/identity.ts";
import { signPdf } from "../../../src/signing/sign-pdf.ts";
import { printIds, SIGNATURE_BLOCK } from "../../../src/pdf/print-ids.ts";

export type Box = [number, number, number, number];

// ---------------------------------------------------------------------------------------
// The signed portfolio every forgery starts from

export interface Signer {
  role: Role;
  name: string;
  p12: string;
  pem: string;
  identity: SigningIdentity;
  passphrase: string;
}

/** What the attacker reads from the portfolio: object numbers and places an attack aims at. */
export interface PortfolioFacts {
  root: number;
  pages: number;
  /** The declaration page (page 2), where the signatures are. */
  declaration: {
    page: number;
    /** Its last content stream, which draws the footer after everything else on the page. */
    footer: number;
    /** The stream that draws the declaration's text. */
    body: number;
    /** The page's embedded font: its resource name, number and ToUnicode CMap. */
    font: { name: string; num: number; toUnicode: number };
    boxes: Record<Role, Box>;
  };
  /** A reflection's page and one line of its text, with the line's box. */
  reflection: { page: number; pageNumber: number; line: string; box: Box };
}

export interface Portfolio {
  dir: string;
  /** `portfolio pdf`, then `portfolio sign` as learner, assessor and IQA in turn. */
  unsigned: Buffer;
  learner: Buffer;
  assessor: Buffer;
  iqa: Buffer;
  files: { unsigned: string; learner: string; assessor: string; iqa: string };
  signers: Record<Role, Signer>;
  facts: PortfolioFacts;
}

export type Cli = (args: string[]) => Promise<Run>;

const PEOPLE: Record<Role, string> = { learner: "Priya Shah", assessor: "Daniel Okafor", iqa: "Ruth Mensah" };
export const REFLECTION_LINE = { page: 7, line: "The honest answer is that my network is mostly internal and mostly reactive. Its best" };

/** Makes the portfolio PDF with the CLI and signs it as learner, assessor and IQA with the CLI. */
export async function signedPortfolio(cli: Cli, dir: string, passphrase: string): Promise<Portfolio> {
  const files = { unsigned: join(dir, "unsigned.pdf"), learner: join(dir, "learner.pdf"), assessor: join(dir, "assessor.pdf"), iqa: join(dir, "iqa.pdf") };
  const printing = cli(["pdf", "--out", files.unsigned]);
  const signers = {} as Record<Role, Signer>;
  for (const role of ["learner", "assessor", "iqa"] as const) signers[role] = await signer(PEOPLE[role], role, dir, passphrase);
  const expectOk = (what: string, result: Run) => {
    if (result.status !== 0) throw new Error(`${what} failed: ${result.stderr}`);
  };
  expectOk("portfolio pdf", await printing);
  expectOk("signing as learner", await cli(["sign", files.unsigned, "--key", signers.learner.p12, "--out", files.learner]));
  expectOk("signing as assessor", await cli(["sign", files.learner, "--key", signers.assessor.p12, "--out", files.assessor]));
  expectOk("signing as IQA", await cli(["sign", files.assessor, "--key", signers.iqa.p12, "--out", files.iqa]));
  const [unsigned, learner, assessor, iqa] = await Promise.all([readFile(files.unsigned), readFile(files.learner), readFile(files.assessor), readFile(files.iqa)]);
  return { dir, unsigned, learner, assessor, iqa, files, signers, facts: await portfolioFacts(unsigned, files.unsigned) };
}

/** A key made by the code `portfolio keygen` runs, read back as the signing code reads it. */
export async function signer(name: string, role: Role, dir: string, passphrase: string): Promise<Signer> {
  const base = join(dir, `${name.toLowerCase().replace(/\W+/g, "-")}-${role}`);
  const p12 = `${base}.p12`;
  await writeFile(p12, createIdentity({ name, role, passphrase }));
  const identity = readIdentity(await readFile(p12), passphrase, p12);
  const pem = `${base}.pem`;
  await writeFile(pem, new X509Certificate(identity.certificate).toString());
  return { role, name, p12, pem, identity, passphrase };
}

const N = (name: string) => PDFName.of(name);
const refNumber = (value: PDFObject | undefined) => (value instanceof PDFRef ? value.objectNumber : -1);

/** Where things are in a printed portfolio (pages, boxes, fonts), read from its PDF as the forgeries need them. */
export async function portfolioFacts(pdf: Buffer, file: string): Promise<PortfolioFacts> {
  const doc = await loadPdf(pdf);
  const pages = doc.getPages();
  const declaration = pages[1]!;
  const contents = declaration.node.get(N("Contents")) as PDFArray;
  const fonts = declaration.node.Resources()!.lookup(N("Font"), PDFDict);
  const [fontName, fontRef] = fonts.entries()[0]!;
  const font = doc.context.lookup(fontRef as PDFRef, PDFDict);
  const boxes = Object.fromEntries((["learner", "assessor", "iqa"] as const).map((role) => [role, signatureBox(doc, role)])) as Record<Role, Box>;
  return {
    root: refNumber(doc.context.trailerInfo.Root),
    pages: refNumber(doc.catalog.get(N("Pages"))),
    declaration: {
      page: declaration.ref.objectNumber,
      footer: refNumber(contents.get(contents.size() - 1)),
      body: refNumber(contents.get(1)),
      font: { name: fontName.decodeText(), num: (fontRef as PDFRef).objectNumber, toUnicode: refNumber(font.get(N("ToUnicode"))) },
      boxes,
    },
    reflection: { page: pages[REFLECTION_LINE.page - 1]!.ref.objectNumber, pageNumber: REFLECTION_LINE.page, line: REFLECTION_LINE.line, box: await lineBox(file, REFLECTION_LINE.page, REFLECTION_LINE.line) },
  };
}

/** A role's box on the declaration page, found as the signing code finds it. */
function signatureBox(doc: PDFDocument, role: Role): Box {
  const dest = doc.catalog.lookup(N("Dests"), PDFDict).lookup(N(printIds.signature(role)), PDFArray);
  const top = (dest.lookup(3) as PDFNumber).asNumber() - SIGNATURE_BLOCK.margin;
  return [SIGNATURE_BLOCK.margin, top - SIGNATURE_BLOCK.height, 595.92 - SIGNATURE_BLOCK.margin, top];
}

/** The box of the line of text starting with `start` on a page, in PDF coordinates, as pdftotext places it. */
async function lineBox(file: string, page: number, start: string): Promise<Box> {
  const { stdout } = await run("pdftotext", ["-bbox-layout", "-f", String(page), "-l", String(page), file, "-"]);
  const height = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(stdout)?.[1]);
  for (const m of stdout.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)) {
    const words = [...m[5]!.matchAll(/>([^<]*)<\/word>/g)].map((w) => w[1]).join(" ");
    if (words.startsWith(start.slice(0, 40))) return [Number(m[1]), height - Number(m[4]), Number(m[3]), height - Number(m[2])];
  }
  throw new Error(`no line "${start}" on page ${page}`);
}

// ---------------------------------------------------------------------------------------
// Running the outside judges

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking, so cases can be judged side by side. */
export function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: "1", ...options.env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

/** pdfsig's verdict on each signature, in a line: `learner: Signature is Valid. (total)`. */
export async function pdfsigVerdict(file: string): Promise<string> {
  const { stdout, stderr } = await run("pdfsig", [file]);
  const blocks = stdout.split(/^Signature #\d+:$/m).slice(1);
  if (blocks.length === 0) return (/does not contain any signatures/.exec(stdout)?.[0] ?? stderr.trim().split("\n")[0] ?? "no signatures").slice(0, 80);
  return blocks.map((b) => {
    const field = /Signature Field Name: (.*)/.exec(b)?.[1]?.trim() ?? "?";
    const verdict = /Signature Validation: (.*)/.exec(b)?.[1]?.trim() ?? (b.includes("not signed") ? "not signed" : "unreadable");
    return `${field.slice(0, 12)}: ${verdict}${b.includes("Total document signed") ? " (total)" : ""}`;
  }).join("; ");
}

/** A page's text in content order, as pdftotext reads it (annotations' appearances included). */
export async function pageText(file: string, page: number): Promise<string> {
  return (await run("pdftotext", ["-raw", "-f", String(page), "-l", String(page), file, "-"])).stdout;
}

/** A digest of a page as pdftoppm renders it, annotations included. */
export async function pageRender(file: string, page: number): Promise<string> {
  const child = spawn("pdftoppm", ["-r", "40", "-gray", "-f", String(page), "-l", String(page), file]);
  const chunks: Buffer[] = [];
  child.stdout.on("data", (d: Buffer) => chunks.push(d));
  child.stderr.resume();
  await new Promise((resolve) => child.on("close", resolve));
  return createHash("sha256").update(Buffer.concat(chunks)).digest("hex");
}

/** The forger signs with our signing code: the attacker's tool, not a judge. */
export async function forgerSigns(pdf: Buffer, role: Role, identity: SigningIdentity, date = new Date()): Promise<Buffer> {
  return Buffer.from(await signPdf(pdf, { role, identity, date }));
}

// ---------------------------------------------------------------------------------------
// Certificates, made with openssl

export interface Authorities {
  /** The college's root, to pass with --trust. */
  root: string;
  /** PKCS#12 files for "Daniel Okafor, Assessor": through a valid intermediate; issued by the learner's own (end-entity) certificate; through an expired intermediate; valid only in January 2020. */
  keys: { viaIntermediate: string; viaLearner: string; viaExpiredIntermediate: string; january2020: string };
}

const OPENSSL_CONFIG = `[ ca ]
default_ca = local
[ local ]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = anything
unique_subject = no
preserve = yes
email_in_dn = no
[ anything ]
commonName = supplied
title = optional
[ ca_cert ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ signing_cert ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

/** Certificate chains for the assessor made with openssl, and packed with `openssl pkcs12 -export`. */
export async function certificateAuthorities(dir: string, learner: Signer): Promise<Authorities> {
  const passphrase = learner.passphrase;
  await writeFile(join(dir, "openssl.cnf"), OPENSSL_CONFIG);
  await writeFile(join(dir, "index.txt"), "");
  await writeFile(join(dir, "serial"), "1000\n");
  const openssl = async (...args: string[]) => {
    const result = await run("openssl", args, { cwd: dir });
    if (result.status !== 0) throw new Error(`openssl ${args.slice(0, 2).join(" ")}: ${result.stderr}`);
  };
  const day = 86_400_000;
  const stamp = (date: Date) => `${date.toISOString().replace(/[-:T]/g, "").slice(2, 14)}Z`;
  const now = new Date();
  const request = (name: string, subject: string) => openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject);
  const issue = (name: string, issuer: string | "self", extensions: string, from: Date, to: Date) =>
    openssl("ca", "-batch", "-config", "openssl.cnf", ...(issuer === "self" ? ["-selfsign", "-keyfile", `${name}.key`] : ["-cert", `${issuer}.pem`, "-keyfile", `${issuer}.key`]), "-in", `${name}.csr`, "-out", `${name}.pem`, "-extensions", extensions, "-startdate", stamp(from), "-enddate", stamp(to), "-notext");
  const pack = async (name: string, chain: string[]) => {
    await writeFile(join(dir, `${name}-chain.pem`), (await Promise.all(chain.map((c) => readFile(join(dir, `${c}.pem`), "utf8")))).join(""));
    await openssl("pkcs12", "-export", "-inkey", `${name}.key`, "-in", `${name}.pem`, "-certfile", `${name}-chain.pem`, "-name", "Daniel Okafor (Assessor)", "-passout", `pass:${passphrase}`, "-out", `${name}.p12`);
    return join(dir, `${name}.p12`);
  };
  const since2019 = new Date("2019-01-01T00:00:00Z");
  await request("root", "/CN=Northgate College Root CA");
  await issue("root", "self", "ca_cert", since2019, new Date("2039-01-01T00:00:00Z"));
  await request("intermediate", "/CN=Northgate College Assessors CA");
  await issue("intermediate", "root", "ca_cert", since2019, new Date("2039-01-01T00:00:00Z"));
  await request("expired", "/CN=Northgate College Assessors CA 2019");
  await issue("expired", "root", "ca_cert", since2019, new Date("2021-01-01T00:00:00Z"));
  // The learner's key, read out of her .p12, issues a certificate it has no right to issue.
  await openssl("pkcs12", "-in", learner.p12, "-nocerts", "-nodes", "-passin", `pass:${passphrase}`, "-out", "learner.key");
  await writeFile(join(dir, "learner.pem"), await readFile(learner.pem));
  const subject = "/CN=Daniel Okafor/title=Assessor";
  for (const name of ["via-intermediate", "via-learner", "via-expired", "january-2020"]) await request(name, subject);
  await issue("via-intermediate", "intermediate", "signing_cert", new Date(now.getTime() - day), new Date(now.getTime() + 365 * day));
  await issue("via-learner", "learner", "signing_cert", new Date(now.getTime() - day), new Date(now.getTime() + 365 * day));
  await issue("via-expired", "expired", "signing_cert", new Date(now.getTime() - day), new Date(now.getTime() + 365 * day));
  await issue("january-2020", "intermediate", "signing_cert", new Date("2020-01-01T00:00:00Z"), new Date("2020-02-01T00:00:00Z"));
  return {
    root: join(dir, "root.pem"),
    keys: {
      viaIntermediate: await pack("via-intermediate", ["intermediate"]),
      viaLearner: await pack("via-learner", ["learner"]),
      viaExpiredIntermediate: await pack("via-expired", ["expired"]),
      january2020: await pack("january-2020", ["intermediate"]),
    },
  };
}

/** An identity read from a .p12 as the signing code reads it. */
export async function identityOf(p12: string, passphrase: string, name?: string): Promise<SigningIdentity> {
  const identity = readIdentity(await readFile(p12), passphrase, p12);
  return name ? { ...identity, name } : identity;
}
