/**
 * The Part 1 demo's replay (150 epochs of feature space, probability histograms, loss and
 * metric, loss histogram, at the demo's sizes) opened from disk in Debian's Chromium.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "fast-png";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Figure } from "@deepreplay/frames";
import { renderFigureSvg } from "@deepreplay/render-svg";
import { NON_FINITE_MESSAGE } from "@deepreplay/render-svg/plots";
import { writeReplayHtml, type ReplayHtmlSummary } from "../src/index.js";
import { openFile, requireChromium, shownEpoch, waitForEpoch, type OpenedPage } from "./helpers/browser.js";
import { part1 } from "./helpers/part1.js";
import { summarise } from "./helpers/svg.js";

const EPOCHS = 150;
const MAX_BYTES = 15 * 1024 * 1024;
const TITLE = "Part 1";
const demo = part1({ epochs: EPOCHS });

/**
 * Before the suite: writes a replay page with `write` into a fresh temporary folder and opens it
 * in Chromium, drawn at its first epoch. After: closes the browser and removes the folder.
 */
function pageInChromium(
  name: string,
  write: (out: string) => Promise<ReplayHtmlSummary>,
): { written: ReplayHtmlSummary; opened: OpenedPage } {
  const state = {} as { written: ReplayHtmlSummary; opened: OpenedPage };
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "deepreplay-html-"));
    state.written = await write(join(dir, `${name}.html`));
    state.opened = await openFile(state.written.path);
    await waitForEpoch(state.opened.page, state.written.epochs[0]);
  }, 120_000);
  afterAll(async () => {
    await state.opened?.close();
    await rm(dir, { recursive: true, force: true });
  });
  return state;
}

const headingOf = (page: OpenedPage["page"]) => page.textContent('#figure > svg > text[aria-label="figure heading"]');
/** The panels of the figure on screen: one nested <svg> each. */
const panelsOf = (page: OpenedPage["page"]) =>
  page.$$eval("#figure > svg > svg", (panels) => panels.map((panel) => panel.outerHTML));

describe.runIf(requireChromium())("the replay page in Chromium", () => {
  const state = pageInChromium("part1", async (out) => {
    const started = performance.now();
    const written = await writeReplayHtml(demo.panels(), { out, title: TITLE });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Part 1 replay, ${EPOCHS} epochs, 4 panels: ${(written.bytes / 1024 / 1024).toFixed(2)} MiB (${written.bytes} bytes), written in ${seconds.toFixed(1)} s`,
    );
    return written;
  });

  it("fits the demo's 150 epochs of four panels in under 15 MB", () => {
    const { written } = state;
    expect(written.epochs).toHaveLength(EPOCHS + 1);
    expect(written.kinds).toEqual(["feature-space", "probability-histogram", "loss-and-metric", "loss-histogram"]);
    expect(written.bytes).toBeLessThan(MAX_BYTES);
  });

  it("opens offline: no console errors, no request but the file itself", async () => {
    const { page } = state.opened;
    await waitForEpoch(page, 0);
    expect(await headingOf(page)).toBe(`${TITLE} - Epoch 0`);
    // One panel per cell: feature space, negative and positive cases, loss and metric, losses.
    expect(await panelsOf(page)).toHaveLength(5);
    expect(state.opened.errors).toEqual([]);
    expect(state.opened.requests.filter((url) => url !== state.opened.url && !url.startsWith("data:"))).toEqual([]);
  });

  it("shows epoch 60 when the slider is moved there, every panel redrawn, as the SVG renderer draws it", async () => {
    const { page } = state.opened;
    await waitForEpoch(page, 0);
    const before = await panelsOf(page);
    await page.locator("#epoch").fill("60");
    await waitForEpoch(page, 60);
    expect(await headingOf(page)).toBe(`${TITLE} - Epoch 60`);
    expect(await page.textContent("#epoch-label")).toBe("Epoch 60 (0–150)");
    const after = await panelsOf(page);
    expect(after).toHaveLength(5);
    after.forEach((panel, i) => expect(panel, `panel ${i + 1} is redrawn`).not.toBe(before[i]));

    // The same figure drawn in Node by render-svg, from the original (unquantised) frames.
    const figure: Figure = {
      title: TITLE,
      epoch: 60,
      panels: [demo.featureSpace(60), demo.probabilities(60), demo.lossAndMetric(60), demo.losses(60)],
    };
    const expected = summarise(renderFigureSvg(figure));
    const shown = summarise(await page.$eval("#figure > svg", (svg) => svg.outerHTML));
    expect(shown.texts).toEqual(expected.texts);
    expect(shown.counts).toEqual(expected.counts);
    expect(shown.rects).toHaveLength(expected.rects.length);
    // Histogram bars: a probability within 1/65532 of a bin edge may change bins, about 0.35 px of a bar.
    shown.rects.forEach((rect, i) =>
      rect.forEach((value, j) => expect(Math.abs(value - expected.rects[i][j])).toBeLessThan(1)),
    );
  });

  it("steps with the buttons and the arrow keys, jumps with Home and End", async () => {
    const { page } = state.opened;
    await page.locator("#epoch").fill("60");
    await waitForEpoch(page, 60);
    await page.click("#next");
    await waitForEpoch(page, 61);
    await page.click("#previous");
    await page.click("#previous");
    await waitForEpoch(page, 59);
    await page.locator("body").focus();
    await page.keyboard.press("ArrowRight");
    await waitForEpoch(page, 60);
    await page.keyboard.press("ArrowLeft");
    await waitForEpoch(page, 59);
    await page.keyboard.press("End");
    await waitForEpoch(page, 150);
    expect(await page.isDisabled("#next")).toBe(true);
    await page.click("#first");
    await waitForEpoch(page, 0);
    expect(await page.isDisabled("#previous")).toBe(true);
    await page.keyboard.press("End");
    await page.keyboard.press("Home");
    await waitForEpoch(page, 0);
  });

  it("plays: the epoch advances until paused, and space toggles it too", async () => {
    const { page } = state.opened;
    await page.locator("#epoch").fill("60");
    await waitForEpoch(page, 60);
    await page.click("#play");
    expect(await page.getAttribute("#play", "aria-label")).toBe("Pause");
    await page.waitForFunction(() => Number(document.getElementById("figure")!.dataset.epoch) >= 63, undefined, {
      timeout: 30_000,
    });
    await page.click("#play");
    expect(await page.getAttribute("#play", "aria-label")).toBe("Play");
    await page.waitForTimeout(300);
    const paused = await shownEpoch(page);
    await page.waitForTimeout(1000);
    expect(await shownEpoch(page)).toBe(paused);
    expect(await headingOf(page)).toBe(`${TITLE} - Epoch ${paused}`);

    await page.locator("body").focus();
    await page.keyboard.press(" ");
    await page.waitForFunction((from) => Number(document.getElementById("figure")!.dataset.epoch) > from, paused, {
      timeout: 30_000,
    });
    await page.keyboard.press(" ");
    expect(await page.getAttribute("#play", "aria-label")).toBe("Play");
  });

  it("looks like a figure: a screenshot that is far from blank", async () => {
    const { page } = state.opened;
    await page.locator("#epoch").fill("60");
    await waitForEpoch(page, 60);
    const screenshots = join(tmpdir(), "deepreplay-render-html");
    await mkdir(screenshots, { recursive: true });
    const path = join(screenshots, "part1-epoch-60.png");
    const png = decode(await page.screenshot({ path }));
    console.log(`screenshot: ${path}`);
    const channels = png.channels;
    let sum = 0;
    let sumOfSquares = 0;
    let coloured = 0;
    const pixels = png.width * png.height;
    for (let p = 0; p < pixels; p++) {
      const [r, g, b] = [0, 1, 2].map((c) => png.data[p * channels + c]);
      const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      sum += luminance;
      sumOfSquares += luminance * luminance;
      // Points, regions and red bars: pixels far from grey.
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
    const variance = sumOfSquares / pixels - (sum / pixels) ** 2;
    expect(variance).toBeGreaterThan(500);
    expect(coloured / pixels).toBeGreaterThan(0.02);
  });

  it("made no request and logged no error in all of the above", () => {
    expect(state.opened.errors).toEqual([]);
    expect(state.opened.requests.filter((url) => url !== state.opened.url && !url.startsWith("data:"))).toEqual([]);
  });
});

describe.runIf(requireChromium())("the speed control", () => {
  // A light figure, so that drawing keeps up with 4× and time alone sets the pace.
  const state = pageInChromium("speed", (out) => writeReplayHtml(demo.epochs.map(demo.lossAndMetric), { out, fps: 5 }));

  /** Epochs played in `ms` at `speed`, from epoch 0. */
  async function played(speed: string, ms: number): Promise<number> {
    const { page } = state.opened;
    await page.locator("#epoch").fill("0");
    await waitForEpoch(page, 0);
    await page.selectOption("#speed", speed);
    await page.click("#play");
    await page.waitForTimeout(ms);
    await page.click("#play");
    return shownEpoch(page);
  }

  it("offers 0.25× to 4× of the page's fps, and plays faster at a higher speed", async () => {
    expect(await state.opened.page.$$eval("#speed option", (options) => options.map((o) => o.textContent))).toEqual([
      "0.25× (1.25 fps)",
      "0.5× (2.5 fps)",
      "1× (5 fps)",
      "2× (10 fps)",
      "4× (20 fps)",
    ]);
    const slow = await played("0.25", 2000);
    const fast = await played("4", 2000);
    console.log(`epochs played in 2 s: ${slow} at 0.25×, ${fast} at 4×`);
    // 1.25 fps for 2 s: 2 steps, 3 if the clock is generous; 20 fps: up to 40.
    expect(slow).toBeGreaterThanOrEqual(1);
    expect(slow).toBeLessThanOrEqual(3);
    expect(fast).toBeGreaterThanOrEqual(4 * slow);
    expect(state.opened.errors).toEqual([]);
  });
});

describe.runIf(requireChromium())("a diverged run", () => {
  const small = part1({ epochs: 4, samples: 300, pointsPerLine: 100, boundaryPoints: 100 });
  /** From epoch 3 on, every value is NaN or infinite, as after an exploding gradient. */
  const diverge = <T extends { epoch: number }>(frame: T, poison: (frame: T) => T): T =>
    frame.epoch < 3 ? frame : { ...poison(frame), finite: false, note: `loss is NaN since epoch 3` };
  const nan = (values: Float32Array) => values.map(() => NaN);

  const state = pageInChromium("diverged", (out) => {
    const features = small.epochs.map((epoch) =>
      diverge(small.featureSpace(epoch), (frame) => ({
        ...frame,
        inputs: { ...frame.inputs, points: nan(frame.inputs.points) },
        grid: undefined,
        regions: [],
      })),
    );
    const losses = small.epochs.map((epoch) =>
      diverge(small.losses(epoch), (frame) => ({ ...frame, losses: frame.losses.map(() => Infinity) })),
    );
    return writeReplayHtml([features, losses], { out, title: "Diverged" });
  });

  it("draws the diverged epochs with render-svg's note instead of failing", async () => {
    const { page } = state.opened;
    await page.locator("body").focus();
    await page.keyboard.press("End");
    await waitForEpoch(page, 4);
    expect(await headingOf(page)).toBe("Diverged - Epoch 4");
    const notes = () =>
      page.$$eval(
        "#figure text",
        (texts, message) => texts.map((text) => text.textContent ?? "").filter((text) => text.includes(message)),
        NON_FINITE_MESSAGE,
      );
    // One note on each of the two panels, with the frame's own note.
    expect(await notes()).toHaveLength(2);
    for (const note of await notes()) expect(note).toContain("loss is NaN since epoch 3");
    await page.keyboard.press("Home");
    await waitForEpoch(page, 0);
    expect(await notes()).toEqual([]);
    expect(state.opened.errors).toEqual([]);
  });
});
