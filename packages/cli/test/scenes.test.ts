import { describe, expect, it } from "vitest";
import { thinLines } from "../src/replay/scenes.js";

describe("thinLines", () => {
  it("keeps every k-th point of each line and always its last", () => {
    // 2 lines of 10 points: x = line, y = index along the line.
    const points = Float32Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));
    const thinned = thinLines({ points, lines: 2, pointsPerLine: 10 }, 4);
    expect(thinned.lines).toBe(2);
    expect(thinned.pointsPerLine).toBe(4);
    const ys = (line: number) => Array.from({ length: 4 }, (_, j) => thinned.points[2 * (line * 4 + j) + 1]);
    expect(ys(0)).toEqual([0, 3, 6, 9]);
    expect(ys(1)).toEqual([0, 3, 6, 9]);
    expect(thinned.points[2 * 4]).toBe(1); // second line keeps its x
  });

  it("leaves lines that are short enough untouched", () => {
    const grid = { points: new Float32Array(8), lines: 2, pointsPerLine: 2 };
    expect(thinLines(grid, 200)).toBe(grid);
  });
});
