// Loaded with `node --import` by the benchmark: writes the process's peak resident set
// (kB) to BENCH_RSS_FILE as it exits, so parent and child need not share a platform tool.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
