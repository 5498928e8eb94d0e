/**
 * Debian's Chromium, driven by playwright-core, with a fresh empty profile and nothing that
 * talks to the network on its own: the page's own requests are then all there is to see.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Like the Python fixtures: skipped with a warning on a machine without Chromium, required on CI. */
export function requireChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} not found: the browser tests of the replay page are skipped.`;
  if (process.env.CI === "true") throw new Error(`${message} CI installs Debian's chromium (.ci/run).`);
  console.warn(message);
  return false;
}

export interface OpenedPage {
  readonly page: Page;
  readonly url: string;
  /** Console errors and uncaught exceptions, in order. */
  readonly errors: string[];
  /** Every request the page made, file:// and data: included. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function openFile(file: string, viewport = { width: 1400, height: 1000 }): Promise<OpenedPage> {
  const profile = await mkdtemp(join(tmpdir(), "deepreplay-chromium-"));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("request", (request) => requests.push(request.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url);
    const opened = context;
    return {
      page,
      url,
      errors,
      requests,
      close: async () => {
        await opened.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/** The epoch the page has drawn, once it has drawn `epoch`. */
export async function waitForEpoch(page: Page, epoch: number): Promise<void> {
  await page.waitForSelector(`#figure[data-epoch="${epoch}"]`, { timeout: 30_000 });
}

export async function shownEpoch(page: Page): Promise<number> {
  return Number(await page.getAttribute("#figure", "data-epoch"));
}
