/**
 * Debian's Chromium through playwright-core: one browser per test file, a fresh context per
 * page, nothing that talks to the network on its own.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Skipped with a warning on a machine without Chromium, required on CI. */
export function requireChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} not found: the browser tests are skipped.`;
  if (process.env.CI === "true") throw new Error(`${message} CI installs Debian's chromium (.ci/run).`);
  console.warn(message);
  return false;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions (the page's and its worker's), in order. */
  readonly errors: string[];
  /** Every URL the page asked for. */
  readonly requests: string[];
}

/** Collects a page's console errors and uncaught exceptions (its workers' too) and every URL it asks for. */
export function watchPage(page: Page): { errors: string[]; requests: string[] } {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => requests.push(request.url()));
  page.on("worker", (worker) =>
    worker.on("console", (message) => message.type() === "error" && errors.push(message.text())),
  );
  return { errors, requests };
}

export async function newPage(
  browser: Browser,
  url: string,
  viewport = { width: 1500, height: 1000 },
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  // tsx (esbuild's keepNames) wraps functions in __name(): functions handed to page.evaluate need it defined.
  await context.addInitScript({ content: "globalThis.__name = (target) => target;" });
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto(url);
  return { page, ...watched };
}
