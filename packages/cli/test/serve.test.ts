import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
      const file = join(await scratch(), "live.h5");
      // The demo's model and data, written epoch by epoch by a Recorder here. (The demo itself now
      // trains its 150 epochs in about a second: too fast to watch a page follow it.)
      const { inputs, targets } = parabola();
      const model = part1Model("sigmoid");
      const initialWeights = tfjsWeights(model);
      const recorder = new Recorder(new Hdf5Storage(file), "part1");
      await recorder.begin({
        inputs,
        targets,
        model: describeTfjsModel(model),
        training: { epochs: EPOCHS, batchSize: 16 },
        initialWeights,
      });
      model.dispose();
      const record = (epoch: number) =>
        recorder.recordEpoch({
          weights: initialWeights.map((layer) => layer.map((w) => w.data.map((v) => v * (1 + epoch / 10)))),
          loss: 0.7 / epoch,
          metrics: { acc: 0.5 + epoch / (4 * EPOCHS) },
          lr: 0.05,
        });
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
});
