import { describe, expect, it } from "vitest";
import { ball } from "@deepreplay/datasets";
import { count, mean, rows, rowSet, std } from "./rows.js";

const norm = (point: number[]) => Math.hypot(...point);

/**
 * P(|t| > c) for t, one coordinate of a point uniform in the unit d-ball (density ∝ (1 − t²)^((d−1)/2))
 * or on the unit sphere (∝ (1 − t²)^((d−3)/2)), by the midpoint rule.
 */
function tailProbability(c: number, exponent: number): number {
  const steps = 100_000;
  let tail = 0;
  let total = 0;
  for (let i = 0; i < steps; i++) {
    const t = (i + 0.5) / steps;
    const density = (1 - t * t) ** exponent;
    total += density;
    if (t > c) tail += density;
  }
  return tail / total;
}

describe("ball", () => {
  it("lays nPoints rows of nDims, float64, scaled to a standard deviation of 1", () => {
    const data = ball();
    expect(data.inputs.shape).toEqual([1000, 10]);
    expect(data.targets.shape).toEqual([1000, 1]);
    expect(data.inputs.data).toBeInstanceOf(Float64Array);
    expect(std(data.inputs.data)).toBeCloseTo(1, 12);
  });

  it("keeps every point inside the scaled radius, and on it with onlySphere", () => {
    const solid = ball({ nDims: 3, nPoints: 500 });
    for (const { point } of rows(solid)) expect(norm(point)).toBeLessThanOrEqual(solid.radius * (1 + 1e-12));
    const hollow = ball({ nDims: 3, nPoints: 500, onlySphere: true });
    for (const { point } of rows(hollow)) expect(norm(point) / hollow.radius).toBeCloseTo(1, 12);
  });

  it("fills the ball evenly: half the points within radius · 0.5^(1/d)", () => {
    const d = 4;
    const data = ball({ nDims: d, nPoints: 5000 });
    const inner = rows(data).filter(({ point }) => norm(point) <= data.radius * 0.5 ** (1 / d)).length;
    // Binomial sd: √(0.25 / 5000) ≈ 0.007.
    expect(Math.abs(inner / 5000 - 0.5)).toBeLessThan(0.03);
    for (let axis = 0; axis < d; axis++) {
      const coordinate = rows(data).map(({ point }) => point[axis]);
      expect(Math.abs(mean(coordinate))).toBeLessThan(0.05);
    }
  });

  it("labels 1 exactly the points with |Σx| > radius · classifRadiusFraction, as the original code does", () => {
    for (const options of [{}, { classifRadiusFraction: 0.2, nDims: 2 }, { onlySphere: true }]) {
      const data = ball(options);
      const threshold = data.radius * (options.classifRadiusFraction ?? 0.5);
      for (const { point, label } of rows(data)) {
        expect(label).toBe(Math.abs(point.reduce((a, b) => a + b, 0)) > threshold ? 1 : 0);
      }
    }
  });

  it("has the class balance the geometry predicts", () => {
    // |Σx| > r·f  ⇔  |x·u| > r·f/√d for the unit diagonal u: a tail of one coordinate's distribution.
    const cases = [
      { nDims: 10, onlySphere: false, exponent: 4.5 },
      { nDims: 10, onlySphere: true, exponent: 3.5 },
      { nDims: 2, onlySphere: false, exponent: 0.5 },
    ];
    for (const { nDims, onlySphere, exponent } of cases) {
      const data = ball({ nDims, onlySphere, nPoints: 5000 });
      const expected = tailProbability(0.5 / Math.sqrt(nDims), exponent);
      // Binomial sd at most √(0.25 / 5000) ≈ 0.007.
      expect(Math.abs(count(data.targets.data, 1) / 5000 - expected)).toBeLessThan(0.03);
    }
  });

  it("is the same for a seed, differs across seeds, and shuffling only reorders", () => {
    expect(ball({ seed: 3 })).toEqual(ball({ seed: 3 }));
    expect(ball({ seed: 4 }).inputs.data).not.toEqual(ball({ seed: 3 }).inputs.data);
    const ordered = ball({ seed: 3, shuffle: false });
    expect(rowSet(ball({ seed: 3 }))).toEqual(rowSet(ordered));
    expect(ball({ seed: 3 }).inputs.data).not.toEqual(ordered.inputs.data);
  });
});
