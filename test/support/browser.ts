import { accessSync, constants, existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Where the browser for the HTML tests came from, and its binary. */
export interface BrowserChoice {
  source: "CHROMIUM_PATH" | "system" | "@sparticuz/chromium";
  executablePath: string;
}

/** System Chromium or Chrome binaries, as distributions install them. */
const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

const HOW_TO_FIX =
  "run `npm install` (it installs @sparticuz/chromium, a headless Chromium inside an npm package), " +
  "or set CHROMIUM_PATH to a Chromium or Chrome binary";

/**
 * The browser the HTML tests drive, in order: CHROMIUM_PATH, a system Chromium on PATH, then the
 * headless Chromium that @sparticuz/chromium ships inside its npm package (decompressed to the temp
 * folder on first use), so a machine with only Node and the npm registry runs the browser tests.
 * Throws one line saying how to fix it when none is there: the tests fail, never skip.
 */
export async function chooseChromium(): Promise<BrowserChoice> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist: ${HOW_TO_FIX}.`);
    return { source: "CHROMIUM_PATH", executablePath: configured };
  }
  for (const name of SYSTEM_NAMES) {
    const found = onPath(name);
    if (found) return { source: "system", executablePath: found };
  }
  try {
    const { default: Chromium } = await import("@sparticuz/chromium");
    return { source: "@sparticuz/chromium", executablePath: await Chromium.executablePath() };
  } catch (error) {
    throw new Error(`No browser for the HTML tests (@sparticuz/chromium: ${(error as Error).message.split("\n")[0]}): ${HOW_TO_FIX}.`, { cause: error });
  }
}

// Flags that keep Chromium from phoning home (updates, sync, field trials) during tests.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  choice: BrowserChoice;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh, throw-away profile (no state leaks between runs). */
export async function launchBrowser(): Promise<Browser> {
  const choice = await chooseChromium();
  const profile = await mkdtemp(join(tmpdir(), "cloud-srm-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: choice.executablePath,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 1000 },
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    const first = (error as Error).message.split("\n")[0];
    throw new Error(`Chromium from ${choice.source} (${choice.executablePath}) did not start (${first}): ${HOW_TO_FIX}.`, { cause: error });
  }
  return {
    choice,
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** What a page did while loading: every request, failure, dialog, console error and script error. */
export interface PageLog {
  url: string;
  requests: string[];
  failedRequests: string[];
  dialogs: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

/**
 * Writes the document to a temp file and opens it from a file:// URL, as an
 * auditor would. Every request except the document itself is aborted (and
 * recorded): a self-contained document makes none.
 */
export async function openHtml(browser: Browser, html: string, dir: string, name = "document.html"): Promise<{ page: Page; log: PageLog }> {
  const file = join(dir, name);
  await writeFile(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.context.newPage();
  const log: PageLog = { url, requests: [], failedRequests: [], dialogs: [], consoleErrors: [], pageErrors: [] };
  await page.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort("blockedbyclient")));
  page.on("request", (request) => log.requests.push(request.url()));
  page.on("requestfailed", (request) => log.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`));
  page.on("dialog", (dialog) => {
    log.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.type() === "error") log.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => log.pageErrors.push(error.message));
  await page.goto(url, { waitUntil: "load" });
  return { page, log };
}
