import { readFile, writeFile } from "node:fs/promises";
import { packageFile } from "../../src/package-root.ts";
import { registrySource, withRulesTable } from "../../src/diagnostics/rules-table.ts";

// `npm run docs:rules`: writes the README's tables of rules from the rules' modules, between
// its <!-- rules:start --> and <!-- rules:end --> lines, and the registry the check reads at
// run time, src/diagnostics/rules.ts (tests/readme.test.ts and tests/rules.test.ts check both).
const readme = packageFile("README.md");
const before = await readFile(readme, "utf8");
const after = withRulesTable(before);
if (after !== before) await writeFile(readme, after);
process.stdout.write(after === before ? "README.md's tables of rules are up to date\n" : "Wrote the tables of rules into README.md\n");

// The registry the check reads at run time, from the same modules.
const registry = packageFile("src", "diagnostics", "rules.ts");
const was = await readFile(registry, "utf8").catch(() => "");
if (registrySource() !== was) await writeFile(registry, registrySource());
process.stdout.write(registrySource() === was ? "src/diagnostics/rules.ts is up to date\n" : "Wrote src/diagnostics/rules.ts\n");
