import simplify from "simplify-js";
import { describe, expect, test } from "vitest";
import { simplifiedIndices } from "../src/plots/simplify.js";

/** The same points as simplify-js keeps them, found back by index. */
function reference(xs: Float64Array, ys: Float64Array, first: number, end: number, tolerance: number): number[] {
  const points = Array.from({ length: end - first }, (_, k) => ({
    x: xs[first + k],
    y: ys[first + k],
    index: first + k,
  }));
  return (simplify(points, tolerance) as typeof points).map(({ index }) => index);
}

describe("simplifiedIndices", () => {
  test("keeps the points simplify-js keeps, for curves, noise, straight runs and repeated points", () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const n = 1000;
    const lines: [string, (i: number) => [number, number]][] = [
      // A bent grid line, sampled finer than a pixel, as a feature space draws it.
      ["curve", (i) => [50 + i * 0.5, 300 + 120 * Math.tanh((i - 500) / 90)]],
      ["noise", () => [600 * random(), 600 * random()]],
      ["straight", (i) => [i * 0.1, i * 0.2]],
      ["repeated", (i) => [Math.floor(i / 100), 7]],
    ];
    for (const [, at] of lines) {
      const xs = new Float64Array(n);
      const ys = new Float64Array(n);
      for (let i = 0; i < n; i++) [xs[i], ys[i]] = at(i);
      for (const tolerance of [0.25, 2]) {
        for (const [first, end] of [
          [0, n],
          [100, 103],
          [500, 502],
          [7, 8],
        ]) {
          expect(simplifiedIndices(xs, ys, first, end, tolerance)).toEqual(reference(xs, ys, first, end, tolerance));
        }
      }
    }
  });

  test("simplifies a dense curve to far fewer points, all within the tolerance of it", () => {
    const n = 1000;
    const xs = Float64Array.from({ length: n }, (_, i) => i * 0.5);
    const ys = Float64Array.from({ length: n }, (_, i) => 100 * Math.sin(i / 100));
    const kept = simplifiedIndices(xs, ys, 0, n, 0.25);
    expect(kept.length).toBeLessThan(n / 10);
    expect([kept[0], kept.at(-1)]).toEqual([0, n - 1]);
  });
});
