import type { Dirent } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { WorkspaceNotFoundError } from "../errors.ts";
import { KnownPeople } from "../check/known-people.ts";
import { EvidenceCache, readWorkspaceEvidence } from "../evidence/read-workspace-evidence.ts";
import { FINAL_ONLY } from "../lint/lint-rules.ts";
import { LintCache } from "../lint/lint-cache.ts";
import { LintRun } from "../lint/lint-pool.ts";
import { createMarkdown } from "../markdown/create-markdown.ts";
import { linkFinding, readTextFile } from "./limits.ts";
import { misleadingInName } from "../text/invisible.ts";
import { sha256 } from "../text/sha256.ts";
import { splitFrontMatter } from "../reflections/front-matter.ts";
import { readReflection } from "../reflections/read-reflection.ts";
import { readUnitSpec } from "../spec/read-unit-spec.ts";
import type { UnitSpec } from "../spec/unit-spec.ts";
import { CONFIG_FILE, readPortfolioConfig } from "./portfolio-config.ts";
import { readRegister, REGISTER_FILE, type Register } from "../network/register.ts";
import { finding, wordsOf } from "../diagnostics/diagnostic.ts";
import fileNameInvalid from "../diagnostics/rules/file-name-invalid.ts";
import personNotInRegister from "../diagnostics/rules/person-not-in-register.ts";
import reflectionClash from "../diagnostics/rules/reflection-clash.ts";
import reflectionLink from "../diagnostics/rules/reflection-link.ts";
import assessmentFileInvalid from "../diagnostics/rules/assessment-file-invalid.ts";
import { ASSESSMENT_FOLDER, readStoredAssessment } from "../assessment/stored.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { EvidenceFile, LoadedReflection, Workspace } from "./workspace.ts";

export interface LoadOptions {
  /** Render each reflection's body to HTML while it is parsed (for the site). */
  render?: boolean;
  /** The learner's local preview: private blocks are rendered. Never for a build. */
  preview?: boolean;
  /** Results kept from the previous read (the preview's): unchanged reflections are not read again. */
  cache?: ReadCache;
  /** Read the evidence files the reflections cite (true unless said otherwise). */
  evidence?: boolean;
}

/**
 * What reading each reflection gave, kept between reads of one workspace: a reflection is
 * read again only when its text changed, and all are when anything they are read against
 * changed (portfolio.yaml, a unit spec, the register).
 */
export class ReadCache {
  context = "";
  readonly reflections = new Map<string, { source: string; read: ReturnType<typeof readReflection> }>();
  readonly evidence = new EvidenceCache();
}

export const EVIDENCE_DIR = "evidence";

/**
 * Reads a workspace: portfolio.yaml, units/*.yaml, reflections/**\/*.md and the evidence
 * files they name. Every file is read once; findings about the content are collected,
 * never thrown. Throws only when there is no workspace at all.
 */
export async function loadWorkspace(dirArg: string, options: LoadOptions = {}): Promise<Workspace> {
  const dir = resolve(dirArg);
  await assertWorkspace(dirArg);
  // The folders read from are not followed if they are links, like the files in them.
  const linked = new Set((await Promise.all(READ_FOLDERS.map(async (sub) => ((await isLink(join(dir, sub))) ? [sub] : [])))).flat());
  const configRead = await readTextFile(join(dir, CONFIG_FILE), CONFIG_FILE, "portfolio.yaml");
  const configBytes = configRead.bytes ?? Buffer.alloc(0);
  // portfolio.yaml that is not text is reported as such, not as every field missing.
  const { config, report: configReport } = configRead.finding ? { config: undefined, report: { diagnostics: [configRead.finding] } } : readPortfolioConfig(configRead.text);
  const diagnostics = [...configReport.diagnostics, ...[...linked].map((sub) => linkFinding(`${sub}/`))];

  const units = new Map<string, UnitSpec>();
  const duplicateUnits: Workspace["duplicateUnits"] = [];
  const unitHashes = new Map<string, string>();
  for (const link of await listLinks(dir, "units", /\.ya?ml$/)) diagnostics.push(linkFinding(link));
  for (const file of await listFiles(dir, "units", /\.ya?ml$/)) {
    const unitRead = await readTextFile(join(dir, file), file, "unit spec");
    if (unitRead.bytes) unitHashes.set(file, sha256(unitRead.bytes));
    if (unitRead.finding) {
      diagnostics.push(unitRead.finding);
      continue;
    }
    const { spec, report } = readUnitSpec(file, unitRead.text);
    diagnostics.push(...report.diagnostics);
    if (!spec) continue;
    const first = units.get(spec.urn);
    if (first) duplicateUnits.push({ urn: spec.urn, file, firstFile: first.file, at: spec.urnAt });
    else units.set(spec.urn, spec);
  }

  const registerPath = join(dir, ...REGISTER_FILE.split("/"));
  const registerRead = !linked.has("network") && (await lstat(registerPath).then(() => true, () => false)) ? await readTextFile(registerPath, REGISTER_FILE, "register") : undefined;
  if (registerRead?.finding) diagnostics.push(registerRead.finding);
  const registerBytes = registerRead?.bytes;
  const registerText = registerRead?.text;
  const register: Register = registerText === undefined ? { contacts: [], networks: [] } : (() => {
    const read = readRegister(registerText);
    diagnostics.push(...read.report.diagnostics);
    return read.register;
  })();
  const contacts = new Map(register.contacts.map((c) => [c.id, c]));

  const render = options.render ?? false;
  const context = { registered: config?.units.map((u) => u.value) ?? [], units, md: createMarkdown({ render }), render, contacts, preview: options.preview ?? false };
  const listed: string[] = [];
  for (const file of await listFiles(dir, "reflections", /\.md$/i)) {
    const misleading = misleadingInName(file);
    if (!misleading) { listed.push(file); continue; }
    // A name that shows as another name (a line break, a right-to-left override) is not read.
    diagnostics.push(finding(file, fileNameInvalid, { line: 1, column: 1 }, { holds: misleading }));
  }
  for (const link of await listLinks(dir, "reflections", /\.md$/i)) diagnostics.push(finding(link, reflectionLink, { line: 1, column: 1 }));
  const hashes = new Map<string, string>();
  const decoded = await Promise.all(listed.map(async (file) => {
    const read = await readTextFile(join(dir, file), file, "reflection");
    if (read.bytes) hashes.set(file, sha256(read.bytes));
    return read;
  }));
  const files = listed.filter((_, i) => decoded[i]!.text !== undefined);
  const sources = decoded.flatMap((d) => (d.text === undefined ? [] : [d.text]));
  for (const d of decoded) if (d.finding) diagnostics.push(d.finding);
  // The lint starts first, on other cores, while this thread reads the front matter. It
  // cannot know a reflection's status yet, so it lints each as final, and a finding only a
  // final reflection gets is dropped below for the others.
  const bodies = files.flatMap((file, index) => {
    const split = splitFrontMatter(sources[index]!);
    return split.kind === "yaml" ? [{ file, body: split.body, bodyStartLine: split.bodyStartLine, status: "final" }] : [];
  });
  const lintCache = await LintCache.forWorkspace(dir);
  const lint = LintRun.start(bodies, config?.lint ?? new Map(), { cache: lintCache });
  const cache = options.cache;
  if (cache) {
    // What reflections are read against, by the hashes of the files it comes from.
    const fingerprint = JSON.stringify([sha256(configBytes), [...unitHashes], registerBytes ? sha256(registerBytes) : "", render, context.preview]);
    if (cache.context !== fingerprint) cache.reflections.clear();
    cache.context = fingerprint;
    const present = new Set(files);
    for (const file of cache.reflections.keys()) if (!present.has(file)) cache.reflections.delete(file);
  }
  const read = files.flatMap((file, index) => {
    const source = sources[index]!;
    const kept = cache?.reflections.get(file);
    const { reflection, report } = kept?.source === source ? kept.read : readReflection(file, source, context);
    if (cache && kept?.source !== source) cache.reflections.set(file, { source, read: { reflection, report } });
    diagnostics.push(...report.diagnostics);
    return reflection ? [reflection] : [];
  });
  const lintFindings = new Map((await lint.results()).map((found, i) => [bodies[i]!.file, found]));
  await lintCache.save();
  // The lint reports whatever reads as a person's name, the name as its message; those the
  // portfolio knows are dropped here, and the rest worded as the rule words them.
  const people = new KnownPeople({ config, register });
  for (const reflection of read) {
    const found = (lintFindings.get(reflection.file) ?? []).flatMap((d) => {
      if (d.rule !== "person-not-in-register") return [d];
      if (reflection.private || people.knows(d.message)) return [];
      return [{ ...d, ...wordsOf(personNotInRegister, { name: d.message }) }];
    });
    diagnostics.push(...(reflection.status === "final" ? found : found.filter((d) => !FINAL_ONLY.has(d.rule))));
  }

  // Two files published at one address would overwrite each other's page.
  const bySlug = new Map<string, string>();
  for (const reflection of read) {
    const first = bySlug.get(reflection.slug);
    if (first === undefined) { bySlug.set(reflection.slug, reflection.file); continue; }
    diagnostics.push(finding(reflection.file, reflectionClash, { line: 1, column: 1 }, { other: first, slug: reflection.slug }));
  }

  // Each evidence path is looked up once, however many reflections cite it, all at once.
  const realDir = await realpath(dir);
  const lookups = new Map<string, Promise<EvidenceFile>>();
  const lookup = (path: string) => {
    if (!lookups.has(path)) lookups.set(path, resolveEvidence(dir, realDir, path));
    return lookups.get(path)!;
  };
  const reflections: LoadedReflection[] = await Promise.all(
    read.map(async (reflection) => ({
      ...reflection,
      evidenceFiles: await Promise.all(reflection.evidence.map(async (e) => ({ ...e, file: await lookup(e.value) }))),
    })),
  );

  const evidence = options.evidence === false ? undefined : await readWorkspaceEvidence(dir, reflections, cache?.evidence);
  const assessments = await readAssessments(dir, diagnostics);

  return { dir, config, units, duplicateUnits, reflections, diagnostics, register, assessments, ...(evidence ? { evidence } : {}), hashes: new Map([[CONFIG_FILE, sha256(configBytes)], ...unitHashes, ...hashes]) };
}

/** The assessments `portfolio feedback` stored; one that cannot be read is reported and left out. */
async function readAssessments(dir: string, diagnostics: Diagnostic[]): Promise<NonNullable<Workspace["assessments"]>> {
  const read: NonNullable<Workspace["assessments"]> = [];
  for (const file of await listFiles(dir, ASSESSMENT_FOLDER, /\.json$/i)) {
    const got = await readTextFile(join(dir, file), file, "assessment");
    if (got.finding) { diagnostics.push(got.finding); continue; }
    const result = readStoredAssessment(got.text);
    if ("problem" in result) diagnostics.push(finding(file, assessmentFileInvalid, { line: 1, column: 1 }, { problem: result.problem }));
    else read.push({ file, text: got.text, stored: result.stored });
  }
  return read;
}

/** The folders whose files are read (evidence is looked up file by file, each checked). */
const READ_FOLDERS = ["reflections", "units", "network", ASSESSMENT_FOLDER] as const;

/** A WorkspaceNotFoundError when the folder or its portfolio.yaml is not there. */
export async function assertWorkspace(dirArg: string): Promise<void> {
  const dir = resolve(dirArg);
  const isFile = await stat(join(dir, CONFIG_FILE)).then((s) => s.isFile(), () => false);
  if (isFile) return;
  const isFolder = await stat(dir).then((s) => s.isDirectory(), () => false);
  throw new WorkspaceNotFoundError(dirArg, isFolder ? CONFIG_FILE : "the folder");
}

function isLink(path: string): Promise<boolean> {
  return lstat(path).then((info) => info.isSymbolicLink(), () => false);
}

/** Symbolic links under `dir/sub` matching `pattern`: never followed, each reported. */
function listLinks(dir: string, sub: string, pattern: RegExp): Promise<string[]> {
  return listEntries(dir, sub, pattern, (entry) => entry.isSymbolicLink());
}

/** Files under `dir/sub` matching `pattern`, relative to `dir`, with `/`, sorted. */
function listFiles(dir: string, sub: string, pattern: RegExp): Promise<string[]> {
  return listEntries(dir, sub, pattern, (entry) => entry.isFile());
}

/**
 * Entries of one kind under `dir/sub`, hidden files and folders left out; none when `sub`
 * is itself a symbolic link, which is not followed (and is reported by the loader).
 */
async function listEntries(dir: string, sub: string, pattern: RegExp, kind: (entry: Dirent) => boolean): Promise<string[]> {
  if (await isLink(join(dir, sub))) return [];
  const entries = await readdir(join(dir, sub), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => kind(entry) && pattern.test(entry.name) && !entry.name.startsWith("."))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .filter((file) => !file.split("/").some((part) => part.startsWith(".")))
    .sort();
}

/**
 * Where an evidence path leads. Paths are relative to the workspace and must stay under
 * `evidence/`; a path that leaves the workspace, by `..`, by being absolute, or through a
 * symbolic link, is never opened.
 */
export async function resolveEvidence(dir: string, realDir: string, written: string): Promise<EvidenceFile> {
  const slashed = written.replace(/\\/g, "/");
  if (isAbsolute(written) || posix.isAbsolute(slashed) || /^[A-Za-z]:/.test(slashed)) return { status: "outside-workspace", path: written };
  const path = posix.normalize(slashed);
  if (path === ".." || path.startsWith("../")) return { status: "outside-workspace", path: written };
  if (!path.startsWith(`${EVIDENCE_DIR}/`)) return { status: "outside-folder", path: written };
  const absolute = join(dir, ...path.split("/"));
  const info = await lstat(absolute).catch(() => undefined);
  if (!info) return { status: "missing", path };
  const real = await realpath(absolute).catch(() => undefined);
  if (!real || !real.startsWith(realDir + sep)) return { status: "outside-workspace", path: written };
  const target = await stat(real);
  if (!target.isFile()) return { status: "missing", path };
  return { status: "ok", path, absolute: real, bytes: target.size };
}
