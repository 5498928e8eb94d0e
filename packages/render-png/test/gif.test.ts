import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import type * as Gifenc from "gifenc";
import { paletteIndices } from "../src/gif.js";
import { quantize as fastQuantize } from "../src/quantize.js";
import { svgToRaster } from "../src/rasterize.js";
import { renderSvg } from "@deepreplay/render-svg";
import { splitSpace } from "./support/space.js";

const { quantize, applyPalette } = createRequire(import.meta.url)("gifenc") as typeof Gifenc;

// A drawn feature space (runs of equal pixels, anti-aliased edges), and noise (no runs, every bin).
const drawn = svgToRaster(renderSvg(splitSpace(3, 0.4), { width: 300, height: 300 })).pixels;
let seed = 7;
const noise = Uint8Array.from({ length: 4 * 200 * 200 }, (_, i) =>
  i % 4 === 3 ? 255 : (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24,
);

describe("quantize", () => {
  test("gives gifenc's palette, colour for colour, whether bins are merged or not", () => {
    // 32 grey levels 8 apart, each in a bin of its own: fewer bins than 256 colours, so none is merged.
    const greys = Uint8Array.from({ length: 4 * 400 }, (_, i) => (i % 4 === 3 ? 255 : ((i >> 2) % 32) * 8));
    const cases = [
      { pixels: drawn, colours: 16 },
      { pixels: drawn, colours: 2 },
      { pixels: noise, colours: 256 },
      { pixels: noise, colours: 16 },
      { pixels: greys, colours: 256, expected: 32 },
      { pixels: greys, colours: 16 },
    ];
    for (const { pixels, colours, expected = colours } of cases) {
      const palette = quantize(pixels, colours);
      expect(palette).toHaveLength(expected);
      expect(fastQuantize(pixels, colours)).toEqual(palette);
    }
    // The drawing has fewer bins than 256 colours: every one of them kept.
    expect(fastQuantize(drawn, 256)).toEqual(quantize(drawn, 256));
  });
});

describe("paletteIndices", () => {
  test("gives every pixel the index gifenc's applyPalette gives it", () => {
    for (const pixels of [drawn, noise]) {
      const palette = quantize(pixels, 256);
      expect(palette.length).toBeGreaterThan(16);
      expect(paletteIndices(pixels, palette)).toEqual(applyPalette(pixels, palette));
    }
  });

  test("takes the last of equally near palette entries, as gifenc does", () => {
    const pixel = Uint8Array.of(100, 100, 100, 255);
    const palette = [
      [90, 100, 100],
      [110, 100, 100],
      [0, 0, 0],
    ];
    expect([...paletteIndices(pixel, palette)]).toEqual([...applyPalette(pixel, palette)]);
    expect(paletteIndices(pixel, palette)[0]).toBe(1);
  });
});
