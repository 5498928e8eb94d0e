import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRecording } from "@deepreplay/recorder";
import {
  featureSpaceData,
  layerViolinsData,
  lossAndMetricData,
  lossHistogramData,
  openReplay,
  predictProba,
  type Replay,
} from "@deepreplay/core";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { maxAbsDiff } from "./helpers.js";

const have = requirePythonFixtures();
const GROUP = "part1_activation_functions";

interface Expected {
  tolerance: number;
  loss_and_acc: { epochs: number[]; loss: number[]; acc: number[] };
  predict_proba_first50: { epochs: number[]; values: number[][] };
  bce_first10: { epochs: number[]; values: number[][] };
  feature_space: {
    layer: string;
    contour_points: number;
    xlim: [number, number];
    ylim: [number, number];
    epochs: number[];
    bent_contour: number[][][][];
    prediction: number[][][];
    epoch10_bent_grid_every100th_point: number[][][];
    epoch10_bent_inputs_first10: number[][];
  };
  kernel_gradients: Record<"0" | "20", Record<"hidden" | "output", number[][]>>;
}

describe.skipIf(!have)("replaying Python deepreplay's hyperparms_in_action.h5 (expected.json, tolerance 1e-5)", () => {
  let replay: Replay;
  let expected: Expected;

  beforeAll(async () => {
    expected = JSON.parse(readFileSync(fixturePath("expected.json"), "utf8"));
    const source = await openRecording(fixturePath("hyperparms_in_action.h5"), GROUP, {
      modelPath: fixturePath(`${GROUP}_model.h5`),
    });
    replay = await openReplay(source);
  });
  afterAll(() => replay?.close());

  /** Samples of `values`, one epoch after another, `perEpoch` values each. */
  const perEpoch = (values: ArrayLike<number>, size: number, take: number, epochs: number): number[] =>
    Array.from({ length: epochs }, (_, e) => Array.from({ length: take }, (_, i) => values[e * size + i])).flat();

  it("loss and accuracy over all inputs, every epoch", () => {
    const data = lossAndMetricData(replay, { metric: "acc" });
    expect(data.epochs).toEqual(expected.loss_and_acc.epochs);
    expect(maxAbsDiff(data.loss, expected.loss_and_acc.loss)).toBeLessThan(expected.tolerance);
    expect(maxAbsDiff(data.metric, expected.loss_and_acc.acc)).toBeLessThan(expected.tolerance);
  });

  it("probabilities of the first 50 inputs, every epoch", () => {
    const proba = predictProba(replay);
    const n = replay.targetClasses.length;
    expect(proba.shape).toEqual([21, n, 1]);
    expect(maxAbsDiff(perEpoch(proba.data, n, 50, 21), expected.predict_proba_first50.values.flat())).toBeLessThan(
      expected.tolerance,
    );
  });

  it("binary cross-entropy of the first 10 inputs, epochs 2..19", () => {
    const { epochs, loss } = lossHistogramData(replay, { epochStart: 2, epochEnd: 19 });
    expect(epochs).toEqual(expected.bce_first10.epochs);
    expect(maxAbsDiff(perEpoch(loss.data, loss.shape[1], 10, 18), expected.bce_first10.values.flat())).toBeLessThan(
      expected.tolerance,
    );
  });

  describe("feature space of layer hidden", () => {
    let data: ReturnType<typeof featureSpaceData>;
    beforeAll(() => {
      const fs = expected.feature_space;
      data = featureSpaceData(replay, {
        layer: fs.layer,
        contourPoints: fs.contour_points,
        xlim: fs.xlim,
        ylim: fs.ylim,
        epochStart: fs.epochs[0],
        epochEnd: fs.epochs[fs.epochs.length - 1],
        // expected.json lists the first inputs in recorded order.
        sortByTarget: false,
      });
    });

    it("bent 30 x 30 contour and its predictions, epochs 2..19", () => {
      expect(data.epochs).toEqual(expected.feature_space.epochs);
      expect(data.bentContour.shape).toEqual([18, 30, 30, 2]);
      expect(maxAbsDiff(data.bentContour.data, expected.feature_space.bent_contour.flat(3))).toBeLessThan(
        expected.tolerance,
      );
      expect(Array.from(data.prediction.data)).toEqual(expected.feature_space.prediction.flat(2));
    });

    it("bent grid lines at epoch 10 (every 100th point of each of the 22 lines)", () => {
      const epoch = data.epochs.indexOf(10);
      const size = 22 * 1000 * 2;
      const got = Array.from({ length: 22 }, (_, line) =>
        Array.from({ length: 10 }, (_, k) => {
          const at = epoch * size + 2 * (line * 1000 + 100 * k);
          return [data.bentGrid.data[at], data.bentGrid.data[at + 1]];
        }),
      );
      expect(maxAbsDiff(got.flat(2), expected.feature_space.epoch10_bent_grid_every100th_point.flat(2))).toBeLessThan(
        expected.tolerance,
      );
    });

    it("bent inputs at epoch 10", () => {
      const epoch = data.epochs.indexOf(10);
      const n = replay.targetClasses.length;
      const got = data.bentInputs.data.subarray(epoch * n * 2, epoch * n * 2 + 20);
      expect(maxAbsDiff(got, expected.feature_space.epoch10_bent_inputs_first10.flat())).toBeLessThan(
        expected.tolerance,
      );
    });
  });

  it("gradients of the mean loss with respect to each kernel, epochs 0 and 20", () => {
    const data = layerViolinsData(replay, "gradients", { excludeOutputs: false });
    expect(data.names).toEqual(["hidden", "output"]);
    for (const epoch of [0, 20] as const) {
      data.names.forEach((name, i) => {
        const want = expected.kernel_gradients[epoch][name as "hidden" | "output"].flat();
        expect(maxAbsDiff(data.values[epoch][i].data, want)).toBeLessThan(expected.tolerance);
      });
    }
  });
});
