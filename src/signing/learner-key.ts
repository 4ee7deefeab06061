import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { PortfolioError } from "../errors.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { nameSlug, sameName } from "../text/same-name.ts";
import { createIdentity, KeyFileError, readIdentity } from "./identity.ts";

export interface LearnerKey {
  file: string;
  passphrase: string;
  /** Made by the build for a workspace that names no key (the sample). */
  local: boolean;
  made: boolean;
}

/**
 * The key `build` signs with, always in the name of the learner the portfolio declares:
 * the one portfolio.yaml names (`signing.key`, its passphrase from PORTFOLIO_KEY_PASSPHRASE
 * or asked for), refused if its certificate names someone else; else a local key made for
 * that learner on the first build and kept beside the workspace in `.portfolio-keys/`,
 * never inside it, with its passphrase in a file next to it. A local key is for trying the
 * tool; renaming the learner makes a new one, so no PDF is signed in the old name.
 */
export async function learnerKey(workspace: Workspace, askPassphrase: () => Promise<string>): Promise<LearnerKey> {
  const config = workspace.config!;
  const learner = config.learner.name;
  if (config.signingKey) {
    const file = resolve(workspace.dir, config.signingKey.value);
    if (!existsSync(file)) {
      throw new PortfolioError("PORTFOLIO_KEY_MISSING", `The signing key ${config.signingKey.value} named in portfolio.yaml (line ${config.signingKey.at.line}) does not exist`, {
        hint: "Make one with `portfolio keygen --name \"Your Name\"`, or fix the path (it is relative to portfolio.yaml).",
      });
    }
    const passphrase = await askPassphrase();
    const holder = readIdentity(await readFile(file), passphrase, file).name;
    if (!sameName(holder, learner)) {
      throw new KeyFileError(file, `its certificate is in the name of ${holder}, but this portfolio is ${learner}'s (portfolio.yaml, learner.name), so it would sign in someone else's name`, `Name ${learner}'s own key in portfolio.yaml (signing.key), or make one: portfolio keygen --name "${learner}"`);
    }
    return { file, passphrase, local: false, made: false };
  }
  const dir = join(dirname(workspace.dir), ".portfolio-keys");
  const slug = nameSlug(learner) || "learner";
  for (const base of [`learner-${slug}`, "learner-local"]) {
    const file = join(dir, `${base}.p12`);
    const secretFile = join(dir, `${base}.passphrase`);
    if (!existsSync(file) || !existsSync(secretFile)) continue;
    const passphrase = (await readFile(secretFile, "utf8")).trim();
    // A key made for a learner of another name (the portfolio was renamed) is never used.
    if (sameName(readIdentity(await readFile(file), passphrase, file).name, learner)) return { file, passphrase, local: true, made: false };
  }
  const file = join(dir, `learner-${slug}.p12`);
  const secretFile = join(dir, `learner-${slug}.passphrase`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const passphrase = randomBytes(24).toString("base64url");
  await writeFile(file, createIdentity({ name: learner, role: "learner", passphrase }), { mode: 0o600 });
  await writeFile(secretFile, `${passphrase}\n`, { mode: 0o600 });
  return { file, passphrase, local: true, made: true };
}
