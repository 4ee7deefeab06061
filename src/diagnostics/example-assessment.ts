import { storedText, type StoredAssessment } from "../assessment/stored.ts";
import { sha256 } from "../text/sha256.ts";

/** A reflection evidencing R/600/9587 3.2, as it was when the assessor judged it. */
export const ASSESSED_REFLECTION = `---
title: Reviewing what I do next with each contact
date: 2026-03-14
criteria: ["3.2"]
---
I went through my contacts and the value each brought over the year. {ac=3.2}
`;

/**
 * An assessment as `portfolio feedback` stores it, of a workspace whose one reflection
 * was `ASSESSED_REFLECTION`: 3.2 judged not yet met. For the rules' examples.
 */
export function exampleAssessment(over: Partial<StoredAssessment> = {}): string {
  return storedText({
    role: "assessor",
    assessor: "Daniel Okafor",
    date: "2026-04-02",
    outcome: "not-yet",
    feedback: "Nearly there.",
    criteria: [{ unit: "R/600/9587", id: "3.2", decision: "not-yet", feedback: "Say what you will do next with each contact, and by when." }],
    reflections: [],
    assessed: { pdf: "portfolio.pdf", sha256: "0".repeat(64), build: "0123456789abcdef", sources: { "reflections/review.md": sha256(ASSESSED_REFLECTION) } },
    ...over,
  });
}
