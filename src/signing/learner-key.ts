import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { PortfolioError } from "../errors.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { createIdentity } from "./identity.ts";

export interface LearnerKey {
  file: string;
  passphrase: string;
  /** Made by the build for a workspace that names no key (the sample). */
  local: boolean;
  made: boolean;
}

/**
 * The key `build` signs with: the one portfolio.yaml names (`signing.key`, its passphrase
 * from PORTFOLIO_KEY_PASSPHRASE or asked for), else a local key made on the first build and
 * kept beside the workspace in `.portfolio-keys/`, never inside it, with its passphrase in
 * a file next to it. A local key is for trying the tool; it signs as nobody in particular.
 */
export async function learnerKey(workspace: Workspace, askPassphrase: () => Promise<string>): Promise<LearnerKey> {
  const config = workspace.config!;
  if (config.signingKey) {
    const file = resolve(workspace.dir, config.signingKey.value);
    if (!existsSync(file)) {
      throw new PortfolioError("PORTFOLIO_KEY_MISSING", `The signing key ${config.signingKey.value} named in portfolio.yaml (line ${config.signingKey.at.line}) does not exist`, {
        hint: "Make one with `portfolio keygen --name \"Your Name\"`, or fix the path (it is relative to portfolio.yaml).",
      });
    }
    return { file, passphrase: await askPassphrase(), local: false, made: false };
  }
  const dir = join(dirname(workspace.dir), ".portfolio-keys");
  const file = join(dir, "learner-local.p12");
  const secretFile = join(dir, "learner-local.passphrase");
  if (existsSync(file) && existsSync(secretFile)) return { file, passphrase: (await readFile(secretFile, "utf8")).trim(), local: true, made: false };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const passphrase = randomBytes(24).toString("base64url");
  await writeFile(file, createIdentity({ name: config.learner.name, role: "learner", passphrase }), { mode: 0o600 });
  await writeFile(secretFile, `${passphrase}\n`, { mode: 0o600 });
  return { file, passphrase, local: true, made: true };
}
