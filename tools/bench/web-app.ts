/**
 * Benchmark: the web replay app in Chromium on a 150-epoch Part 1 recording (the parabola model,
 * trained here), as a person uses it. Prints:
 *  - first panel: from choosing the file in the picker to the first panel on screen (static app),
 *    and from opening the served page to its first panel (`deepreplay serve`);
 *  - the four Part 1 panels of one epoch computed in the browser: the app's own worker, asked for
 *    them as the page asks (round trip, structured clone included), the first epoch apart (it also
 *    computes the run's fixed axes, loss extent and loss curve once);
 *  - scrubbing through computed epochs: epochs drawn per second while the slider runs 0..150;
 *  - live: from the recorder's flush of an epoch to a served page showing it (data-last-epoch).
 * Needs the built app (`npm run build`).
 *
 *   node --conditions=@deepreplay/source --import tsx tools/bench/web-app.ts [--epochs 150]
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { startServer } from "@deepreplay/web";
import { launch, newPage } from "../testing/chromium.js";
import { writeParabolaFile } from "../testing/parabola-file.js";
import { builtApp, hostStatic } from "../testing/web-app.js";
import { measureSteal } from "./support/host.js";
import { trainParabolaInChild } from "./support/parabola-recording.js";
import { part1File } from "./support/part1-file.js";

const { values: args } = parseArgs({ options: { epochs: { type: "string", default: "150" } } });
const EPOCHS = Number(args.epochs);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const recording = await part1File(EPOCHS);
const host = await hostStatic(builtApp());
const browser = await launch();
const steal = measureSteal();
const firstPanel = "figure.panel[data-epoch] .plots svg";

// First panel, static app: the file picker.
const { page } = await newPage(browser, host.url);
// A person takes a moment to pick a file: by then the page has started its worker.
await page.locator("html[data-ready]").waitFor();
const chosen = performance.now();
await page.locator("#file-input").setInputFiles([recording]);
await page.locator(firstPanel).first().waitFor();
const pickerMs = performance.now() - chosen;

// First panel, served.
const server = await startServer({ files: [recording], port: 0 });
const servedPage = (await newPage(browser, "about:blank")).page;
const opened = performance.now();
await servedPage.goto(server.url);
await servedPage.locator(firstPanel).first().waitFor();
const servedMs = performance.now() - opened;
await servedPage.context().close();

// Four panels of one epoch, in the app's worker.
const compute = await page.evaluate(
  async ({ bytes, epochs }) => {
    const script = performance
      .getEntriesByType("resource")
      .find((entry) => /\/assets\/worker-[^/]+\.js$/.test(entry.name))!.name;
    const worker = new Worker(script, { type: "module" });
    let next = 0;
    const call = (request: object) =>
      new Promise<unknown>((resolve, reject) => {
        const id = next++;
        const listen = ({ data }: MessageEvent) => {
          if (data.id !== id) return;
          worker.removeEventListener("message", listen);
          if (data.error) reject(new Error(data.error.message));
          else resolve(data.result);
        };
        worker.addEventListener("message", listen);
        worker.postMessage({ id, request });
      });
    await call({ type: "init", wasmPath: new URL("wasm/", document.baseURI).href });
    const { runs } = (await call({
      type: "open",
      files: [{ name: "bench.h5", bytes: new Uint8Array(bytes).buffer }],
    })) as { runs: { id: string }[] };
    const panels = ["feature-space", "probability-histogram", "loss-and-metric", "loss-histogram"].map((kind) => ({
      kind,
    }));
    const times: number[] = [];
    const perKind: number[][] = panels.map(() => []);
    for (const epoch of [0, 10, 30, 50, 70, 90, 110, 130, epochs - 1, epochs]) {
      const start = performance.now();
      await Promise.all(
        panels.map(async (panel, k) => {
          await call({ type: "frame", run: runs[0].id, panel, epoch });
          perKind[k].push(performance.now() - start);
        }),
      );
      times.push(performance.now() - start);
    }
    worker.terminate();
    return {
      times,
      firstPerKind: perKind.map((t) => t[0]),
      laterPerKind: perKind.map((t) => t.slice(1).sort((a, b) => a - b)[4]),
    };
  },
  { bytes: [...(await readFile(recording))], epochs: EPOCHS },
);

// Scrubbing: compute every epoch once (stepping), then run the slider through them.
async function drawnAt(page: Page, epoch: number) {
  await page.locator("#epoch").fill(String(epoch));
  await page.waitForFunction((e) => document.documentElement.dataset.drawnEpoch === String(e), epoch, {
    polling: "raf",
    timeout: 30_000,
  });
}
for (let epoch = 0; epoch <= EPOCHS; epoch++) await drawnAt(page, epoch);
const scrub = await page.evaluate(async (epochs) => {
  const slider = document.getElementById("epoch") as HTMLInputElement;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  let missed = 0;
  await frame();
  const start = performance.now();
  for (let epoch = 0; epoch <= epochs; epoch++) {
    slider.value = String(epoch);
    slider.dispatchEvent(new Event("input", { bubbles: true }));
    await frame();
    if (document.documentElement.dataset.drawnEpoch !== String(epoch)) missed++;
  }
  return { fps: ((epochs + 1) / (performance.now() - start)) * 1000, missed };
}, EPOCHS);

// Live: the recorder writes one epoch a second into a served file; the page follows.
const livePath = join(recording, "..", "live.h5");
const training = await trainParabolaInChild(8);
const lags: number[] = [];
let live: Awaited<ReturnType<typeof startServer>> | undefined;
let livePage: Page | undefined;
await writeParabolaFile(livePath, "live", training, {
  async afterEpoch(epoch) {
    const flushed = performance.now();
    if (epoch === 1) {
      live = await startServer({ files: [livePath], port: 0 });
      livePage = (await newPage(browser, live.url)).page;
    }
    await livePage!.waitForFunction((e) => Number(document.documentElement.dataset.lastEpoch) >= e, epoch, {
      polling: "raf",
      timeout: 10_000,
    });
    if (epoch > 1) lags.push(performance.now() - flushed);
    await new Promise((done) => setTimeout(done, 1000));
  },
});
const stolen = steal();

console.log(`web app in Chromium, a ${EPOCHS}-epoch Part 1 recording`);
console.log(
  `  first panel on screen   ${pickerMs.toFixed(0)} ms after choosing the file (static app), ${servedMs.toFixed(0)} ms after opening the served page`,
);
const computeMs = compute.times;
const cumulative = (values: number[]) => values.map((v) => v.toFixed(0)).join(" / ");
console.log(
  `  4 panels of one epoch   first ${computeMs[0].toFixed(1)} ms (with the run's one-off axes, loss extent, loss curve), then median ${median(computeMs.slice(1)).toFixed(1)} ms, max ${Math.max(...computeMs.slice(1)).toFixed(1)} ms`,
);
console.log(
  `                          done after (ms, feature space / probabilities / loss and metric / losses): first ${cumulative(compute.firstPerKind)}, later ${cumulative(compute.laterPerKind)}`,
);
console.log(
  `  scrubbing               ${scrub.fps.toFixed(1)} epochs/s through ${EPOCHS + 1} computed epochs (${scrub.missed} not drawn by the next frame)`,
);
console.log(
  `  live                    median ${median(lags).toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms from an epoch's flush to the served page showing it`,
);
if (stolen !== undefined) console.log(`  host steal              ${stolen.toFixed(1)} %`);

await browser.close();
await host.close();
await server.close();
await live?.close();
