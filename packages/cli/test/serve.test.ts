import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { openRecording } from "@deepreplay/recorder";
import { appDirectory } from "@deepreplay/web";
import { launch, newPage, requireChromium } from "../../../tools/testing/chromium.js";
import { deepreplay, spawnDeepreplay } from "./run-cli.js";

const scratch = () => mkdtemp(join(tmpdir(), "deepreplay-serve-"));
const running: ChildProcess[] = [];

/** The first line the command prints on stdout: serve's URL. */
async function firstLine(child: ChildProcess): Promise<string> {
  let text = "";
  for await (const chunk of child.stdout!) {
    text += chunk;
    if (text.includes("\n")) return text.split("\n")[0];
  }
  throw new Error(`the command ended before printing a line`);
}

async function until(test: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("deepreplay view", () => {
  it("writes the web app as static files: the built app, file for file", async () => {
    const out = join(await scratch(), "app");
    const result = await deepreplay(["view", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(out);
    const list = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true })).sort();
    const built = await list(appDirectory());
    expect(await list(out)).toEqual(built);
    expect(built).toEqual(expect.arrayContaining(["index.html", "wasm/tfjs-backend-wasm-simd.wasm"]));
    expect(await readFile(join(out, "index.html"), "utf8")).toBe(
      await readFile(join(appDirectory(), "index.html"), "utf8"),
    );
  });

  it("refuses an --out that is a file", async () => {
    const file = join(await scratch(), "taken");
    await (await import("node:fs/promises")).writeFile(file, "x");
    const result = await deepreplay(["view", "--out", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: ${file} exists and is not a folder. Pass --out a folder (it is created when missing).\n`,
    );
  });
});

describe("deepreplay serve", () => {
  it("refuses a bad port and a missing file in one line", async () => {
    const port = await deepreplay(["serve", "x.h5", "--port", "70000"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("Expected a port, 0..65535");
    const missing = await deepreplay(["serve", "/nonexistent/run.h5", "--port", "0"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toContain("No file at /nonexistent/run.h5.");
  });

  it.runIf(requireChromium())(
    "follows a real `deepreplay demo` as it trains: the served page's data-last-epoch grows with no reload, then Ctrl-C stops the server",
    async () => {
      const EPOCHS = 8;
      const out = await scratch();
      const file = join(out, "hyperparms_in_action.h5");
      const demo = spawnDeepreplay(["demo", "--epochs", String(EPOCHS), "--out", out, "--quiet"]);
      running.push(demo);
      // serve takes files that exist: the demo creates its recording when training begins.
      await until(async () => existsSync(file) && (await stat(file)).size > 0, 60_000, "the demo's recording");
      const serve = spawnDeepreplay(["serve", file, "--port", "0"]);
      running.push(serve);
      const url = await firstLine(serve);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

      const browser = await launch();
      try {
        const { page, errors } = await newPage(browser, url);
        let navigations = 0;
        page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations++);
        await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
        const seen = new Set<string>();
        await until(
          async () => {
            const last = await page.locator("html").getAttribute("data-last-epoch");
            if (last !== null) seen.add(last);
            return last === String(EPOCHS);
          },
          90_000,
          `data-last-epoch ${EPOCHS}`,
        );
        // Shown as it grew: more than the last value, in order, in the same page.
        const values = [...seen].map(Number);
        expect(values.length).toBeGreaterThanOrEqual(2);
        expect(values).toEqual([...values].sort((a, b) => a - b));
        expect(navigations).toBe(0);
        expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
        await page.locator(`figure.panel[data-epoch="${EPOCHS}"]`).first().waitFor({ timeout: 30_000 });
        expect(await page.locator("#problems").textContent()).toBe("");
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }

      serve.kill("SIGINT");
      const [code] = await once(serve, "exit");
      expect(code).toBe(0);
      demo.kill("SIGTERM");
      await once(demo, "exit");
      // The writer was never disturbed: every epoch is on disk and readable.
      const recording = await openRecording(file, "part1");
      expect(recording.info.completedEpochs).toBe(EPOCHS);
      recording.close?.();
    },
    180_000,
  );
});
