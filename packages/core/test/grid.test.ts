import { describe, expect, it } from "vitest";
import { build2dGrid, linspace } from "@deepreplay/core";

describe("build2dGrid (the original's build_2d_grid)", () => {
  it("lays n_lines vertical lines, then n_lines horizontal ones", () => {
    const grid = build2dGrid([-1, 1], [0, 3], 3, 4);
    expect(grid.lines).toBe(6);
    expect(grid.pointsPerLine).toBe(4);
    const line = (i: number): number[][] =>
      Array.from({ length: 4 }, (_, j) => [grid.points[2 * (i * 4 + j)], grid.points[2 * (i * 4 + j) + 1]]);
    // Vertical: x fixed at linspace(-1, 1, 3), y running over linspace(0, 3, 4).
    expect(line(0)).toEqual([
      [-1, 0],
      [-1, 1],
      [-1, 2],
      [-1, 3],
    ]);
    expect(line(2)).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    // Horizontal: y fixed at linspace(0, 3, 3), x running over linspace(-1, 1, 4).
    expect(line(3).map(([x, y]) => [Number(x.toFixed(6)), y])).toEqual([
      [-1, 0],
      [-0.333333, 0],
      [0.333333, 0],
      [1, 0],
    ]);
    expect(line(5).map(([, y]) => y)).toEqual([3, 3, 3, 3]);
  });

  it("with n_lines === n_points returns only the square contour grid, x-major", () => {
    const grid = build2dGrid([0, 2], [10, 12], 3, 3);
    expect(grid.lines).toBe(3);
    expect(Array.from(grid.points)).toEqual([0, 10, 0, 11, 0, 12, 1, 10, 1, 11, 1, 12, 2, 10, 2, 11, 2, 12]);
  });

  it("defaults to 11 lines of 1000 points, and linspace ends exactly at stop", () => {
    expect(build2dGrid([-1, 1], [-1, 1]).points.length).toBe(22 * 1000 * 2);
    const xs = linspace(-1, 1, 1000);
    expect(xs[0]).toBe(-1);
    expect(xs[999]).toBe(1);
    expect(xs[500]).toBeCloseTo(-1 + (500 * 2) / 999, 15);
  });
});
