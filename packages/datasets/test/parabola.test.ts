import h5wasm from "h5wasm/node";
import { beforeAll, describe, expect, it } from "vitest";
import { parabola, type Dataset } from "@deepreplay/datasets";
import { ndarray } from "@deepreplay/frames";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { count, rows, rowSet } from "./rows.js";

/** Times the label changes from one row to the next: about half the rows when well shuffled. */
const labelChanges = ({ targets }: Dataset) =>
  targets.data.filter((label, i) => i > 0 && label !== targets.data[i - 1]).length;

describe("parabola", () => {
  it("lays 2 × nPoints rows of (x, y) and a 0/1 target per row, float64", () => {
    const { inputs, targets } = parabola();
    expect(inputs.shape).toEqual([2000, 2]);
    expect(targets.shape).toEqual([2000, 1]);
    expect(inputs.data).toBeInstanceOf(Float64Array);
    expect(targets.data).toBeInstanceOf(Float64Array);
    expect(count(targets.data, 0)).toBe(1000);
    expect(count(targets.data, 1)).toBe(1000);
  });

  it("puts class 0 on y = x² and class 1 on y = x² − 0.5, over evenly spaced x", () => {
    const data = parabola({ nPoints: 5, xlim: [-2, 2], shuffle: false });
    expect(rows(data)).toEqual([
      { point: [-2, 4], label: 0 },
      { point: [-1, 1], label: 0 },
      { point: [0, 0], label: 0 },
      { point: [1, 1], label: 0 },
      { point: [2, 4], label: 0 },
      { point: [-2, 3.5], label: 1 },
      { point: [-1, 0.5], label: 1 },
      { point: [0, -0.5], label: 1 },
      { point: [1, 0.5], label: 1 },
      { point: [2, 3.5], label: 1 },
    ]);
  });

  it("shuffles rows and labels together, the same way for the same seed", () => {
    const ordered = parabola({ shuffle: false });
    const shuffled = parabola({ seed: 5 });
    expect(rowSet(shuffled)).toEqual(rowSet(ordered));
    expect(shuffled.inputs.data).not.toEqual(ordered.inputs.data);
    expect(parabola({ seed: 5 })).toEqual(shuffled);
    expect(parabola({ seed: 6 }).inputs.data).not.toEqual(shuffled.inputs.data);
  });

  describe.runIf(requirePythonFixtures())("against Python deepreplay's recorded inputs", () => {
    let python: Dataset;
    beforeAll(async () => {
      await h5wasm.ready;
      const file = new h5wasm.File(fixturePath("hyperparms_in_action.h5"), "r");
      const read = (name: string) => {
        const dataset = file.get(`part1_activation_functions/${name}`) as InstanceType<typeof h5wasm.Dataset>;
        return ndarray(dataset.value as Float64Array, dataset.shape as number[]);
      };
      python = { inputs: read("inputs"), targets: read("targets") };
      file.close();
    });

    it("has the same layout", () => {
      const ours = parabola();
      expect(python.inputs.shape).toEqual(ours.inputs.shape);
      expect(python.targets.shape).toEqual(ours.targets.shape);
    });

    it("holds exactly the same rows, x from numpy.linspace to the last bit", () => {
      expect(rowSet(python)).toEqual(rowSet(parabola({ shuffle: false })));
    });

    it("follows the label rule: y = x² is class 0, y = x² − 0.5 class 1", () => {
      for (const {
        point: [x, y],
        label,
      } of rows(python))
        expect(y).toBe(label === 0 ? x * x : x * x - 0.5);
    });

    it("is shuffled like numpy's permutation: about as many label changes as a random order", () => {
      // In a random order of 1000 + 1000 labels, changes have mean 1000 and sd ≈ 22.
      for (const data of [python, parabola(), parabola({ seed: 99 })]) {
        expect(Math.abs(labelChanges(data) - 1000)).toBeLessThan(4 * 22);
      }
      expect(labelChanges(parabola({ shuffle: false }))).toBe(1);
    });
  });
});
