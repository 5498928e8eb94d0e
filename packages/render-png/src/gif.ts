/// <reference path="./types/gifenc.d.ts" />
import { createRequire } from "node:module";
import type * as Gifenc from "gifenc";
import { quantize } from "./quantize.js";
import type { Raster } from "./rasterize.js";

// gifenc is CommonJS for Node and ESM for bundlers, with different default exports; require() always
// gives the same object under Node and under Vitest.
const { GIFEncoder } = createRequire(import.meta.url)("gifenc") as typeof Gifenc;

/**
 * A GIF is a header, then self-contained image blocks, then a trailer. Each frame is quantised
 * to its own 256-colour palette (a local colour table), so frames can be encoded on any thread
 * in any order and simply concatenated.
 */

/** "GIF89a", the logical screen (no global colour table), and a NETSCAPE2.0 block that loops forever. */
export function gifHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(13 + 19);
  const view = new DataView(bytes.buffer);
  bytes.set(ascii("GIF89a"), 0);
  view.setUint16(6, width, true);
  view.setUint16(8, height, true);
  bytes[10] = 0x70; // no global colour table, 8 bits of colour resolution
  bytes.set([0x21, 0xff, 11, ...ascii("NETSCAPE2.0"), 3, 1, 0, 0, 0], 13);
  return bytes;
}

export const GIF_TRAILER = Uint8Array.of(0x3b);

/** One frame's graphic control block, image descriptor, local colour table and LZW data. */
export function encodeGifFrame(raster: Raster, delayMs: number): Uint8Array {
  const palette = quantize(raster.pixels, 256);
  const index = paletteIndices(raster.pixels, palette);
  const encoder = GIFEncoder({ auto: false, initialCapacity: raster.width * raster.height });
  encoder.writeFrame(index, raster.width, raster.height, { palette, delay: delayMs, first: false });
  return encoder.bytes();
}

/**
 * Delays in milliseconds, multiples of 10 (GIF counts hundredths of a second), chosen so that frame
 * i starts at round(i × 100 / fps) hundredths: the animation keeps the requested rate on average.
 */
export function gifDelayMs(frameIndex: number, fps: number): number {
  const start = (i: number) => Math.round((i * 100) / fps);
  return (start(frameIndex + 1) - start(frameIndex)) * 10;
}

/**
 * Each pixel's index in the palette, exactly as gifenc's applyPalette (rgb565) chooses it: the
 * nearest colour to the first pixel met of each rgb565 bin, for every pixel of that bin. gifenc
 * keeps that choice in a sparse array, which costs most of a frame's palette time; a typed array,
 * and the last pixel's choice for a run of equal pixels (most of a picture), give the same indices
 * several times faster.
 */
export function paletteIndices(rgba: Uint8Array, palette: Gifenc.Palette): Uint8Array {
  const colours = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.byteLength >> 2);
  const indices = new Uint8Array(colours.length);
  const byBin = new Int16Array(1 << 16).fill(-1);
  let previous = -1;
  let index = 0;
  for (let i = 0; i < colours.length; i++) {
    const colour = colours[i];
    if (colour !== previous) {
      const r = colour & 0xff;
      const g = (colour >> 8) & 0xff;
      const b = (colour >> 16) & 0xff;
      const bin = ((r << 8) & 0xf800) | ((g << 2) & 0x3e0) | (b >> 3);
      if (byBin[bin] < 0) byBin[bin] = nearestColour(r, g, b, palette);
      index = byBin[bin];
      previous = colour;
    }
    indices[i] = index;
  }
  return indices;
}

/** gifenc's nearest palette entry: the last of least squared distance. */
function nearestColour(r: number, g: number, b: number, palette: Gifenc.Palette): number {
  let nearest = 0;
  let least = Infinity;
  for (let i = 0; i < palette.length; i++) {
    const [pr, pg, pb] = palette[i];
    const distance = (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2;
    if (distance <= least) {
      nearest = i;
      least = distance;
    }
  }
  return nearest;
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}
