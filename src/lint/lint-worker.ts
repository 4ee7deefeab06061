import { parentPort } from "node:worker_threads";
import { nameLexicon } from "../text/name-lexicon.ts";
import { lintReflection } from "./lint-reflection.ts";
import { useLexicon } from "./person-names-rule.ts";
import type { LintInput } from "./lint-rules.ts";
import type { Severity } from "../diagnostics/diagnostic.ts";

/** A lint worker: takes chunks of reflections, gives back their findings. See lint-pool.ts. */
const ready = nameLexicon().then(useLexicon);
parentPort!.on("message", async ({ inputs, severities }: { inputs: LintInput[]; severities: Array<[string, Severity | "off"]> }) => {
  await ready;
  const map = new Map(severities);
  parentPort!.postMessage({ results: inputs.map((input) => lintReflection(input, map)) });
});
