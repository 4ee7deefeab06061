import { defineConfig } from "vitest/config";
import LongestFirst from "./tests/longest-first.ts";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Site builds run real Eleventy and a real browser; two cores, so keep it to two workers.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
  },
});
