// What GitHub's own workflow parser (@actions/workflow-parser) finds wrong with the
// workflow files named, as JSON: { file: [messages] }, empty for one it accepts.
// The parser imports its JSON schema without an import attribute, which Node 20 refuses;
// a load hook (registered first) gives .json imports their attribute.
import { register } from "node:module";
import { readFile } from "node:fs/promises";

register(`data:text/javascript,${encodeURIComponent('export async function load(url, context, next) { return next(url, url.endsWith(".json") ? { ...context, importAttributes: { type: "json" } } : context); }')}`);
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");

const found = {};
for (const file of process.argv.slice(2)) {
  const parsed = parseWorkflow({ name: file, content: await readFile(file, "utf8") }, new NoOperationTraceWriter());
  if (parsed.value) await convertWorkflowTemplate(parsed.context, parsed.value);
  found[file] = parsed.context.errors.getErrors().map((e) => e.message);
}
process.stdout.write(JSON.stringify(found));
