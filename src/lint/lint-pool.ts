import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { LintCache } from "./lint-cache.ts";
import type { LintInput, Severities } from "./lint-rules.ts";

/**
 * The worker's module: compiled JavaScript as the package ships it; run from the TypeScript
 * sources (the tests, development), a data: URL registers tsx's loader in the worker
 * (loaders are per thread) before importing the source.
 */
const WORKER = import.meta.url.endsWith(".ts")
  ? new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(new URL("./lint-worker.ts", import.meta.url).href)});`)}`)
  : new URL("./lint-worker.js", import.meta.url);

type Lint = typeof import("./lint-reflection.ts").lintReflection;

/** The lint, with the lexicon its person-name rule reads loaded. */
async function loadLint(): Promise<Lint> {
  const [{ lintReflection }, { useLexicon }, { nameLexicon }] = await Promise.all([import("./lint-reflection.ts"), import("./person-names-rule.ts"), import("../text/name-lexicon.ts")]);
  useLexicon(await nameLexicon());
  return lintReflection;
}

/** Below this many reflections a worker costs more to start (~0.3 s) than it saves. */
const MIN_FOR_WORKERS = 150;
const CHUNK = 40;

/**
 * The lint of a whole workspace, on every core. remark parses each body a second time
 * (markdown-it has parsed it for the check), which made the lint three quarters of
 * `portfolio check`; so it runs in worker threads while the main thread reads the front
 * matter and markers, and the main thread joins in when it is done. Results are the same
 * and in the same order however the work was split. With a cache, only what changed is
 * linted.
 */
export class LintRun {
  readonly #inputs: LintInput[];
  readonly #severities: Severities;
  readonly #results: Array<Diagnostic[] | undefined>;
  readonly #cache: LintCache | undefined;
  readonly #queue: Array<{ indexes: number[] }> = [];
  readonly #workers: Worker[] = [];
  readonly #inFlight = new Map<Worker, { indexes: number[] }>();
  #settle: (() => void) | undefined;
  #failure: unknown;

  private constructor(inputs: LintInput[], severities: Severities, cache: LintCache | undefined) {
    this.#inputs = inputs;
    this.#severities = severities;
    this.#cache = cache;
    this.#results = inputs.map((input) => cache?.get(input, severities));
  }

  /** Starts linting; `results()` gives the findings, one list per input. */
  static start(inputs: LintInput[], severities: Severities, options: { workers?: number; cache?: LintCache } = {}): LintRun {
    const run = new LintRun(inputs, severities, options.cache);
    const todo = run.#results.flatMap((result, index) => (result ? [] : [index]));
    for (let i = 0; i < todo.length; i += CHUNK) run.#queue.push({ indexes: todo.slice(i, i + CHUNK) });
    const workers = options.workers ?? (todo.length >= MIN_FOR_WORKERS ? Math.min(4, availableParallelism() - 1) : 0);
    for (let w = 0; w < workers && run.#queue.length > 0; w++) run.#spawn();
    return run;
  }

  async results(): Promise<Diagnostic[][]> {
    // remark and the name lexicon are loaded only when something is not in the cache.
    const lint = this.#queue.length > 0 ? await loadLint() : undefined;
    // The main thread takes chunks too, yielding between them so workers' replies are heard.
    for (let job = this.#queue.shift(); job; job = this.#queue.shift()) {
      this.#lintHere(lint!, job.indexes);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.#inFlight.size > 0) await new Promise<void>((resolve) => { this.#settle = resolve; });
    // A worker that failed left its chunk in the queue; finish it here.
    for (let job = this.#queue.shift(); job; job = this.#queue.shift()) this.#lintHere(lint ?? (await loadLint()), job.indexes);
    await Promise.all(this.#workers.map((w) => w.terminate()));
    if (this.#results.some((r) => r === undefined)) throw this.#failure ?? new Error("lint results missing");
    return this.#results as Diagnostic[][];
  }

  #lintHere(lint: Lint, indexes: readonly number[]): void {
    for (const index of indexes) this.#store(index, lint(this.#inputs[index]!, this.#severities));
  }

  #store(index: number, result: Diagnostic[]): void {
    this.#results[index] = result;
    this.#cache?.set(this.#inputs[index]!, this.#severities, result);
  }

  #spawn(): void {
    const worker = new Worker(WORKER);
    worker.unref();
    this.#workers.push(worker);
    const severities = [...this.#severities];
    const feed = () => {
      const job = this.#queue.shift();
      if (!job) {
        this.#inFlight.delete(worker);
        if (this.#inFlight.size === 0) this.#settle?.();
        return;
      }
      this.#inFlight.set(worker, job);
      worker.postMessage({ inputs: job.indexes.map((i) => this.#inputs[i]), severities });
    };
    worker.on("message", ({ results }: { results: Diagnostic[][] }) => {
      const job = this.#inFlight.get(worker)!;
      job.indexes.forEach((index, k) => this.#store(index, results[k]!));
      feed();
    });
    worker.on("error", (error) => {
      // Not fatal: the chunk goes back in the queue for the main thread.
      this.#failure = error;
      const job = this.#inFlight.get(worker);
      if (job) this.#queue.push(job);
      this.#inFlight.delete(worker);
      if (this.#inFlight.size === 0) this.#settle?.();
    });
    feed();
  }
}
