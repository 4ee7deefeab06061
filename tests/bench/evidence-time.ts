// Times reading a workspace's evidence as `check` does, cold, in a process of its own: the
// readers, the name lexicon and the files are loaded as a first run loads them. Prints
// milliseconds. Usage: node --import tsx tests/bench/evidence-time.ts WORKSPACE
import { readWorkspaceEvidence } from "../../src/evidence/read-workspace-evidence.ts";
import { loadWorkspace } from "../../src/workspace/load-workspace.ts";

const dir = process.argv[2];
if (!dir) throw new Error("usage: evidence-time.ts WORKSPACE");
const workspace = await loadWorkspace(dir, { evidence: false });
const started = performance.now();
const read = await readWorkspaceEvidence(dir, workspace.reflections);
process.stdout.write(`${(performance.now() - started).toFixed(1)} ${read.size}\n`);
