import { describe, expect, it } from "vitest";
import { circles, moons } from "@deepreplay/datasets";
import { count, mean, rows, rowSet, std } from "./rows.js";

describe("circles", () => {
  it("puts ⌊n/2⌋ points on the unit circle (class 0) and the rest on radius factor (class 1)", () => {
    const data = circles({ nSamples: 101, factor: 0.3 });
    expect(data.inputs.shape).toEqual([101, 2]);
    expect(data.targets.shape).toEqual([101, 1]);
    expect(count(data.targets.data, 0)).toBe(50);
    expect(count(data.targets.data, 1)).toBe(51);
    for (const { point, label } of rows(data)) expect(Math.hypot(...point)).toBeCloseTo(label === 0 ? 1 : 0.3, 12);
  });

  it("spaces each circle's points evenly in angle from 0, the end point excluded", () => {
    const data = circles({ nSamples: 8, shuffle: false });
    const angles = rows(data).map(({ point: [x, y] }) => Math.atan2(y, x));
    const quarter = Math.PI / 2;
    expect(angles.map((a) => (a + 2 * Math.PI) % (2 * Math.PI))).toEqual(
      [0, 1, 2, 3, 0, 1, 2, 3].map((k) => expect.closeTo(k * quarter, 12)),
    );
    expect(rows(data)[4].point).toEqual([0.8, 0]);
  });

  it("adds normal noise of the given sd to every coordinate, after shuffling", () => {
    const clean = circles({ nSamples: 4000, seed: 9 });
    const noisy = circles({ nSamples: 4000, seed: 9, noise: 0.1 });
    expect(noisy.targets).toEqual(clean.targets);
    const offsets = noisy.inputs.data.map((v, i) => v - clean.inputs.data[i]);
    expect(mean(offsets)).toBeCloseTo(0, 2);
    expect(std(offsets)).toBeCloseTo(0.1, 2);
  });

  it("is the same for a seed and differs across seeds", () => {
    expect(circles({ noise: 0.05, seed: 1 })).toEqual(circles({ noise: 0.05, seed: 1 }));
    expect(circles({ noise: 0.05, seed: 2 }).inputs.data).not.toEqual(circles({ noise: 0.05, seed: 1 }).inputs.data);
    expect(rowSet(circles({ seed: 1 }))).toEqual(rowSet(circles({ shuffle: false })));
  });
});

describe("moons", () => {
  it("puts class 0 on the upper unit half circle at (0, 0) and class 1 on the lower one at (1, 0.5)", () => {
    const data = moons({ nSamples: 201 });
    expect(data.inputs.shape).toEqual([201, 2]);
    expect(count(data.targets.data, 0)).toBe(100);
    expect(count(data.targets.data, 1)).toBe(101);
    for (const {
      point: [x, y],
      label,
    } of rows(data)) {
      if (label === 0) {
        expect(Math.hypot(x, y)).toBeCloseTo(1, 12);
        expect(y).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 12);
        expect(y).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it("runs each half circle from angle 0 to π, both ends included", () => {
    const ordered = rows(moons({ nSamples: 6, shuffle: false })).map(({ point }) => point);
    const expected = [
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, 0.5],
      [1, -0.5],
      [2, 0.5],
    ];
    expect(ordered).toEqual(expected.map((point) => point.map((v) => expect.closeTo(v, 12))));
  });

  it("is the same for a seed, differs across seeds, noise of the given sd", () => {
    expect(moons({ noise: 0.2, seed: 4 })).toEqual(moons({ noise: 0.2, seed: 4 }));
    expect(moons({ noise: 0.2, seed: 5 }).inputs.data).not.toEqual(moons({ noise: 0.2, seed: 4 }).inputs.data);
    const clean = moons({ nSamples: 4000 });
    const offsets = moons({ nSamples: 4000, noise: 0.2 }).inputs.data.map((v, i) => v - clean.inputs.data[i]);
    expect(std(offsets)).toBeCloseTo(0.2, 2);
  });
});
