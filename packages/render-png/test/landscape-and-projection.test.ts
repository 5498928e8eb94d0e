import { describe, expect, it } from "vitest";
import type { FeatureSpaceFrame, LossLandscapeFrame } from "@deepreplay/frames";
import { renderSvg } from "@deepreplay/render-svg";
import { renderPng } from "../src/index.js";
import { decodePng, pixelAt, type DecodedImage } from "../../../tools/testing/images.js";
import { frameRect, panelsOf, parseSvg, scaleOf, texts, ticksOf } from "../../render-svg/test/support/svg.js";

const K = 31;
const grid = (n: number) => Float32Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
/** A bowl, lowest at (0.2, 0): its loss falls along a from -1 to 0.2 and rises after. */
const bowl = (a: number, b: number) => 0.05 + (a - 0.2) ** 2 + 2 * b * b;

/** A loss landscape of the bowl, with a trajectory from (-0.8, -0.5) to (0.2, 0) over 11 epochs. */
function landscape(overrides: Partial<LossLandscapeFrame> = {}): LossLandscapeFrame {
  const [a, b] = [grid(K), grid(K)];
  const loss = new Float32Array(K * K);
  for (let j = 0; j < K; j++) for (let i = 0; i < K; i++) loss[j * K + i] = bowl(a[i], b[j]);
  const epochs = Int32Array.from({ length: 11 }, (_, e) => e);
  const trajectory = new Float32Array(22);
  for (const e of epochs) trajectory.set([-0.8 + e / 10, -0.5 * (1 - e / 10)], 2 * e);
  return {
    kind: "loss-landscape",
    epoch: 5,
    finite: true,
    lossName: "binary_crossentropy",
    epochs,
    reference: 10,
    trajectory,
    a,
    b,
    loss,
    explained: [0.9, 0.08],
    colorScale: "linear",
    ...overrides,
  };
}

/** The frame drawn: its PNG pixels, and the data → pixel maps read off the SVG's ticks. */
function drawn(frame: Parameters<typeof renderSvg>[0]) {
  const panel = panelsOf(parseSvg(renderSvg(frame)))[0] ?? parseSvg(renderSvg(frame));
  const [x, y] = [scaleOf(ticksOf(panel, "x")), scaleOf(ticksOf(panel, "y"))];
  const png = decodePng(renderPng(frame));
  const at = (u: number, v: number) => pixelAt(png, Math.round(x.apply(u)), Math.round(y.apply(v)));
  /** Whether a pixel within one of (u, v) passes `test` (a 1.5 px line falls between pixel centres). */
  const near = (u: number, v: number, test: (p: readonly number[]) => boolean) =>
    [-1, 0, 1].some((dx) =>
      [-1, 0, 1].some((dy) => test(pixelAt(png, Math.round(x.apply(u)) + dx, Math.round(y.apply(v)) + dy))),
    );
  return { panel, png, at, near, rect: frameRect(panel), x, y };
}

const luminance = ([r, g, b]: readonly number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
const isWhite = (p: readonly number[]) => p[0] > 235 && p[1] > 235 && p[2] > 235;
const isRed = (p: readonly number[]) => p[0] > 200 && p[1] < 60 && p[2] < 60;

/** Luminance along the row of the picture at b, from a0 to a1, one sample per pixel. */
function row(png: DecodedImage, x: ReturnType<typeof scaleOf>, yPixel: number, a0: number, a1: number): number[] {
  const [p0, p1] = [Math.round(x.apply(a0)), Math.round(x.apply(a1))];
  return Array.from({ length: p1 - p0 + 1 }, (_, k) => luminance(pixelAt(png, p0 + k, yPixel)));
}

const nonIncreasing = (values: number[], slack = 2) => values.every((v, i) => i === 0 || v <= values[i - 1] + slack);
const bands = (values: number[]) => new Set(values.map((v) => Math.round(v / 4))).size;

describe("the loss landscape, by its pixels", () => {
  it("fills contours whose shade follows the loss: darker as it falls, lighter as it rises, in many levels", () => {
    const { png, x, y } = drawn(landscape());
    const top = Math.round(y.apply(0.9));
    const falling = row(png, x, top, -0.95, 0.15);
    const rising = row(png, x, top, 0.25, 0.95).reverse();
    expect(nonIncreasing(falling)).toBe(true);
    expect(nonIncreasing(rising)).toBe(true);
    expect(falling[0] - falling[falling.length - 1]).toBeGreaterThan(60);
    expect(bands(falling)).toBeGreaterThan(6);
  });

  it("draws the trajectory up to the frame's epoch in white and the current point in red, and nothing of the epochs after", () => {
    const frame = landscape();
    const { at, near } = drawn(frame);
    const point = (e: number) => [frame.trajectory[2 * e], frame.trajectory[2 * e + 1]] as const;
    // Halfway along the segment from epoch 1 to epoch 2, away from the dots.
    const [[a1, b1], [a2, b2]] = [point(1), point(2)];
    expect(near((a1 + a2) / 2, (b1 + b2) / 2, isWhite)).toBe(true);
    expect(isRed(at(...point(5)))).toBe(true);
    const [[a8, b8], [a9, b9]] = [point(8), point(9)];
    expect(near((a8 + a9) / 2, (b8 + b9) / 2, isWhite)).toBe(false);
  });

  it("on a log scale, spends more levels near the minimum than on a linear one", () => {
    const low = (frame: LossLandscapeFrame) => {
      const { png, x, y } = drawn(frame);
      return bands(row(png, x, Math.round(y.apply(0)), -0.1, 0.5));
    };
    expect(low(landscape({ colorScale: "log" }))).toBeGreaterThan(low(landscape()) + 2);
  });

  it("labels its axes with the share of the trajectory's variance along each direction", () => {
    const { panel } = drawn(landscape());
    expect(texts(panel, "text")).toEqual(expect.arrayContaining(["d1 (90.0 %)", "d2 (8.0 %)"]));
  });

  it("draws a diverged epoch with the landscape, the trajectory so far and the note", () => {
    const trajectory = landscape().trajectory.slice();
    trajectory.fill(Number.NaN, 12);
    const frame = landscape({
      epoch: 7,
      finite: false,
      trajectory,
      note: "Epoch 7: the weights hold NaN or infinite values (the run diverged).",
    });
    const { png, panel, near } = drawn(frame);
    expect(texts(panel, "g.non-finite-note text").join(" ")).toContain("Epoch 7");
    expect(near(-0.75, -0.475, isWhite)).toBe(true);
    let noteRed = 0;
    for (let i = 0; i < png.rgba.length; i += 4)
      if (png.rgba[i] > 180 && png.rgba[i + 1] < 40 && png.rgba[i + 2] < 40) noteRed++;
    expect(noteRed).toBeGreaterThan(100);
  });
});

/** A projected feature space: four inputs of two classes, the last two predicted wrong. */
function projected(): FeatureSpaceFrame {
  return {
    kind: "feature-space",
    epoch: 3,
    finite: true,
    layer: "wide",
    xDomain: [-1, 1],
    yDomain: [-1, 1],
    classes: ["0", "1"],
    inputs: {
      points: Float32Array.of(-0.6, -0.6, 0.6, 0.6, -0.6, 0.6, 0.6, -0.6),
      classes: Int32Array.of(0, 1, 0, 1),
      predicted: Int32Array.of(0, 1, 1, 0),
    },
    regions: [],
    projection: {
      method: "pca",
      mean: new Float32Array(6),
      components: new Float32Array(12),
      explained: [0.648, 0.283],
    },
    note: "A projection has no decision regions: inputs predicted wrong are ringed.",
  };
}

describe("a projected feature space, by its pixels", () => {
  it("rings the inputs predicted wrong, leaves the others bare, fills no regions, and reads PC1/PC2 with their variance", () => {
    const frame = projected();
    const { panel, png, x, y } = drawn(frame);
    const ringAt = (u: number, v: number) => {
      // The ring's leftmost arc, 4 px left of the input's centre.
      const [px, py] = [Math.round(x.apply(u) - 4), Math.round(y.apply(v))];
      // A ring is grey (black at part opacity); the dots' antialiased edges are tinted blue or green.
      const grey = ([r, g, b]: readonly number[]) => Math.abs(r - g) < 12 && Math.abs(g - b) < 12 && r < 200;
      return [-1, 0, 1].some((d) => grey(pixelAt(png, px + d, py)));
    };
    expect([0, 1, 2, 3].map((i) => ringAt(frame.inputs.points[2 * i], frame.inputs.points[2 * i + 1]))).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(isWhite(pixelAt(png, Math.round(x.apply(0)), Math.round(y.apply(0.3))))).toBe(true);
    expect(texts(panel, "text")).toEqual(expect.arrayContaining(["PC1 (64.8 %)", "PC2 (28.3 %)"]));
    expect(texts(panel, "g.note text").join(" ")).toContain("no decision regions");
  });
});
