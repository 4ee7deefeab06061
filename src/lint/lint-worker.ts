import { parentPort } from "node:worker_threads";
import { lintReflection } from "./lint-reflection.ts";
import type { LintInput } from "./lint-rules.ts";
import type { Severity } from "../diagnostics/diagnostic.ts";

/** A lint worker: takes chunks of reflections, gives back their findings. See lint-pool.ts. */
parentPort!.on("message", ({ inputs, severities }: { inputs: LintInput[]; severities: Array<[string, Severity | "off"]> }) => {
  const map = new Map(severities);
  parentPort!.postMessage({ results: inputs.map((input) => lintReflection(input, map)) });
});
