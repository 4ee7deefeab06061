import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { PortfolioError } from "../errors.ts";

export class BrowserNotFoundError extends PortfolioError {
  constructor(tried: readonly string[]) {
    super("PORTFOLIO_BROWSER_NOT_FOUND", "No Chrome or Chromium found to print the PDF", {
      hint:
        "Install one (Debian and Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome), " +
        `or set PORTFOLIO_BROWSER to its path. Looked in: ${tried.join(", ")}. ` +
        "To build the site alone, run `portfolio build --no-pdf`.",
    });
  }
}

/** The usual install places of Chromium and Chrome, by platform. */
function installPlaces(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === "darwin") {
    return [
      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
      "/Applications/Chromium.app/Contents/MacOS/Chromium",
      join(homedir(), "Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
      join(homedir(), "Applications/Chromium.app/Contents/MacOS/Chromium"),
    ];
  }
  if (platform === "win32") {
    const roots = [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return roots.flatMap((root) => [join(root, "Google", "Chrome", "Application", "chrome.exe"), join(root, "Chromium", "Application", "chrome.exe")]);
  }
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium", "/opt/google/chrome/chrome"];
}

/** Browsers that `npx puppeteer browsers install` put in its cache, newest first. */
function puppeteerCache(env: NodeJS.ProcessEnv): string[] {
  const cache = env.PUPPETEER_CACHE_DIR ?? join(homedir(), ".cache", "puppeteer");
  const found: string[] = [];
  for (const product of ["chrome", "chromium", "chrome-headless-shell"]) {
    const dir = join(cache, product);
    if (!existsSync(dir)) continue;
    for (const build of readdirSync(dir).sort().reverse()) {
      for (const exe of ["chrome-linux64/chrome", "chrome-linux/chrome", "chrome-headless-shell-linux64/chrome-headless-shell", "chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing", "chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing", "chrome-win64/chrome.exe"]) {
        found.push(join(dir, build, exe));
      }
    }
  }
  return found;
}

/**
 * Finds a browser to print with: PORTFOLIO_BROWSER, then the usual install places of
 * Chromium and Chrome, then puppeteer's own browser cache.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const fromEnv = env.PORTFOLIO_BROWSER;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new PortfolioError("PORTFOLIO_BROWSER_NOT_FOUND", `PORTFOLIO_BROWSER is set to ${fromEnv}, which does not exist`, {
      hint: "Set it to the path of a Chrome or Chromium executable, or unset it to search the usual places.",
    });
  }
  const candidates = [...installPlaces(platform, env), ...puppeteerCache(env)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new BrowserNotFoundError(installPlaces(platform, env));
  return found;
}
