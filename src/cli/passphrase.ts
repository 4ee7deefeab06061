import { createInterface } from "node:readline";
import { UsageError } from "../errors.ts";

/**
 * The key's passphrase: PORTFOLIO_KEY_PASSPHRASE, or asked for on the terminal without
 * echoing it (twice, to confirm, for a new key). Never taken from the command line, where
 * it would stay in the shell's history.
 */
export async function passphrase(purpose: string, options: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = process.env.PORTFOLIO_KEY_PASSPHRASE;
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError(`A passphrase is needed ${purpose}`, "Set PORTFOLIO_KEY_PASSPHRASE, or run the command in a terminal to be asked for it.");
  }
  const first = await ask(`Passphrase ${purpose}: `);
  if (options.confirm) {
    if (first.length < 8) throw new UsageError("The passphrase is too short", "Use at least 8 characters.");
    if ((await ask("Again, to confirm: ")) !== first) throw new UsageError("The two passphrases differ", "Run the command again.");
  }
  return first;
}

function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const muted = rl as unknown as { _writeToOutput: (text: string) => void };
    process.stderr.write(prompt);
    muted._writeToOutput = () => {};
    rl.question("", (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}
