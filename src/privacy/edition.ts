import type { CheckResult } from "../check/check-workspace.ts";
import type { Edition } from "./final-pass.ts";

/**
 * The verifier edition: the candidate number stands where the learner's name would, as
 * awarding bodies ask of moderation uploads. The name is kept aside so the final pass can
 * check that it appears nowhere.
 */
export function forEdition(checked: CheckResult, edition: Edition): CheckResult {
  const config = checked.workspace.config;
  if (edition === "learner" || !config) return checked;
  return {
    ...checked,
    workspace: {
      ...checked.workspace,
      learnerName: config.learner.name,
      config: { ...config, learner: { ...config.learner, name: `Candidate ${config.learner.candidateNumber}` } },
    },
  };
}
