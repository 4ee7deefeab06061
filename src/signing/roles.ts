/** The three who sign a portfolio, in the order they sign, and what the PDF calls them. */
export const ROLES = ["learner", "assessor", "iqa"] as const;
export type Role = (typeof ROLES)[number];
export const roleTitles: Record<Role, string> = { learner: "Learner", assessor: "Assessor", iqa: "Internal quality assurer" };
