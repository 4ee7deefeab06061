/**
 * A decisions file for the rules' examples (`decision-*`): the sample portfolio's 23
 * criteria, each met but R/600/9587 3.2, as an assessor fills in the template. `change`
 * rewrites one line, for a not-ok example.
 */
export function exampleDecisions(change: (text: string) => string = (text) => text): string {
  const met = (ids: string) => ids.split(" ").map((id) => `    "${id}": { decision: met }`).join("\n");
  return change(`outcome: not-yet
feedback: A strong portfolio; one criterion needs more.
criteria:
  R/600/9587:
${met("1.1 1.2 1.3 2.1 2.2 3.1")}
    "3.2": { decision: not-yet, feedback: Say what you will do next with each contact. }
  J/506/1949:
${met("1.1 1.2 1.3 1.4 1.5 1.6 2.1 2.2 2.3 3.1 3.2 3.3 3.4 3.5 3.6 3.7")}
reflections:
  2026-08-18-six-month-review-of-my-networks.md: Good use of the monitoring log.
`);
}
