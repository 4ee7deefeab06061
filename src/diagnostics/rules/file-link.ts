import type { RuleDefinition } from "../rule.ts";

export default {
  id: "file-link",
  severity: "error",
  reportedBy: "check",
  summary: "`portfolio.yaml`, a unit spec, the register, or the `reflections/`, `units/` or `network/` folder is a symbolic link: not followed, since it could lead out of the workspace.",
  message: () => "This is a symbolic link, which is not followed (it could lead out of the workspace)",
  hint: () => "put the file or folder itself here",
  docs: "Finds portfolio.yaml, a unit spec or the contacts register that is a symbolic link, or a `reflections/`, `units/` or `network/` folder that is one (a register kept in a synced folder and linked in, say). Links are not followed, since one could lead out of the workspace and publish what was never meant to be in the portfolio; what is behind it is not read. Put the file or folder itself in the workspace.",
  examples: {
    notOk: {
      "network": { symlink: "/home/learner/Dropbox/network" },
    },
    ok: {
      "network/contacts.yaml": `contacts:
  - id: jsmith
    name: Joanna Smithers
    organisation: Northshire Bank
    organisation_kind: a regional bank
    role: finance director
    consent: false
`,
    },
  },
} as const satisfies RuleDefinition;
