import { createInterface, type Interface } from "node:readline";
import { PortfolioError } from "../errors.ts";

/** The person at the terminal stopped the questions: Ctrl-C, or Ctrl-D (the input ended). */
export class QuestionsStoppedError extends PortfolioError {
  readonly interrupted: boolean;
  constructor(interrupted: boolean) {
    super("PORTFOLIO_QUESTIONS_STOPPED", interrupted ? "Stopped (Ctrl-C)" : "The answers ended before every question was answered");
    this.interrupted = interrupted;
  }
}

/** Whether there is someone to ask: the input and the stream questions are written to are a terminal. */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/**
 * Questions asked one by one on the terminal (written to stderr, with progress). Lines are
 * queued as they come, so answers typed or pasted ahead of their question are kept: the
 * promise API of readline hands a line only to a question already waiting, and drops it
 * otherwise.
 */
export class Questions {
  private readonly rl: Interface;
  private readonly lines: string[] = [];
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  private stopped: QuestionsStoppedError | undefined;

  constructor() {
    this.rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true, historySize: 0 });
    this.rl.on("line", (line) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting.resolve(line);
      else this.lines.push(line);
    });
    this.rl.on("SIGINT", () => this.stop(new QuestionsStoppedError(true)));
    this.rl.on("close", () => this.stop(new QuestionsStoppedError(false)));
  }

  /** The answer, trimmed of spaces at either end. */
  async ask(question: string): Promise<string> {
    this.rl.setPrompt(question);
    this.rl.prompt();
    const queued = this.lines.shift();
    if (queued !== undefined) return queued.trim();
    if (this.stopped) throw this.stopped;
    return (await new Promise<string>((resolve, reject) => { this.waiting = { resolve, reject }; })).trim();
  }

  /** Says something between questions. */
  say(text: string): void {
    process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  close(): void {
    this.stopped ??= new QuestionsStoppedError(false);
    this.rl.close();
  }

  private stop(error: QuestionsStoppedError): void {
    if (this.stopped) return;
    this.stopped = error;
    if (error.interrupted) this.rl.close();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}
