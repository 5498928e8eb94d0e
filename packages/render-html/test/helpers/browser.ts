/**
 * Debian's Chromium, driven by playwright-core, with a fresh empty profile and nothing that
 * talks to the network on its own: the page's own requests are then all there is to see.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { ARGS, CHROMIUM, watchPage } from "../../../../tools/testing/chromium.js";

export { CHROMIUM, requireChromium } from "../../../../tools/testing/chromium.js";

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
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const { errors, requests } = watchPage(page);
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
