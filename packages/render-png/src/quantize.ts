/// <reference path="./types/gifenc.d.ts" />
import type * as Gifenc from "gifenc";

/**
 * gifenc's `quantize(rgba, maxColors)` for opaque pixels (its default rgb565 format): the same
 * palette in about half the time. gifenc (MIT, © Matt DesLauriers) clusters the pixels' rgb565 bins
 * by pairwise nearest neighbours (PnnQuant), and most of its time goes to binning: one object per
 * bin in a sparse array, updated pixel by pixel. Here the bins are columns of typed arrays, filled
 * a run of equal pixels at a time (most of a picture), and the clustering below is gifenc's, step
 * for step, on those columns: every sum is of integers and every other operation is the same
 * double arithmetic in the same order, so the palette is identical (test/gif.test.ts holds it to gifenc's).
 */
export function quantize(rgba: Uint8Array, maxColors: number): Gifenc.Palette {
  const bins = binColours(rgba);
  const { count, red, green, blue } = bins;
  const size = bins.size;
  const forward = new Int32Array(size);
  const back = new Int32Array(size);
  const nearest = new Int32Array(size);
  const error = new Float64Array(size);
  const mergedAt = new Int32Array(size);
  const checkedAt = new Int32Array(size);

  // Counts weigh by their square root unless there are far more bins than colours (never for 256).
  const weighBySqrt = (maxColors * maxColors) / size >= 0.022;
  for (let i = 0; i < size; i++) {
    if (i < size - 1) {
      forward[i] = i + 1;
      back[i + 1] = i;
    }
    if (weighBySqrt) count[i] = Math.sqrt(count[i]);
  }

  const findNearest = (index: number) => {
    let best = 0;
    let least = 1e100;
    const n1 = count[index];
    const r = red[index];
    const g = green[index];
    const b = blue[index];
    for (let i = forward[index]; i !== 0; i = forward[i]) {
      const n2 = count[i];
      const weight = (n1 * n2) / (n1 + n2);
      if (weight >= least) continue;
      // Products written out: gifenc squares by multiplying, and x ** 2 need not round the same.
      const dr = red[i] - r;
      let distance = weight * (dr * dr);
      if (distance >= least) continue;
      const dg = green[i] - g;
      distance += weight * (dg * dg);
      if (distance >= least) continue;
      const db = blue[i] - b;
      distance += weight * (db * db);
      if (distance >= least) continue;
      least = distance;
      best = i;
    }
    error[index] = least;
    nearest[index] = best;
  };

  // A binary min-heap of bins by error; heap[0] is its length.
  const heap = new Uint32Array(size + 1);
  for (let i = 0; i < size; i++) {
    findNearest(i);
    let at = ++heap[0];
    while (at > 1) {
      const parent = at >> 1;
      if (error[heap[parent]] <= error[i]) break;
      heap[at] = heap[parent];
      at = parent;
    }
    heap[at] = i;
  }

  // Merge the closest pair until maxColors bins are left; a merged-away bin is marked MERGED.
  const MERGED = BIN_COUNT - 1;
  for (let merges = 0; merges < size - maxColors; ) {
    let top: number;
    for (;;) {
      top = heap[1];
      if (checkedAt[top] >= mergedAt[top] && mergedAt[nearest[top]] <= checkedAt[top]) break;
      if (mergedAt[top] === MERGED) top = heap[1] = heap[heap[0]--];
      else {
        findNearest(top);
        checkedAt[top] = merges;
      }
      let at = 1;
      for (let child = 2; child <= heap[0]; child = at + at) {
        if (child < heap[0] && error[heap[child]] > error[heap[child + 1]]) child++;
        if (error[top] <= error[heap[child]]) break;
        heap[at] = heap[child];
        at = child;
      }
      heap[at] = top;
    }
    const other = nearest[top];
    const n1 = count[top];
    const n2 = count[other];
    const d = 1 / (n1 + n2);
    red[top] = d * (n1 * red[top] + n2 * red[other]);
    green[top] = d * (n1 * green[top] + n2 * green[other]);
    blue[top] = d * (n1 * blue[top] + n2 * blue[other]);
    count[top] += count[other];
    mergedAt[top] = ++merges;
    forward[back[other]] = forward[other];
    back[forward[other]] = back[other];
    mergedAt[other] = MERGED;
  }

  const palette: Gifenc.Palette = [];
  for (let i = 0; ; ) {
    const colour = [channel(red[i]), channel(green[i]), channel(blue[i])];
    if (!palette.some(([r, g, b]) => r === colour[0] && g === colour[1] && b === colour[2])) palette.push(colour);
    if ((i = forward[i]) === 0) break;
  }
  return palette;
}

/** rgb565 has 65,536 bins. */
const BIN_COUNT = 1 << 16;

/** The non-empty rgb565 bins in bin order: pixel count and mean channels. */
function binColours(rgba: Uint8Array) {
  // gifenc reads the whole buffer as pixels.
  const colours = new Uint32Array(rgba.buffer, 0, rgba.buffer.byteLength >> 2);
  const sums = new Float64Array(4 * BIN_COUNT);
  for (let i = 0; i < colours.length; ) {
    const colour = colours[i];
    let end = i + 1;
    while (end < colours.length && colours[end] === colour) end++;
    const run = end - i;
    const r = colour & 0xff;
    const g = (colour >> 8) & 0xff;
    const b = (colour >> 16) & 0xff;
    const bin = 4 * (((r << 8) & 0xf800) | ((g << 2) & 0x3e0) | (b >> 3));
    sums[bin] += run;
    sums[bin + 1] += r * run;
    sums[bin + 2] += g * run;
    sums[bin + 3] += b * run;
    i = end;
  }
  let size = 0;
  for (let bin = 0; bin < BIN_COUNT; bin++) if (sums[4 * bin] > 0) size++;
  const [count, red, green, blue] = [0, 1, 2, 3].map(() => new Float64Array(size));
  for (let bin = 0, k = 0; bin < BIN_COUNT; bin++) {
    const n = sums[4 * bin];
    if (n === 0) continue;
    const d = 1 / n;
    count[k] = n;
    red[k] = sums[4 * bin + 1] * d;
    green[k] = sums[4 * bin + 2] * d;
    blue[k] = sums[4 * bin + 3] * d;
    k++;
  }
  return { size, count, red, green, blue };
}

function channel(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value)));
}
