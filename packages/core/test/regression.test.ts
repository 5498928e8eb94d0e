import { describe, expect, it } from "vitest";
import { describeError, isDeepReplayError, type DeepReplayError, type LayerSpec } from "@deepreplay/frames";
import {
  decisionBoundaryFrames,
  featureSpaceFrames,
  layerViolinsData,
  lossAndMetricData,
  lossHistogramData,
  lossLandscape,
  predictProba,
  probabilityHistogramData,
  probabilityHistogramFrames,
} from "@deepreplay/core";
import { affine, array, replayOf, thrown } from "./helpers.js";

/**
 * A regression run (mean squared error, linear outputs of 2 units) replayed against a float64
 * reference written here: Keras' MSE is the mean over the last axis per input, and the loss over all
 * inputs the mean of those; the kernel gradients are checked against central finite differences.
 */

const X = [
  [0.5, -1],
  [1.5, 0.5],
  [-1, 2],
  [0.2, 0.3],
  [-0.8, -0.6],
  [1.1, -0.4],
];
const Y = [
  [0.3, -1.2],
  [2.5, 0.1],
  [-0.7, 0.9],
  [0.05, 0.4],
  [-1.5, -0.2],
  [1.9, 3.1],
];
const layers: LayerSpec[] = [
  { kind: "Dense", name: "hidden", units: 3, activation: "tanh", useBias: true },
  { kind: "Dense", name: "out", units: 2, activation: "linear", useBias: true },
];
interface Weights {
  k1: number[][];
  b1: number[];
  k2: number[][];
  b2: number[];
}
const W: Weights[] = [
  {
    k1: [
      [0.3, -0.4, 0.8],
      [0.1, 0.6, -0.5],
    ],
    b1: [0.1, -0.2, 0.05],
    k2: [
      [0.7, -0.3],
      [-0.9, 0.4],
      [0.2, 1.1],
    ],
    b2: [0.2, -0.1],
  },
  {
    k1: [
      [1.2, -0.7, 0.3],
      [-0.2, 0.9, 0.4],
    ],
    b1: [-0.3, 0.1, 0.2],
    k2: [
      [1.4, 0.6],
      [-0.5, -0.8],
      [0.9, 0.3],
    ],
    b2: [0.5, 0.4],
  },
];

function regressionReplay(metrics: string[] = ["mae"], targets = Y) {
  return replayOf({
    layers,
    inputs: array(X),
    targets: array(targets),
    weights: W.map(({ k1, b1, k2, b2 }) => [
      [array(k1), array(b1)],
      [array(k2), array(b2)],
    ]),
    loss: "mean_squared_error",
    metrics,
  });
}

// The float64 reference.
const predict = ({ k1, b1, k2, b2 }: Weights, x: number[]): number[] =>
  affine(affine(x, k1, b1).map(Math.tanh), k2, b2);
const squaredErrors = (w: Weights): number[] =>
  X.map((x, i) => predict(w, x).reduce((s, p, j) => s + (p - Y[i][j]) ** 2, 0) / 2);
const meanLoss = (w: Weights): number => squaredErrors(w).reduce((a, b) => a + b, 0) / X.length;
const meanAbsolute = (w: Weights): number =>
  X.flatMap((x, i) => predict(w, x).map((p, j) => Math.abs(p - Y[i][j]))).reduce((a, b) => a + b, 0) / (2 * X.length);

/** d meanLoss / d kernel by central differences, in float64. */
function finiteDifferences(w: Weights, kernel: "k1" | "k2", h = 1e-6): number[][] {
  return w[kernel].map((row, r) =>
    row.map((_, c) => {
      const shifted = (delta: number): Weights => ({
        ...w,
        [kernel]: w[kernel].map((rr, i) => rr.map((v, j) => (i === r && j === c ? v + delta : v))),
      });
      return (meanLoss(shifted(h)) - meanLoss(shifted(-h))) / (2 * h);
    }),
  );
}

describe("a regression run (mean squared error)", () => {
  it("per-input losses are Keras' mean over the output units of the squared error", async () => {
    const { loss } = lossHistogramData(await regressionReplay());
    expect(loss.shape).toEqual([2, X.length]);
    W.forEach((w, e) =>
      squaredErrors(w).forEach((l, i) => expect(Math.abs(loss.data[e * X.length + i] - l)).toBeLessThan(1e-5)),
    );
  });

  it("the loss over all inputs is the mean of the per-input losses; mae and mse as Keras logs them", async () => {
    for (const [name, reference] of [
      ["mae", meanAbsolute],
      ["mean_absolute_error", meanAbsolute],
      ["mse", meanLoss],
      ["mean_squared_error", meanLoss],
    ] as const) {
      const data = lossAndMetricData(await regressionReplay([name]));
      expect(data.metricName).toBe(name);
      W.forEach((w, e) => {
        expect(Math.abs(data.loss[e] - meanLoss(w))).toBeLessThan(1e-5);
        expect(Math.abs(data.metric[e] - reference(w))).toBeLessThan(1e-5);
      });
    }
  });

  it("a regression run without metrics shows mae beside the loss", async () => {
    const data = lossAndMetricData(await regressionReplay([]));
    expect(data.metricName).toBe("mae");
    W.forEach((w, e) => expect(Math.abs(data.metric[e] - meanAbsolute(w))).toBeLessThan(1e-5));
  });

  it("accuracy on an MSE run is Keras': categorical (argmax of output vs target rows), binary (0.5 threshold equals the target) for one unit", async () => {
    const categorical = lossAndMetricData(await regressionReplay(["accuracy"]));
    const argmax = (row: number[]) => row.indexOf(Math.max(...row));
    W.forEach((w, e) => {
      const hits = X.filter((x, i) => argmax(predict(w, x)) === argmax(Y[i])).length;
      expect(categorical.metric[e]).toBeCloseTo(hits / X.length, 6);
    });
    // One linear unit, targets 0/1 and one in between (never equal to a thresholded output, as in Keras).
    const y = [1, 0, 1, 0.5, 0, 1];
    const single = await replayOf({
      layers: [{ kind: "Dense", name: "out", units: 1, activation: "linear", useBias: true }],
      inputs: array(X),
      targets: array(y.map((v) => [v])),
      weights: [[[array([[0.8], [-0.6]]), array([0.3])]]],
      loss: "mse",
      metrics: ["binary_accuracy"],
    });
    const outputs = X.map((x) => affine(x, [[0.8], [-0.6]], [0.3])[0]);
    const want = outputs.filter((p, i) => Number(p > 0.5) === y[i]).length / X.length;
    expect(lossAndMetricData(single).metric[0]).toBeCloseTo(want, 6);
    const losses = lossHistogramData(single).loss.data;
    outputs.forEach((p, i) => expect(Math.abs(losses[i] - (p - y[i]) ** 2)).toBeLessThan(1e-5));
  });

  it("kernel gradients of the mean loss equal central finite differences of the float64 reference", async () => {
    const data = layerViolinsData(await regressionReplay(), "gradients", { excludeOutputs: false });
    expect(data.names).toEqual(["hidden", "out"]);
    W.forEach((w, e) => {
      (["k1", "k2"] as const).forEach((kernel, layer) => {
        const want = finiteDifferences(w, kernel);
        expect(data.values[e][layer].shape).toEqual([want.length, want[0].length]);
        want.flat().forEach((g, j) => expect(Math.abs(data.values[e][layer].data[j] - g)).toBeLessThan(1e-5));
      });
    });
  });

  it("the loss landscape is the mean squared error over all inputs at every grid point", async () => {
    const third: Weights = {
      k1: [
        [0.8, -0.1, 0.6],
        [0.4, 0.2, -0.9],
      ],
      b1: [0, 0.3, -0.1],
      k2: [
        [0.2, 0.9],
        [-1.1, 0.1],
        [0.6, -0.4],
      ],
      b2: [-0.2, 0.3],
    };
    const replay = await replayOf({
      layers,
      inputs: array(X),
      targets: array(Y),
      weights: [...W, third].map(({ k1, b1, k2, b2 }) => [
        [array(k1), array(b1)],
        [array(k2), array(b2)],
      ]),
      loss: "mean_squared_error",
    });
    const { a, b, directions, loss } = lossLandscape(replay, { points: 3 });
    // θ in the recording's order: hidden kernel (row-major), hidden bias, out kernel, out bias.
    const origin = [...third.k1.flat(), ...third.b1, ...third.k2.flat(), ...third.b2];
    const unflatten = (t: number[]): Weights => ({
      k1: [t.slice(0, 3), t.slice(3, 6)],
      b1: t.slice(6, 9),
      k2: [t.slice(9, 11), t.slice(11, 13), t.slice(13, 15)],
      b2: t.slice(15, 17),
    });
    b.forEach((bj, j) =>
      a.forEach((ai, i) => {
        const theta = origin.map((v, k) => v + ai * directions[0][k] + bj * directions[1][k]);
        expect(Math.abs(loss[j * a.length + i] - meanLoss(unflatten(theta)))).toBeLessThan(1e-4);
      }),
    );
  });

  it("predictProba gives the raw outputs; the views that draw classes refuse, naming what to use", async () => {
    const replay = await regressionReplay();
    const outputs = predictProba(replay);
    expect(outputs.shape).toEqual([2, X.length, 2]);
    W.forEach((w, e) =>
      X.forEach((x, i) =>
        predict(w, x).forEach((p, j) =>
          expect(Math.abs(outputs.data[(e * X.length + i) * 2 + j] - p)).toBeLessThan(1e-5),
        ),
      ),
    );
    const twoUnits = await replayOf({
      layers: [
        { kind: "Dense", name: "hidden", units: 2, activation: "tanh", useBias: true },
        { kind: "Dense", name: "out", units: 1, activation: "linear", useBias: true },
      ],
      inputs: array(X),
      targets: array(Y.map(([a]) => [a])),
      weights: [
        [
          [
            array([
              [1, 0],
              [0, 1],
            ]),
            array([0, 0]),
          ],
          [array([[1], [1]]), array([0])],
        ],
      ],
      loss: "mean_squared_error",
    });
    for (const refused of [
      () => probabilityHistogramFrames(replay),
      () => probabilityHistogramData(replay),
      () => decisionBoundaryFrames(replay),
      () => featureSpaceFrames(twoUnits, { layer: "hidden" }),
    ]) {
      const caught = thrown(refused);
      expect(isDeepReplayError(caught, "NOT_A_CLASSIFIER")).toBe(true);
      expect(describeError(caught as DeepReplayError)).toMatch(/mean_squared_error.*regression[\s\S]*loss histogram/);
    }
  });

  it("refuses mae on labels of several classes (targets narrower than the output), naming the metric", async () => {
    const replay = await replayOf({
      layers: [{ kind: "Dense", name: "out", units: 3, activation: "softmax", useBias: true }],
      inputs: array(X),
      targets: array(X.map((_, i) => [i % 3])),
      weights: [
        [
          [
            array([
              [1, 0, -1],
              [0, 1, 0.5],
            ]),
            array([0, 0, 0]),
          ],
        ],
      ],
      loss: "sparse_categorical_crossentropy",
      metrics: ["mae"],
    });
    const caught = thrown(() => lossAndMetricData(replay));
    expect(isDeepReplayError(caught, "DATA_MISMATCH")).toBe(true);
    expect((caught as DeepReplayError).message).toBe(
      'The metric "mae" compares every output value with a target, but each input has 1 target value and the model outputs 3.',
    );
  });

  it("refuses targets that are not one value per output unit", async () => {
    await expect(
      regressionReplay(
        ["mae"],
        Y.map(([a]) => [a]),
      ),
    ).rejects.toSatisfy((error) => isDeepReplayError(error, "DATA_MISMATCH"));
  });
});
