// The layout the SVG states, found again in the pixels: the feature space's plot frame (its black box) where
// the SVG's coordinates put it, in a PNG and in a GIF frame of the Part 1 figure.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Figure, ProbabilityHistogramFrame } from "@deepreplay/frames";
import { renderFigureSvg } from "@deepreplay/render-svg";
import { animate, renderPng } from "../src/index.js";
import { lossAndMetric, lossHistogram } from "./support/frames.js";
import { decodeGif, decodePng, pixelAt, type DecodedImage } from "../../../tools/testing/images.js";
import { splitSpace } from "./support/space.js";

const [WIDTH, HEIGHT] = [1200, 700];

function probabilities(epoch: number): ProbabilityHistogramFrame {
  return {
    kind: "probability-histogram",
    epoch,
    finite: true,
    classes: ["negative", "positive"],
    probabilities: Float32Array.of(0.2, 0.3, 0.7, 0.9),
    targets: Int32Array.of(0, 0, 1, 1),
    correct: Uint8Array.of(1, 1, 1, 1),
  };
}

const part1 = (epoch: number): Figure => ({
  title: "Part 1",
  epoch,
  panels: [splitSpace(epoch, 0.4), probabilities(epoch), lossAndMetric(epoch), lossHistogram(epoch, 4)],
});

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The plot frame of the figure's first panel, in the figure's coordinates, read off the SVG. */
function spaceFrameInSvg(svg: string): Box {
  const { document } = new JSDOM(svg, { contentType: "image/svg+xml" }).window;
  const panel = Array.from(document.documentElement.children).find((child) => child.tagName === "svg")!;
  const rect = panel.querySelector('[aria-label="frame"] rect, rect[aria-label="frame"]')!;
  const at = (element: Element, name: string) => Number(element.getAttribute(name));
  return {
    x: at(panel, "x") + at(rect, "x"),
    y: at(panel, "y") + at(rect, "y"),
    width: at(rect, "width"),
    height: at(rect, "height"),
  };
}

// The frame's 1 px black stroke, at worst split over two pixels at half strength (mid grey); the regions are lighter.
const dark = (image: DecodedImage, x: number, y: number) =>
  pixelAt(image, x, y)
    .slice(0, 3)
    .every((c) => c < 160);

/**
 * The black box around `around`'s middle: from 0.45 of the way across and down (between the ticks), the
 * first dark pixel outwards in each direction.
 */
function boxInPixels(image: DecodedImage, around: Box): Box {
  const [cx, cy] = [Math.round(around.x + 0.45 * around.width), Math.round(around.y + 0.45 * around.height)];
  const walk = (from: number, step: number, isDark: (at: number) => boolean) => {
    let at = from;
    while (!isDark(at)) at += step;
    return at;
  };
  const left = walk(cx, -1, (x) => dark(image, x, cy));
  const right = walk(cx, 1, (x) => dark(image, x, cy));
  const top = walk(cy, -1, (y) => dark(image, cx, y));
  const bottom = walk(cy, 1, (y) => dark(image, cx, y));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function expectSameBox(image: DecodedImage, svgBox: Box): void {
  const found = boxInPixels(image, svgBox);
  // A 1 px stroke centred on the SVG's edge covers the pixel on either side of it.
  expect(Math.abs(found.x - svgBox.x)).toBeLessThanOrEqual(1);
  expect(Math.abs(found.y - svgBox.y)).toBeLessThanOrEqual(1);
  expect(Math.abs(found.width - svgBox.width)).toBeLessThanOrEqual(2);
  expect(Math.abs(found.height - svgBox.height)).toBeLessThanOrEqual(2);
  expect(Math.abs(found.width / found.height - 1)).toBeLessThan(0.05);
  expect(found.height / image.height).toBeGreaterThanOrEqual(0.7);
}

describe("the Part 1 figure's layout in pixels", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "render-png-layout-"));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test("a PNG puts the feature space's square frame where the SVG says, over 0.7 of the height", () => {
    const svgBox = spaceFrameInSvg(renderFigureSvg(part1(3), { width: WIDTH, height: HEIGHT }));
    const png = decodePng(renderPng(part1(3), { width: WIDTH, height: HEIGHT }));
    expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
    expectSameBox(png, svgBox);
  });

  test("so does every frame of a GIF of it", async () => {
    const out = join(folder, "part1.gif");
    await animate([part1(3), part1(4)], { out, width: WIDTH, height: HEIGHT, threads: 1 });
    const gif = decodeGif(new Uint8Array(await readFile(out)));
    expect(gif.frames).toHaveLength(2);
    gif.frames.forEach((frame, epoch) =>
      expectSameBox(frame, spaceFrameInSvg(renderFigureSvg(part1(3 + epoch), { width: WIDTH, height: HEIGHT }))),
    );
  });
});
