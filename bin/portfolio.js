#!/usr/bin/env node
// The `portfolio` command. The code is TypeScript run through tsx's loader, so there is
// no compile step between editing the source and running it.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
