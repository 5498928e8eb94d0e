import { describe, expect, it } from "vitest";
import { createRandom } from "@deepreplay/datasets";
import { mean, std } from "./rows.js";

const draw = (n: number, next: () => number) => Float64Array.from({ length: n }, next);

describe("createRandom", () => {
  it("repeats its sequence for a seed and changes it with the seed", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const first = draw(100, a.uniform);
    expect(draw(100, b.uniform)).toEqual(first);
    expect(draw(100, c.uniform)).not.toEqual(first);
  });

  it("draws uniforms in [0, 1) with the moments of U(0, 1)", () => {
    const values = draw(100_000, createRandom(1).uniform);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    // Standard errors: 0.29 / √n ≈ 0.0009 for the mean.
    expect(mean(values)).toBeCloseTo(0.5, 2);
    expect(std(values)).toBeCloseTo(Math.sqrt(1 / 12), 2);
    const lowTenth = values.filter((v) => v < 0.1).length / values.length;
    expect(lowTenth).toBeCloseTo(0.1, 2);
  });

  it("draws standard normals: mean 0, sd 1, 68% within one sd, 95% within two", () => {
    const values = draw(100_000, createRandom(2).normal);
    expect(mean(values)).toBeCloseTo(0, 1);
    expect(std(values)).toBeCloseTo(1, 1);
    const within = (k: number) => values.filter((v) => Math.abs(v) < k).length / values.length;
    expect(within(1)).toBeCloseTo(0.6827, 2);
    expect(within(2)).toBeCloseTo(0.9545, 2);
  });
});
