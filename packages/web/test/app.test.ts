import { readFileSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "fast-png";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@deepreplay/core";
import { openRecording } from "@deepreplay/recorder";
import type { RecordingSource } from "@deepreplay/frames";
import { trainParabola } from "../../../tools/bench/support/parabola-recording.js";
import { launch, newPage, requireChromium } from "../../../tools/testing/chromium.js";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { writeParabolaFile } from "../../../tools/testing/parabola-file.js";
import { builtApp, hostStatic } from "../../../tools/testing/web-app.js";
import { numbersIn, part1Forward, quantile } from "./support/forward.js";

const ready = requireChromium() && requirePythonFixtures();
const RECORDING = fixturePath("hyperparms_in_action.h5");
const MODEL = fixturePath("part1_activation_functions_model.h5");
const RUN = "hyperparms_in_action.h5#part1_activation_functions";
const expected = ready ? JSON.parse(readFileSync(fixturePath("expected.json"), "utf8")) : undefined;

/** Relative agreement at the 4 significant digits the readout prints. */
const close = (actual: number, wanted: number) =>
  expect(Math.abs(actual - wanted)).toBeLessThanOrEqual(1e-3 * Math.max(Math.abs(wanted), 1e-3));

describe.runIf(ready)("the web replay app in Chromium", () => {
  let browser: Browser;
  let host: Awaited<ReturnType<typeof hostStatic>>;
  let page: Page;
  let errors: string[];
  let requests: string[];
  let recording: RecordingSource;
  let ours: string;

  beforeAll(async () => {
    host = await hostStatic(builtApp());
    browser = await launch();
    ({ page, errors, requests } = await newPage(browser, host.url));
    recording = await openRecording(RECORDING, "part1_activation_functions", { modelPath: MODEL });
    await initBackend();
    ours = join(await mkdtemp(join(tmpdir(), "deepreplay-web-")), "ours.h5");
    await writeParabolaFile(ours, "sgd", trainParabola(12));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  const panels = (run = RUN) => page.locator(`section.run[data-run="${run}"] figure.panel`);
  const allAt = async (epoch: number, run = RUN) =>
    expect
      .poll(
        () => panels(run).evaluateAll((figures) => figures.map((figure) => (figure as HTMLElement).dataset.epoch)),
        { timeout: 20_000 },
      )
      .toEqual(Array((await panels(run).count()) || 1).fill(String(epoch)));
  const readout = async () => {
    await page.locator("#readout:not([hidden])").waitFor({ timeout: 5000 });
    return (await page.locator("#readout").textContent())!.split("\n");
  };
  const hover = async (selector: string) => {
    const box = (await page.locator(selector).first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  };

  it("opens a Python recording with its model file from the picker and draws the Part 1 panels, on nothing but its own files", async () => {
    await page.locator("#file-input").setInputFiles([RECORDING, MODEL]);
    await page.locator('html[data-last-epoch="20"]').waitFor({ timeout: 30_000 });
    await allAt(20);
    expect(
      await panels().evaluateAll((figures) => figures.map((figure) => (figure as HTMLElement).dataset.kind)),
    ).toEqual(["feature-space", "probability-histogram", "loss-and-metric", "loss-histogram"]);
    // The feature space draws every input; the binary probability histogram has a plot per class.
    expect(await page.locator('figure[data-kind="feature-space"] g.inputs path').count()).toBe(2);
    expect(await page.locator('figure[data-kind="probability-histogram"] svg').count()).toBe(2);
    expect(await page.locator("html").getAttribute("data-mode")).toBe("static");
    expect(
      requests.every((url) => url.startsWith(host.url) || url.startsWith("blob:") || url.startsWith("data:")),
    ).toBe(true);
  });

  it("plays, pauses, steps, scrubs and answers the keyboard", async () => {
    await page.keyboard.press("Home");
    await allAt(0);
    await page.locator("#fps").selectOption("20");
    await page.locator("#play").click();
    await expect
      .poll(() => page.locator("html").getAttribute("data-epoch"), { timeout: 20_000 })
      .toMatch(/^([3-9]|1\d|20)$/);
    await page.locator("#play").click();
    expect(await page.locator("html").getAttribute("data-playing")).toBe("false");
    await page.locator("#epoch").fill("15");
    await allAt(15);
    await page.locator("#next").click();
    await allAt(16);
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await allAt(14);
    await page.keyboard.press("End");
    await allAt(20);
    await page.keyboard.press("Home");
    await allAt(0);
    await page.locator("#epoch").fill("10");
    await allAt(10);
    expect(await page.locator("#epoch-label").textContent()).toBe("Epoch 10 / 20");
  });

  it("reads a point's input, target, probability and loss, a bar's counts, the loss curve and a violin's quartiles", async () => {
    const weights = recording.weights(10);
    const inputs = recording.inputs();
    const targets = recording.targets();

    // The inputs are drawn as one path of circles per class: hover the 300th of the first class.
    const space = (await page.locator('figure[data-kind="feature-space"] svg').boundingBox())!;
    const circles = [
      ...(await page.locator('figure[data-kind="feature-space"] g.inputs path').first().getAttribute("d"))!.matchAll(
        /M([\d.]+),([\d.]+)a([\d.]+)/g,
      ),
    ];
    const [left, middle, radius] = circles[300].slice(1).map(Number);
    await page.mouse.move(space.x + left + radius + 0.5, space.y + middle + 0.5);
    await expect.poll(async () => (await readout()).some((line) => line.startsWith("loss:"))).toBe(true);
    const lines = await readout();
    const [x, y] = numbersIn(lines.find((line) => line.startsWith("input:"))!);
    // The row of the recording the readout names (inputs are printed to 4 digits).
    let row = 0;
    for (let i = 1; i < targets.data.length; i++) {
      const d = (k: number) => (inputs.data[2 * k] - x) ** 2 + (inputs.data[2 * k + 1] - y) ** 2;
      if (d(i) < d(row)) row = i;
    }
    const wanted = part1Forward(weights, [inputs.data[2 * row], inputs.data[2 * row + 1]], targets.data[row]);
    expect(lines).toContain(`target: ${targets.data[row]}`);
    close(numbersIn(lines.find((line) => line.startsWith("probability:"))!)[0], wanted.probability);
    close(numbersIn(lines.find((line) => line.startsWith("loss:"))!)[0], wanted.loss);

    // The negatives' plot: the bar of probabilities 0–0.1, counted here from a forward pass of every input.
    const negatives = page.locator('figure[data-kind="probability-histogram"] svg').first();
    const frame = (await negatives.locator('[aria-label="frame"]').boundingBox())!;
    await page.mouse.move(frame.x + frame.width * 0.05, frame.y + frame.height - 3);
    await expect.poll(async () => (await readout())[0]).toBe("class 0, probability 0–0.1");
    let [right, wrong] = [0, 0];
    for (let i = 0; i < targets.data.length; i++) {
      const { probability } = part1Forward(weights, [inputs.data[2 * i], inputs.data[2 * i + 1]], targets.data[i]);
      if (targets.data[i] === 0 && probability < 0.1)
        [right, wrong] = probability < 0.5 ? [right + 1, wrong] : [right, wrong + 1];
    }
    expect((await readout())[1]).toBe(`${right} correct, ${wrong} misclassified`);

    await hover('figure[data-kind="loss-and-metric"] [aria-label="dot"] circle');
    await expect.poll(async () => (await readout())[0]).toBe("epoch 10");
    const curve = await readout();
    close(numbersIn(curve[1])[0], expected.loss_and_acc.loss[10]);
    close(numbersIn(curve[2])[0], expected.loss_and_acc.acc[10]);

    await page.locator('#panels input[value="weights"]').check();
    await page.locator('figure[data-kind="weights"][data-epoch="10"]').waitFor({ timeout: 20_000 });
    await hover('figure[data-kind="weights"] [aria-label="area"] path');
    await expect.poll(async () => (await readout())[0]).toBe("hidden (weights)");
    const kernel = Array.from(weights[0][0].data).sort((a, b) => a - b);
    const quartiles = numbersIn((await readout())[2]);
    [0.25, 0.5, 0.75].forEach((p, k) => close(quartiles[k], quantile(kernel, p)));
    await page.locator('#panels input[value="weights"]').uncheck();
  });

  it("draws every kind of panel", async () => {
    const kinds = [
      "feature-space",
      "decision-boundary",
      "probability-histogram",
      "loss-histogram",
      "loss-and-metric",
      "weights",
      "gradients",
      "activations",
      "z-values",
    ];
    for (const kind of kinds) await page.locator(`#panels input[value="${kind}"]`).check();
    await expect
      .poll(() => page.locator('figure.panel[data-epoch="10"] svg').count(), { timeout: 30_000 })
      .toBe(kinds.length + 1);
    expect(
      await panels().evaluateAll((figures) => figures.map((figure) => (figure as HTMLElement).dataset.kind)),
    ).toEqual(kinds);
    expect(await page.locator("figure.panel[data-error]").count()).toBe(0);
    for (const kind of kinds.slice(5)) await page.locator(`#panels input[value="${kind}"]`).uncheck();
    await page.locator('#panels input[value="decision-boundary"]').uncheck();
  });

  it("opens files dropped on the page, a Python recording first and its model file after it", async () => {
    const other = await newPage(browser, host.url);
    const drop = async (path: string) => {
      const bytes = [...(await readFile(path))];
      const name = path.split("/").pop()!;
      await other.page.evaluate(
        ({ bytes, name }) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([new Uint8Array(bytes)], name));
          document
            .getElementById("view")!
            .dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        },
        { bytes, name },
      );
    };
    await drop(RECORDING);
    await expect
      .poll(() => other.page.locator("#problems").textContent(), { timeout: 20_000 })
      .toContain("part1_activation_functions");
    expect(await other.page.locator("html").getAttribute("data-last-epoch")).toBeNull();
    await drop(MODEL);
    await other.page.locator('html[data-last-epoch="20"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => other.page.locator('figure.panel[data-epoch="20"]').count(), { timeout: 20_000 }).toBe(4);
    expect(await other.page.locator("#problems").textContent()).toBe("");
    expect(other.errors).toEqual([]);
    await other.page.context().close();
  });

  it("compares two runs side by side on one shared epoch", async () => {
    await page.locator("#file-input").setInputFiles([ours]);
    const theirs = "ours.h5#sgd";
    await page.locator(`#runs input[value="${theirs}"]`).check();
    await page.locator(`section.run[data-run="${theirs}"]`).waitFor();
    expect(await page.locator("section.run").count()).toBe(2);
    await page.locator("#epoch").fill("8");
    await allAt(8);
    await allAt(8, theirs);
    // The shared epoch runs to the longer run's last; the shorter one stays on its own last.
    await page.keyboard.press("End");
    await allAt(20);
    await allAt(12, theirs);
    await page.locator("#epoch").fill("10");
    await allAt(10);
    await allAt(10, theirs);
  });

  it("exports the view as SVG (the renderer's marks for every panel) and as PNG (the regions' colours)", async () => {
    const [svgDownload] = await Promise.all([page.waitForEvent("download"), page.locator("#export-svg").click()]);
    expect(svgDownload.suggestedFilename()).toBe("deepreplay-epoch-10.svg");
    const svg = await readFile((await svgDownload.path())!, "utf8");
    // Two runs, five plots each (the probability histogram has two), each in its matplotlib frame.
    expect(svg.match(/aria-label="frame"/g)).toHaveLength(10);
    expect(svg).toContain("hyperparms_in_action.h5 · part1_activation_functions - Epoch 10");
    expect(svg).toContain("ours.h5 · sgd - Epoch 10");
    for (const mark of ["correct", "misclassified", "loss", "metric", "losses"])
      expect(svg).toContain(`class="${mark}"`);
    expect(svg.match(/class="inputs"/g)).toHaveLength(4);

    const [pngDownload] = await Promise.all([page.waitForEvent("download"), page.locator("#export-png").click()]);
    const png = decode(await readFile((await pngDownload.path())!));
    const [width, height] = [/width="(\d+)"/, /height="(\d+)"/].map((pattern) =>
      Number(pattern.exec(svg.slice(0, 400))![1]),
    );
    expect([png.width, png.height]).toEqual([width, height]);
    const colours = new Map<string, number>();
    const channels = png.channels;
    for (let i = 0; i < png.width * png.height; i++) {
      const [r, g, b] = [png.data[i * channels], png.data[i * channels + 1], png.data[i * channels + 2]];
      const key = `${r >> 3},${g >> 3},${b >> 3}`;
      colours.set(key, (colours.get(key) ?? 0) + 1);
    }
    const share = (r: number, g: number, b: number) =>
      (colours.get(`${r >> 3},${g >> 3},${b >> 3}`) ?? 0) / (png.width * png.height);
    // Blue and green regions at 30 % over white, as the original's contourf draws them.
    expect(share(179, 179, 255)).toBeGreaterThan(0.002);
    expect(share(179, 217, 179)).toBeGreaterThan(0.002);
    expect(share(255, 255, 255)).toBeLessThan(0.95);
    expect(errors).toEqual([]);
  });
});
