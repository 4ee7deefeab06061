import type { RuleDefinition } from "../rule.ts";

export type Facts = {
  urn: string;
  id: string;
  /** The criterion's text, as the unit's spec words it. */
  text: string;
} & (
  /** Drafts cite it (their files, oldest first) but no final reflection does. */
  | { kind: "drafts"; drafts: string[] }
  /** Not even a draft cites it (a private note is neither). */
  | { kind: "unwritten" }
);

export default {
  id: "criterion-uncovered",
  severity: "warning",
  reportedBy: "check",
  summary: "A gap: a registered criterion that no final reflection evidences (an error under --strict).",
  message: (facts: Facts) => {
    const gap = `Gap: criterion ${facts.id} of ${facts.urn} ("${facts.text}") `;
    return facts.kind === "drafts"
      ? `${gap}is evidenced only by draft${facts.drafts.length > 1 ? "s" : ""} ${facts.drafts.join(", ")}`
      : `${gap}has no final reflection`;
  },
  hint: (facts: Facts) => (facts.kind === "drafts" ? `finish ${facts.drafts.length > 1 ? "one" : "it"} and set \`status: final\`` : "write one that cites and marks it"),
  docs: "A gap: finds a registered unit's criterion that no final reflection evidences. It is reported where the learner can act on it: at a draft's citation of the criterion (finish it and set `status: final`), else at the unit's registration in portfolio.yaml. A unit is not achieved until every criterion is evidenced. Write a reflection that cites and marks it; under `--strict` a gap is an error.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/network.md": `---
title: Building and reviewing my network
date: 2026-03-14
criteria: ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2"]
---
## What happened

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

I listed the organisations whose work touches ours, and what each could bring. {ac=1.2}

Before sharing our tenancy figures I agreed with my manager what stays confidential. {ac=1.3}

## What I did next

I joined the forum's referral group and a regional network of housing officers. {ac=2.1}

I wrote our team's guidelines for working with the networks, in line with our procedures. {ac=2.2}

## Looking back

I rated each network by what it gave us against what it cost in time. {ac=3.1}

Two referrals that went well showed me where to put my time next year. {ac=3.2}
`,
    },
  },
} as const satisfies RuleDefinition;
