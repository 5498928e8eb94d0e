import { describe, expect, it } from "vitest";
import { hypercube } from "@deepreplay/datasets";
import { count, rows, rowSet } from "./rows.js";

describe("hypercube", () => {
  it("lists all 2^nDims vertices in itertools.product order when not shuffled", () => {
    const data = hypercube({ nDims: 3, shuffle: false });
    expect(data.inputs.shape).toEqual([8, 3]);
    expect(data.targets.shape).toEqual([8, 1]);
    expect(rows(data)).toEqual([
      { point: [-1, -1, -1], label: 0 },
      { point: [-1, -1, 1], label: 0 },
      { point: [-1, 1, -1], label: 0 },
      { point: [-1, 1, 1], label: 1 },
      { point: [1, -1, -1], label: 0 },
      { point: [1, -1, 1], label: 1 },
      { point: [1, 1, -1], label: 1 },
      { point: [1, 1, 1], label: 1 },
    ]);
  });

  it("labels 1 the vertices with at least half their coordinates +1: Σ_{k≥5} C(10, k) = 638 of 1024", () => {
    const data = hypercube();
    expect(data.inputs.shape).toEqual([1024, 10]);
    expect(new Set(rowSet(data).map((row) => row.slice(2))).size).toBe(1024);
    for (const { point, label } of rows(data)) {
      expect(point.every((v) => v === -1 || v === 1)).toBe(true);
      expect(label).toBe(point.filter((v) => v === 1).length >= 5 ? 1 : 0);
    }
    expect(count(data.targets.data, 1)).toBe(638);
  });

  it("clips coordinates to [0, 1] before summing, as the original does", () => {
    // Vertices 0 and 0.5: the clipped sum is 0.5 · (count of 0.5), at least 2 only when all four are 0.5.
    const data = hypercube({ nDims: 4, vertices: [0, 0.5] });
    expect(count(data.targets.data, 1)).toBe(1);
    const positive = rows(data).find(({ label }) => label === 1);
    expect(positive?.point).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it("is the same for a seed, differs across seeds, and shuffling only reorders", () => {
    expect(hypercube({ seed: 1 })).toEqual(hypercube({ seed: 1 }));
    expect(hypercube({ seed: 2 }).inputs.data).not.toEqual(hypercube({ seed: 1 }).inputs.data);
    expect(rowSet(hypercube({ seed: 1 }))).toEqual(rowSet(hypercube({ shuffle: false })));
  });
});
