/** The three who sign a portfolio, in the order they sign, and what the PDF calls them. */
export const ROLES = ["learner", "assessor", "iqa"] as const;
export type Role = (typeof ROLES)[number];
export const roleTitles: Record<Role, string> = { learner: "Learner", assessor: "Assessor", iqa: "Internal quality assurer" };

/** "learner Priya Shah, assessor Daniel Okafor": each signature by its role (else its kind or field) and signer. */
export function signedBy(signatures: ReadonlyArray<{ role?: string | undefined; kind?: string; field: string; signer: string }>): string {
  return signatures.map((s) => `${s.role ? roleTitles[s.role as Role].toLowerCase() : s.kind === "timestamp" ? "timestamp" : s.field} ${s.signer}`).join(", ");
}

/** The role a certificate was made for, by its title attribute (as keygen writes it), if it names one. */
export function roleOfSubject(subject: string): Role | undefined {
  const title = subject.split("\n").find((line) => line.startsWith("title="))?.slice(6);
  return (Object.entries(roleTitles) as Array<[Role, string]>).find(([, t]) => t === title)?.[0];
}
