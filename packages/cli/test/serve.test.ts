import { statSync } from "node:fs";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { once } from "node:events";
import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { Hdf5Storage, openRecording, Recorder } from "@deepreplay/recorder";
import { describeTfjsModel, tfjsWeights } from "@deepreplay/recorder/tfjs";
import { parabola } from "@deepreplay/datasets";
import { part1Model } from "@deepreplay/datasets/part1";
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

/**
 * Runs `write` (which returns the file's final size) with a stream of the server's change events
 * open, and returns once the server has announced that size and then nothing more for half a second.
 */
async function announced(url: string, write: () => number): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(new URL("api/events", url), { signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const size = write();
  let text = "";
  for (;;) {
    const heard = text.includes(`"size":${size},`);
    const next = reader.read();
    const chunk = heard
      ? await Promise.race([next, new Promise<undefined>((done) => setTimeout(done, 500))])
      : await next;
    if (!chunk || chunk.done) break;
    text += chunk.value;
  }
  controller.abort();
}

/**
 * A run that has begun (its file holds the initial weights, epoch 0) and whose epochs the test
 * writes: the demo's model and data, recorded by a Recorder here. (The demo itself trains its 150
 * epochs in about a second: too fast to watch a page follow it.)
 */
async function liveRecording(epochs: number) {
  const file = join(await scratch(), "live.h5");
  const { inputs, targets } = parabola();
  const model = part1Model("sigmoid");
  const initialWeights = tfjsWeights(model);
  const recorder = new Recorder(new Hdf5Storage(file), "part1");
  await recorder.begin({
    inputs,
    targets,
    model: describeTfjsModel(model),
    training: { epochs, batchSize: 16 },
    initialWeights,
  });
  model.dispose();
  const record = (epoch: number) =>
    recorder.recordEpoch({
      weights: initialWeights.map((layer) => layer.map((w) => w.data.map((v) => v * (1 + epoch / 10)))),
      loss: 0.7 / epoch,
      metrics: { acc: 0.5 + epoch / (4 * epochs) },
      lr: 0.05,
    });
  return { file, recorder, record };
}

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
    "follows a recording as it is written: the served page's data-last-epoch grows with no reload, then Ctrl-C stops the server",
    async () => {
      const EPOCHS = 8;
      const { file, recorder, record } = await liveRecording(EPOCHS);
      // Half the epochs before the page opens, the rest while it is open.
      for (let epoch = 1; epoch <= EPOCHS / 2; epoch++) record(epoch);
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
        const shows = (epoch: number) =>
          until(
            async () => {
              const last = await page.locator("html").getAttribute("data-last-epoch");
              if (last !== null) seen.add(last);
              return last === String(epoch);
            },
            90_000,
            `data-last-epoch ${epoch}`,
          );
        await shows(EPOCHS / 2);
        for (let epoch = EPOCHS / 2 + 1; epoch <= EPOCHS; epoch++) record(epoch);
        await shows(EPOCHS);
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
        recorder.end();
      }

      serve.kill("SIGINT");
      const [code] = await once(serve, "exit");
      expect(code).toBe(0);
      // The writer was never disturbed: every epoch is on disk and readable.
      const recording = await openRecording(file, "part1");
      expect(recording.info.completedEpochs).toBe(EPOCHS);
      recording.close?.();
    },
    180_000,
  );

  it.runIf(requireChromium())(
    "shows the epochs a run wrote while the page opened on its epoch 0 was still starting up",
    async () => {
      const EPOCHS = 3;
      const { file, recorder, record } = await liveRecording(EPOCHS);
      // With the Keras model file the recorder writes beside it, as `deepreplay serve *.h5` would.
      const serve = spawnDeepreplay(["serve", file, join(dirname(file), "part1_model.h5"), "--port", "0"]);
      running.push(serve);
      const url = await firstLine(serve);

      const browser = await launch();
      try {
        const { page, errors, requests } = await newPage(browser, "about:blank");
        // The page subscribes to the change events once it has opened the file (the worker's start takes
        // seconds): held back here until the whole run is written and announced, as a fast run outpaces it.
        let subscribing!: () => void;
        const subscribes = new Promise<void>((resolve) => (subscribing = resolve));
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        await page.route("**/api/events", async (route) => {
          subscribing();
          await released;
          await route.continue();
        });
        await page.goto(url);
        await subscribes;
        expect(await page.locator("html").getAttribute("data-last-epoch")).toBe("0");
        await announced(url, () => {
          for (let epoch = 1; epoch <= EPOCHS; epoch++) record(epoch);
          recorder.end();
          return statSync(file).size;
        });
        release();
        await until(
          async () => (await page.locator("html").getAttribute("data-last-epoch")) === String(EPOCHS),
          30_000,
          `data-last-epoch ${EPOCHS}`,
        );
        await page.locator(`figure.panel[data-epoch="${EPOCHS}"]`).first().waitFor({ timeout: 30_000 });
        expect(await page.locator("#problems").textContent()).toBe("");
        expect(errors).toEqual([]);
        // The recording fetched again for the version it missed; the model file, unchanged, not again.
        const fetches = (id: string) => requests.filter((request) => request === `${url}api/recordings/${id}`).length;
        expect([fetches("0"), fetches("1")]).toEqual([2, 1]);
      } finally {
        await browser.close();
        recorder.end();
      }
      serve.kill("SIGINT");
      await once(serve, "exit");
    },
    120_000,
  );
});
