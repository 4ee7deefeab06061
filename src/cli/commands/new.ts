import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describeIds, nearestCriterion } from "../../check/nearest-criterion.ts";
import { UsageError } from "../../errors.ts";
import { PLACEHOLDER } from "../../lint/lint-rules.ts";
import { allCriteria } from "../../spec/unit-spec.ts";
import { loadWorkspace } from "../../workspace/load-workspace.ts";
import { EXIT, parseFlags, type Io } from "../cli-io.ts";
import { workspaceDir } from "../workspace-dir.ts";

export const newHelp = `Usage: portfolio new "Title" [--unit URN] [--criteria 1.1,2.1] [--dir DIR]

Starts a reflection: reflections/<date>-<title>.md with its front matter filled in
(today's date, the criteria) and a body laid out on a reflective model (what happened,
so what, now what) with a marker for each criterion where it is addressed.`;


export async function newCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("new", args, {
    unit: { type: "string" }, criteria: { type: "string" }, dir: { type: "string" }, help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(newHelp); return EXIT.ok; }
  const title = positionals.join(" ").trim();
  if (!title) throw new UsageError("A title is needed", 'portfolio new "What the forum taught me about confidentiality" --criteria 1.3');
  const workspace = await loadWorkspace(workspaceDir(values.dir));
  const registered = workspace.config?.units.map((u) => u.value) ?? [];
  const urn = values.unit ?? (registered.length === 1 ? registered[0] : undefined);
  if (!urn) throw new UsageError(`Say which unit with --unit: ${registered.join(" or ")}`);
  if (!registered.includes(urn)) throw new UsageError(`Unit ${urn} is not registered in portfolio.yaml, expected ${registered.join(" or ")}`);
  const unit = workspace.units.get(urn);
  const ids = (values.criteria ?? "").split(",").map((id) => id.trim()).filter(Boolean);
  if (unit) {
    const valid = allCriteria(unit).map((c) => c.id);
    for (const id of ids) {
      if (valid.includes(id)) continue;
      const guess = nearestCriterion(id, valid);
      // The same sentence as the check's criterion-unknown.
      throw new UsageError(`Unknown criterion \`${id}\` for unit ${urn}, expected ${describeIds(valid)}` + (guess ? `; did you mean \`${guess}\`?` : ""));
    }
  }

  const date = new Date().toISOString().slice(0, 10);
  const slug = title.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "reflection";
  const dir = join(workspace.dir, "reflections");
  const file = join(dir, `${date}-${slug}.md`);
  if (existsSync(file)) throw new UsageError(`${relative(process.cwd(), file)} already exists and was left as it is`, "Choose another title, or edit that reflection.");
  const texts = new Map(unit ? allCriteria(unit).map((c) => [c.id, c.text]) : []);
  const markers = ids.map((id) => `${PLACEHOLDER} how this addresses ${id}${texts.get(id) ? ` (${texts.get(id)})` : ""}. {ac=${id}}`);
  const yamlTitle = JSON.stringify(title);
  const body = [
    "---",
    `title: ${yamlTitle}`,
    `date: ${date}`,
    ...(registered.length > 1 ? [`unit: ${urn}`] : []),
    `criteria: [${ids.map((id) => JSON.stringify(id)).join(", ")}]`,
    "evidence_type: reflective-account",
    "status: draft",
    "---",
    "## What happened",
    "",
    `${PLACEHOLDER} describe the situation: where, when, who (by role, or as \`@id\` from network/contacts.yaml), and what you did.`,
    "",
    "## So what",
    "",
    `${PLACEHOLDER} what it meant: what went well, what did not, and why; what you learned about networking.`,
    "",
    ...(markers.length ? [...markers.flatMap((m) => [m, ""])] : []),
    "## Now what",
    "",
    `${PLACEHOLDER} what you will do differently, and by when.`,
    "",
  ].join("\n");
  await mkdir(dir, { recursive: true });
  await writeFile(file, body, { flag: "wx" });
  io.err(`Wrote ${relative(process.cwd(), file)}: a draft citing ${ids.length ? ids.join(", ") : "no criteria yet"} for ${urn}. Replace each "${PLACEHOLDER}" and set status: final when it is done.`);
  return EXIT.ok;
}
