import { Document, Scalar } from "yaml";
import { CONFIG_FILE } from "./portfolio-config.ts";
import { REGISTER_FILE } from "../network/register.ts";
import { unitSpecFileName } from "../spec/write-unit-spec.ts";
import type { PlannedFile } from "./init-workspace.ts";
import { shellWord } from "../text/shell-word.ts";
import { githubLearnerWorkflow, gitlabLearnerPipeline } from "../ci/templates.ts";

/** What a learner tells `init`: the same fields as portfolio.yaml. */
export interface NewWorkspace {
  learner: { name: string; candidateNumber: string };
  centre: { name: string; number: string };
  qualification: string;
  /** Each unit's spec as it will be written to units/, and where it came from. */
  units: Array<{ urn: string; title: string; yaml: string; from: string; firstCriterion: string }>;
  assessor: string | undefined;
}

/** The CI files a workspace made as a repository's root carries: GitHub Actions and GitLab CI. */
export const CI_PATHS = [".github/workflows/portfolio.yml", ".gitlab-ci.yml"] as const;

/** The learner's CI files, pinned to the version of portfolio that writes them. */
export function ciFiles(version: string): PlannedFile[] {
  return [
    { path: CI_PATHS[0], content: githubLearnerWorkflow(version), about: "GitHub Actions: on each push, check and build; the site and PDF kept as the run's artifact" },
    { path: CI_PATHS[1], content: gitlabLearnerPipeline(version), about: "GitLab CI: the same, on GitLab" },
  ];
}

/** What a new workspace holds, in the order its files are checked for and listed (units/ holds one file a unit). */
export const WORKSPACE_PATHS = [CONFIG_FILE, "units", "reflections/.gitkeep", "evidence/.gitkeep", REGISTER_FILE, "README.md", ".gitignore", ...CI_PATHS] as const;

/**
 * The files of a new workspace, in the order they are listed to the learner:
 * `folderName` is the workspace folder's own name, which the README's commands use.
 */
export function newWorkspaceFiles(workspace: NewWorkspace, folderName: string, version: string): PlannedFile[] {
  return [
    { path: CONFIG_FILE, content: portfolioYaml(workspace), about: "you, your centre, the qualification and units" },
    ...workspace.units.map((u) => ({ path: `units/${unitSpecFileName(u.urn)}`, content: u.yaml, about: `${u.urn} ${u.title} (${u.from})` })),
    { path: "reflections/.gitkeep", content: "", about: "your reflections (none yet)" },
    { path: "evidence/.gitkeep", content: "", about: "the files your reflections cite (none yet)" },
    { path: REGISTER_FILE, content: CONTACTS_YAML, about: "your network register (empty; read its comments)" },
    { path: "README.md", content: readme(workspace, folderName), about: "what each folder is for, and the everyday commands" },
    { path: ".gitignore", content: GITIGNORE, about: "keeps keys and the built site out of a repository" },
    ...ciFiles(version),
  ];
}

/** portfolio.yaml: what the learner gave, each text quoted so YAML reads it back as it was. */
function portfolioYaml(workspace: NewWorkspace): string {
  const text = (value: string) => Object.assign(new Scalar(value), { type: Scalar.QUOTE_DOUBLE });
  const doc = new Document({
    learner: { name: text(workspace.learner.name), candidate_number: text(workspace.learner.candidateNumber) },
    centre: { name: text(workspace.centre.name), number: text(workspace.centre.number) },
    qualification: text(workspace.qualification),
    units: workspace.units.map((u) => u.urn),
    ...(workspace.assessor ? { assessor: { name: text(workspace.assessor) } } : {}),
  });
  doc.commentBefore = [
    " Your portfolio: who it belongs to, your centre, the qualification, the units you are",
    " registered for (each one's spec is in units/) and your assessor. The check reads it,",
    " and the site and the PDF show it. Made by `portfolio init`; edit it as things change.",
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}

/** An empty register: every field explained, and an example to copy, commented out. */
const CONTACTS_YAML = `# Your network register: the networks you take part in, the people you deal with
# through them, and what passes between you. \`portfolio check\` reads it. A reflection
# names a person as @id (such as @aexample), never by their name.
#
# Consent: a person's name is shown in the site and the PDF only where \`consent: true\`,
# once they have agreed to be named. Everyone else is shown as "Contact A, <role> at
# <organisation_kind>", and the check points out wherever their name is written in a
# reflection or an evidence file. Names stay in this file.
#
# Each network:
#   name               what it is called; a contact's \`networks\` name it the same way
#   kind               online, face-to-face, professional body or formal meeting
#   cost               what it costs a year, in whole pounds (0 if it is free)
#   value              what it is worth to you, from 1 (little) to 5 (a lot)
#
# Each contact:
#   id                 how your reflections name them: @id (lower-case letters, digits,
#                      - or _, starting with a letter)
#   name               their full name: shown only with consent
#   organisation       where they work, for your own reference
#   organisation_kind  what is shown of it, such as "a regional bank"
#   role               their job, such as "partnerships officer": always shown
#   networks           the networks above that you know them through
#   consent            true once they have agreed to be named; false until then
#   exchanges          what passed between you, each with a date (YYYY-MM-DD), a
#                      direction (given or received), what it was, and a value (1 to 5)
#
# To add your first entries, take out the [] after \`networks:\` and \`contacts:\` and
# write entries like the examples under them (without the # at the start of each line).

networks: []
#  - name: Local employers' forum
#    kind: face-to-face
#    cost: 0
#    value: 4

contacts: []
#  - id: aexample
#    name: Alex Example
#    organisation: Example Training Ltd
#    organisation_kind: a training provider
#    role: partnerships manager
#    networks: [Local employers' forum]
#    consent: false
#    exchanges:
#      - { date: 2026-01-15, direction: received, what: "An introduction to their apprenticeship team", value: 4 }
`;

const GITIGNORE = `# Made by \`portfolio init\`: what never belongs in your portfolio's repository.
# The built site, made again by \`portfolio build\`:
_site/
.portfolio-build-*/
.portfolio-old-*/
.portfolio-lock-*
# Signing keys and their passphrases:
*.p12
*.pfx
*.key
*.passphrase
.portfolio-keys/
# What operating systems and office programs leave behind:
.DS_Store
Thumbs.db
desktop.ini
~$*
.~lock.*#
`;

/**
 * The commands a learner runs every day on a new workspace, each with what it does:
 * `dirFlag` and `outFlag` (` --dir …`, ` --out …`) say where it is from where they run.
 */
export function everydayCommands(workspace: NewWorkspace, dirFlag: string): Array<[command: string, what: string]> {
  const first = workspace.units[0]!;
  const unitFlag = workspace.units.length > 1 ? ` --unit ${first.urn}` : "";
  return [
    [`portfolio new "First reflection"${dirFlag}${unitFlag} --criteria ${first.firstCriterion}`, "start a reflection in reflections/"],
    [`portfolio serve${dirFlag}`, "preview the site as you write (http://localhost:8080)"],
    [`portfolio check${dirFlag}`, "check your reflections against the units: errors and gaps"],
    [`portfolio build${dirFlag}`, "check, then build the site and your signed PDF"],
  ];
}

/** The learner's README: what each folder is for and the everyday commands, run in this folder. */
function readme(workspace: NewWorkspace, folderName: string): string {
  const commands = everydayCommands(workspace, "");
  const width = Math.max(...commands.map(([c]) => c!.length));
  return `# ${workspace.learner.name}'s portfolio

${workspace.qualification}, at ${workspace.centre.name}.

Your reflections are written in Markdown and cite the assessment criteria of your units;
\`portfolio\` checks them against the unit specs and builds them into a site and a signed
PDF for your assessor.

## What each part is for

- \`portfolio.yaml\`: you, your centre, the qualification, the units you are registered
  for and your assessor.
- \`units/\`: each unit's spec, with its learning outcomes and assessment criteria, as
  published. Your reflections are checked against them; leave them as they are.
- \`reflections/\`: your reflective accounts, one Markdown file each. Each cites the
  criteria it addresses, and counts towards them once its \`status\` is \`final\`.
- \`evidence/\`: the files your reflections cite as evidence (minutes, a spreadsheet, a
  photo), each named in a reflection's \`evidence:\` list.
- \`network/contacts.yaml\`: your network register. A person is named in what you hand
  in only once they have agreed (\`consent: true\`); its comments explain each field.
- \`.gitignore\`: keeps signing keys and the built site out of a repository.

## Everyday commands

Run these in this folder, or in any folder inside it: each command finds the portfolio
it is in.

\`\`\`sh
${commands.map(([c, what]) => `${c!.padEnd(width)}  # ${what}`).join("\n")}
\`\`\`

Each command explains itself with \`--help\`. If \`portfolio\` was installed in a project
rather than for your whole computer, type \`npx portfolio\` instead.

From the folder that holds this one, the same commands work${folderName === "portfolio" ? "" : ` with \`--dir ${shellWord(folderName)}\``}.

## What you hand in

\`portfolio build\` writes the site to \`_site/\` beside this folder (open
\`_site/index.html\`) and the PDF to \`_site/portfolio.pdf\`, signed in your name: that PDF
is what you give your assessor. Without Chrome or Chromium, \`portfolio build --no-pdf\`
builds the site alone.

## Keys

Until you name a key of your own, the build signs with one it makes in your name in
\`.portfolio-keys/\`, beside this folder, for trying the tool. Ask your centre how you
should sign: \`portfolio keygen --name "Your Name"\` makes a key in \`~/.portfolio/keys/\`,
which you name in portfolio.yaml as \`signing: { key: PATH }\` (a full path, or the path
from this folder). A key and its passphrase
are never put in this folder or committed to a repository.

## Keeping it safe

To keep your work in git, make this folder the repository (\`git init\` here): the site
and the keys are made beside it, never in it. If your repository is the folder above,
add \`_site/\` and \`.portfolio-keys/\` to that folder's \`.gitignore\` too.

Pushed to GitHub or GitLab, \`.github/workflows/portfolio.yml\` and \`.gitlab-ci.yml\`
check and build your portfolio on each push, and keep the site and an unsigned PDF as
the run's artifacts: a record that it checks, for you and your centre. The PDF you hand
in is the one you build and sign here, where your key is. Your site is published (GitHub
Pages, GitLab Pages) only if you set the variable \`PORTFOLIO_PUBLISH\` to \`true\`; ask
your centre first. Delete either file if you do not use that service.
`;
}
