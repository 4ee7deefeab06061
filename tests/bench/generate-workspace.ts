import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { seededRandom } from "../../src/text/seeded-random.ts";

/**
 * Synthetic workspaces for benchmarks: the same seed gives the same files, byte for byte.
 * Reflections read like the real thing as far as the tools are concerned: 600 to 1,500
 * words under what happened / so what / now what headings, a list, a table, an AC marker
 * at the end of the paragraph addressing each cited criterion, `@id` references to the
 * network register, and evidence files. Units have 10 to 30 criteria each and every
 * criterion is evidenced, so the workspace checks clean.
 */
export interface GenerateOptions {
  reflections: number;
  seed?: number;
  /** Synthetic units; 3 by default. */
  units?: number;
}

export interface Generated {
  dir: string;
  reflections: number;
  finals: number;
  units: number;
  criteria: number;
  evidenceFiles: number;
  contacts: number;
  words: number;
  bytes: number;
}

/** The same numbers on every machine for the same seed. */
function random(seed: number) {
  const next = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, int, pick };
}

const SUBJECTS = ["I", "The forum", "My manager", "The partnership", "Our team", "The council officer", "The charity", "The working group", "Each partner", "The income team"];
const VERBS = ["agreed", "reviewed", "questioned", "shared", "planned", "recorded", "compared", "explained", "negotiated", "followed up", "summarised", "tested"];
const OBJECTS = [
  "the referral figures for the quarter", "a draft of the information-sharing protocol", "the cost of attending each network", "who holds which contact details",
  "the actions from the last meeting", "the limits of my own authority", "a conflict of interest in the tender", "the value each contact brings",
  "the timescale for the pilot", "what we could offer in return", "the confidentiality of tenants' cases", "our objectives for the year",
];
const TAILS = [
  "before the next meeting", "with the people who needed it", "so that nobody was surprised later", "because the deadline was close",
  "in line with our procedures", "after checking with my manager", "which took longer than I expected", "and wrote it down the same day",
  "to keep the partnership's trust", "so the benefit ran both ways",
];
const FIRST_NAMES = ["Imogen", "Rafferty", "Oluwaseun", "Bethan", "Caspian", "Dervla", "Eamon", "Farida", "Gideon", "Harriet", "Ishaan", "Jocasta", "Kwabena", "Lorcan", "Marisol", "Niamh", "Octavia", "Piers", "Rosalind", "Tobias"];
const SURNAMES = ["Thackwell", "Quennell", "Adebayo-Hart", "Llewellyn", "Marchbank", "O'Rourke", "Pennington", "Sadiq", "Vasquez", "Whitlock", "Yardley", "Zielinski", "Ashdown", "Brightwater", "Carmody", "Delacroix", "Ellingham", "Fairbairn", "Greenhalgh", "Hollings"];
const TOPICS = ["referral pathway", "tenancy forum", "money advice drop-in", "peer learning set", "regional meeting", "supplier day", "online group", "data-sharing review", "budget round", "community event"];

function sentence(r: ReturnType<typeof random>): string {
  return `${r.pick(SUBJECTS)} ${r.pick(VERBS)} ${r.pick(OBJECTS)} ${r.pick(TAILS)}.`;
}

function paragraph(r: ReturnType<typeof random>, words: number): string {
  const out: string[] = [];
  let count = 0;
  while (count < words) {
    const s = sentence(r);
    out.push(s);
    count += s.split(" ").length;
  }
  return out.join(" ");
}

const word = (n: number) => n.toString().padStart(4, "0");

export async function generateWorkspace(dir: string, options: GenerateOptions): Promise<Generated> {
  const r = random(options.seed ?? 1);
  const unitCount = options.units ?? 3;
  await mkdir(join(dir, "units"), { recursive: true });
  await mkdir(join(dir, "reflections"), { recursive: true });
  await mkdir(join(dir, "evidence"), { recursive: true });
  await mkdir(join(dir, "network"), { recursive: true });
  let bytes = 0;
  const write = async (file: string, text: string) => {
    bytes += Buffer.byteLength(text);
    await writeFile(join(dir, file), text);
  };

  // Units: 10 to 30 criteria each, over 3 to 5 outcomes.
  const units: Array<{ urn: string; criteria: string[] }> = [];
  for (let u = 0; u < unitCount; u++) {
    const urn = `${"ABCDFHJKLMRT"[u % 12]}/9${String(u).padStart(2, "0")}/${word(1000 + u * 37)}`;
    const total = r.int(10, 30);
    const outcomes = Math.min(r.int(3, 5), total);
    const criteria: string[] = [];
    const lines = [`urn: ${urn}`, `title: Synthetic unit ${u + 1} for benchmarks`, `level: 4`, `credit: ${r.int(3, 6)}`, `glh: ${r.int(15, 40)}`,
      `aim: A unit made up for benchmarking, with ${total} criteria.`, "outcomes:"];
    for (let o = 1; o <= outcomes; o++) {
      const here = Math.floor(total / outcomes) + (o <= total % outcomes ? 1 : 0);
      lines.push(`  - id: "${o}"`, `    text: Be able to work with network ${o} of unit ${u + 1}`, "    criteria:");
      for (let c = 1; c <= here; c++) {
        criteria.push(`${o}.${c}`);
        lines.push(`      - id: "${o}.${c}"`, `        text: ${r.pick(VERBS).replace(/^./, (x) => x.toUpperCase())} ${r.pick(OBJECTS)}`,
          "        guidance:", "          - heading: This may include", "            items:", `              - ${r.pick(OBJECTS)}`, `              - ${r.pick(OBJECTS)}`);
      }
    }
    lines.push("evidence:", "  simulation: false", "  requirements: Evidence must come from real work activities.",
      "assessment: Centre assessed and externally verified.");
    await write(`units/${urn.replace(/\//g, "-")}.yaml`, `${lines.join("\n")}\n`);
    units.push({ urn, criteria });
  }
  const allCriteria = units.flatMap((unit) => unit.criteria.map((id) => ({ urn: unit.urn, id })));

  await write("portfolio.yaml", [
    "learner:", "  name: Sam Example", '  candidate_number: "9001"', "centre:", "  name: Benchmark College", '  number: "90001"',
    "qualification: Synthetic Level 4 Diploma for benchmarks", "units:", ...units.map((u) => `  - ${u.urn}`), "assessor:", "  name: Alex Assessor", "",
  ].join("\n"));

  // Evidence: CSV logs, Markdown notes and SVG diagrams.
  const evidence: string[] = [];
  const evidenceCount = Math.max(3, Math.ceil(options.reflections / 20));
  for (let e = 1; e <= evidenceCount; e++) {
    const kind = e % 3;
    if (kind === 0) {
      const file = `evidence/diagram-${word(e)}.svg`;
      await write(file, `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200"><title>Network diagram ${e}</title>${Array.from({ length: 6 }, (_, i) => `<circle cx="${40 + i * 60}" cy="${60 + (i % 2) * 80}" r="24" fill="none" stroke="black"/>`).join("")}</svg>\n`);
      evidence.push(file);
    } else if (kind === 1) {
      const file = `evidence/monitoring-log-${word(e)}.csv`;
      await write(file, `date,network,what,value\n${Array.from({ length: 40 }, (_, i) => `2026-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 27) + 1).padStart(2, "0")},${r.pick(TOPICS)},${r.pick(OBJECTS)},${r.int(1, 5)}`).join("\n")}\n`);
      evidence.push(file);
    } else {
      const file = `evidence/meeting-notes-${word(e)}.md`;
      await write(file, `# Notes of the ${r.pick(TOPICS)}\n\n${paragraph(r, 150)}\n`);
      evidence.push(file);
    }
  }

  // The network register: contacts by role, a few with consent, each with exchanges.
  const contactCount = 20 + Math.floor(options.reflections / 50);
  const contactIds: string[] = [];
  const register = ["networks:", ...TOPICS.map((t, i) => `  - name: The ${t}\n    kind: face-to-face\n    cost: ${i * 20}\n    value: ${(i % 5) + 1}`), "contacts:"];
  for (let c = 1; c <= contactCount; c++) {
    const id = `contact-${word(c)}`;
    contactIds.push(id);
    // Distinct names, none of them words a reflection would use by chance.
    const name = `${FIRST_NAMES[c % FIRST_NAMES.length]} ${SURNAMES[(c + Math.floor(c / FIRST_NAMES.length)) % SURNAMES.length]}${c >= FIRST_NAMES.length * SURNAMES.length ? `-${c}` : ""}`;
    register.push(`  - id: ${id}`, `    name: ${name}`, `    organisation: Organisation ${c % 13}`, "    organisation_kind: a partner organisation",
      `    role: ${r.pick(["team leader", "service manager", "officer", "director", "coordinator"])}`, `    networks: [The ${r.pick(TOPICS)}]`, `    consent: ${c % 4 === 0}`, "    exchanges:");
    for (let x = 0; x < r.int(1, 6); x++) {
      register.push(`      - { date: 2026-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}, direction: ${r.pick(["given", "received"])}, what: "${r.pick(OBJECTS)}", value: ${r.int(1, 5)} }`);
    }
  }
  await write("network/contacts.yaml", `${register.join("\n")}\n`);

  // Reflections: the first ones cover every criterion in turn, the rest cite at random.
  const perReflection = Math.min(12, Math.max(4, Math.ceil(allCriteria.length / Math.max(1, options.reflections))));
  let next = 0;
  let words = 0;
  let finals = 0;
  for (let n = 1; n <= options.reflections; n++) {
    const cited = new Map<string, Set<string>>();
    const count = next < allCriteria.length ? perReflection : r.int(Math.min(3, perReflection), perReflection);
    for (let k = 0; k < count; k++) {
      const ac = next < allCriteria.length ? allCriteria[next++]! : r.pick(allCriteria);
      if (!cited.has(ac.urn)) cited.set(ac.urn, new Set());
      cited.get(ac.urn)!.add(ac.id);
    }
    const markers = [...cited].flatMap(([urn, ids]) => [...ids].map((id) => (cited.size > 1 || units.length > 1 ? `${urn}:${id}` : id)));
    const draft = n > allCriteria.length && r.next() < 0.1;
    if (!draft) finals++;
    const date = `2026-${String(((n - 1) % 12) + 1).padStart(2, "0")}-${String(((n * 7) % 28) + 1).padStart(2, "0")}`;
    const topic = r.pick(TOPICS);
    const cites = r.next() < 0.6 ? [r.pick(evidence), ...(r.next() < 0.3 ? [r.pick(evidence)] : [])] : [];
    const target = r.int(600, 1500);

    const sections: string[] = [];
    const sectionNames = ["What happened", "So what", "Now what"];
    let written = 0;
    let marker = 0;
    const paragraphs = Math.max(markers.length, Math.round(target / 110));
    for (let p = 0; p < paragraphs; p++) {
      if (p % Math.ceil(paragraphs / 3) === 0) sections.push(`## ${sectionNames[Math.floor(p / Math.ceil(paragraphs / 3))] ?? `Further thoughts ${p}`}`);
      const size = Math.max(40, Math.round((target - written) / (paragraphs - p)));
      let text = paragraph(r, size);
      if (r.next() < 0.15) text += ` I discussed this with @${r.pick(contactIds)} afterwards.`;
      written += text.split(" ").length;
      const marks = marker < markers.length ? markers.slice(marker, (marker = Math.min(markers.length, marker + Math.ceil(markers.length / paragraphs)))) : [];
      sections.push(marks.length ? `${text} {ac=${marks.join(",")}}` : text);
      if (p === 1) sections.push(["Who was involved:", "", ...Array.from({ length: r.int(3, 5) }, () => `- ${r.pick(SUBJECTS)}, about ${r.pick(OBJECTS)}`)].join("\n"));
      if (p === 2) {
        sections.push(["| Date | Contact | What passed | Value |", "| --- | --- | --- | --- |",
          ...Array.from({ length: r.int(3, 6) }, (_, i) => `| 2026-0${(i % 9) + 1}-1${i} | a ${r.pick(["team leader", "officer", "manager"])} | ${r.pick(OBJECTS)} | ${r.int(1, 5)} |`)].join("\n"));
      }
    }
    words += written;
    const front = [
      "---", `title: "Reflection ${n}: the ${topic}"`, `date: ${date}`, "criteria:", ...[...cited].map(([urn, ids]) => `  ${urn}: [${[...ids].map((id) => `"${id}"`).join(", ")}]`),
      `evidence_type: ${r.pick(["reflective-account", "witness-testimony", "professional-discussion"])}`,
      ...(cites.length ? ["evidence:", ...[...new Set(cites)].map((c) => `  - ${c}`)] : []), ...(draft ? ["status: draft"] : []), "---", "",
    ];
    // A hundred to a folder, as a learner might keep a year's reflections by month.
    const folder = `reflections/${word(Math.floor((n - 1) / 100))}`;
    if ((n - 1) % 100 === 0) await mkdir(join(dir, folder), { recursive: true });
    await write(`${folder}/${date}-reflection-${String(n).padStart(5, "0")}.md`, `${front.join("\n")}\n${sections.join("\n\n")}\n`);
  }
  return { dir, reflections: options.reflections, finals, units: units.length, criteria: allCriteria.length, evidenceFiles: evidence.length, contacts: contactCount, words, bytes };
}
