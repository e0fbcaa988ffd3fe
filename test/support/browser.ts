import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** The system Chromium the browser tests drive (Debian package "chromium"). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Throws, with how to fix it, when Chromium is not installed: the browser tests must fail loudly, never skip. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The HTML browser tests need it: ` +
        "install it with `sudo apt-get update && sudo apt-get install -y chromium` (Debian/Ubuntu; CI does this), " +
        "or point CHROMIUM_PATH at a Chromium or Chrome binary.",
    );
  }
  return CHROMIUM_PATH;
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
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh, throw-away profile (no state leaks between runs). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = requireChromium();
  const profile = await mkdtemp(join(tmpdir(), "cloud-srm-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 } });
  return {
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
