import { describe, expect, it } from "vitest";
import { describeError, isDeepReplayError, type DeepReplayError, type LayerSpec } from "@deepreplay/frames";
import {
  layerViolinsData,
  lossAndMetricData,
  lossAndMetricFrames,
  lossHistogramData,
  lossHistogramFrames,
  predictProba,
  probabilityHistogramFrames,
} from "@deepreplay/core";
import { affine, array, replayOf, sigmoid, thrown } from "./helpers.js";

const X = [
  [0.5, -1],
  [1.5, 0.5],
  [-1, 2],
  [0.2, 0.3],
  [-0.8, -0.6],
];
const Y = [1, 0, 1, 0, 1];
const logistic: LayerSpec[] = [{ kind: "Dense", name: "out", units: 1, activation: "sigmoid", useBias: true }];
// Two epochs of weights: [kernel, bias].
const W = [
  { kernel: [[0.3], [-0.4]], bias: [0.1] },
  { kernel: [[-1.2], [0.7]], bias: [-0.2] },
];

function logisticReplay() {
  return replayOf({
    layers: logistic,
    inputs: array(X),
    targets: array(Y.map((y) => [y])),
    weights: W.map(({ kernel, bias }) => [[array(kernel), array(bias)]]),
  });
}

const probabilities = (epoch: number): number[] => X.map((x) => sigmoid(affine(x, W[epoch].kernel, W[epoch].bias)[0]));
const bce = (p: number, y: number): number => -(y * Math.log(p) + (1 - y) * Math.log(1 - p));

describe("probabilities, losses and metrics over all inputs", () => {
  it("predictProba: [epochs, samples, units]", async () => {
    const proba = predictProba(await logisticReplay());
    expect(proba.shape).toEqual([2, 5, 1]);
    [...probabilities(0), ...probabilities(1)].forEach((p, i) => expect(proba.data[i]).toBeCloseTo(p, 6));
  });

  it("loss histogram: binary cross-entropy of every input", async () => {
    const { epochs, loss } = lossHistogramData(await logisticReplay());
    expect(epochs).toEqual([0, 1]);
    expect(loss.shape).toEqual([2, 5]);
    [0, 1].forEach((e) =>
      probabilities(e).forEach((p, i) => expect(loss.data[e * 5 + i]).toBeCloseTo(bce(p, Y[i]), 6)),
    );
  });

  it("every loss histogram frame carries the finite losses' extent over the whole range, a single epoch its own", async () => {
    const replay = await logisticReplay();
    const all = [0, 1].flatMap((e) => probabilities(e).map((p, i) => bce(p, Y[i])));
    const frames = [...lossHistogramFrames(replay)];
    for (const frame of frames) {
      expect(frame.lossExtent![0]).toBeCloseTo(Math.min(...all), 6);
      expect(frame.lossExtent![1]).toBeCloseTo(Math.max(...all), 6);
    }
    const [still] = lossHistogramFrames(replay, { epochStart: 1, epochEnd: 1 });
    const own = probabilities(1).map((p, i) => bce(p, Y[i]));
    expect(still.lossExtent![0]).toBeCloseTo(Math.min(...own), 6);
    expect(still.lossExtent![1]).toBeCloseTo(Math.max(...own), 6);
  });

  it("skips NaN losses in the range's extent, as the original's histogram scale does", async () => {
    const replay = await replayOf({
      layers: logistic,
      inputs: array([
        [1, 0],
        [0, 1],
      ]),
      targets: array([[0], [1]]),
      weights: [[[array([[0.5], [-0.5]]), array([0])]], [[array([[NaN], [0.5]]), array([0])]]],
    });
    const [first, diverged] = lossHistogramFrames(replay);
    expect(Array.from(diverged.losses).every(Number.isNaN)).toBe(true);
    const finite = Array.from(first.losses);
    expect(diverged.lossExtent).toEqual([Math.min(...finite), Math.max(...finite)]);
  });

  it("clips probabilities to [1e-7, 1 - 1e-7] as Keras does", async () => {
    const replay = await replayOf({
      layers: logistic,
      inputs: array([
        [1, 0],
        [-1, 0],
      ]),
      targets: array([[0], [1]]),
      weights: [[[array([[200], [0]]), array([0])]]],
    });
    const [frame] = lossHistogramFrames(replay);
    // sigmoid(±200) is 1 and 0 in float32; the clip keeps the losses finite: -log(1 - fround(1 - 1e-7)).
    const clipped = -Math.log(1 - Math.fround(1 - 1e-7));
    expect(frame.finite).toBe(true);
    expect(frame.losses[0]).toBeCloseTo(clipped, 3);
    expect(frame.losses[1]).toBeCloseTo(-Math.log(Math.fround(1e-7)), 3);
  });

  it("keeps a NaN probability's loss NaN, as Keras does (the clip does not hide a diverged run)", async () => {
    const replay = await replayOf({
      layers: logistic,
      inputs: array([
        [1, 0],
        [0, 1],
      ]),
      targets: array([[0], [1]]),
      weights: [[[array([[NaN], [0.5]]), array([0])]]],
    });
    const [frame] = lossHistogramFrames(replay);
    expect(frame.finite).toBe(false);
    expect(frame.note).toMatch(/diverged/);
    // 0 × NaN is NaN too: every input's probability, and so its loss, is NaN.
    expect(Array.from(frame.losses).map(Number.isNaN)).toEqual([true, true]);
  });

  it("loss and accuracy recomputed per epoch; every frame carries the range and marks its epoch", async () => {
    const replay = await logisticReplay();
    const data = lossAndMetricData(replay);
    const accuracyOf = (e: number): number => probabilities(e).filter((p, i) => Number(p > 0.5) === Y[i]).length / 5;
    const meanLoss = (e: number): number => probabilities(e).reduce((s, p, i) => s + bce(p, Y[i]), 0) / 5;
    expect(data.metricName).toBe("acc");
    [0, 1].forEach((e) => {
      expect(data.loss[e]).toBeCloseTo(meanLoss(e), 6);
      expect(data.metric[e]).toBeCloseTo(accuracyOf(e), 6);
    });
    const frames = [...lossAndMetricFrames(replay, { epochStart: 1 })];
    expect(frames.map((f) => f.epoch)).toEqual([1]);
    expect(Array.from(frames[0].epochs)).toEqual([1]);
    expect(frames[0].loss[0]).toBeCloseTo(meanLoss(1), 6);
  });

  it("probability histogram frames: probability, target and correctness of each input", async () => {
    const [frame] = probabilityHistogramFrames(await logisticReplay(), { epochStart: 1, epochEnd: 1 });
    const p = probabilities(1);
    expect(frame.epoch).toBe(1);
    Array.from(frame.probabilities).forEach((v, i) => expect(v).toBeCloseTo(p[i], 6));
    expect(Array.from(frame.targets)).toEqual(Y);
    expect(Array.from(frame.correct)).toEqual(p.map((q, i) => Number(Number(q > 0.5) === Y[i])));
  });

  it("kernel gradients of the mean loss equal X^T (p - y) / n for logistic regression", async () => {
    const data = layerViolinsData(await logisticReplay(), "gradients", { excludeOutputs: false });
    expect(data.names).toEqual(["out"]);
    expect(data.selectedLayers).toEqual(["out"]);
    [0, 1].forEach((e) => {
      const p = probabilities(e);
      const want = [0, 1].map((j) => X.reduce((s, x, i) => s + x[j] * (p[i] - Y[i]), 0) / X.length);
      expect(data.values[e][0].shape).toEqual([2, 1]);
      Array.from(data.values[e][0].data).forEach((g, j) => expect(g).toBeCloseTo(want[j], 6));
    });
  });

  it("refuses a loss it cannot compute per input, with a hint", async () => {
    const replay = await replayOf({
      layers: logistic,
      inputs: array(X),
      targets: array(Y.map((y) => [y])),
      weights: [[[array(W[0].kernel), array(W[0].bias)]]],
      loss: "hinge",
    });
    const caught = thrown(() => lossHistogramFrames(replay));
    expect(isDeepReplayError(caught, "UNSUPPORTED_LOSS")).toBe(true);
    expect(describeError(caught as DeepReplayError)).toMatch(/"hinge".*binary_crossentropy/);
    expect(() => lossAndMetricData(replay)).toThrowError(/hinge/);
    expect(() => layerViolinsData(replay, "gradients")).toThrowError(/hinge/);
  });
});

describe("several classes (softmax)", () => {
  const layers: LayerSpec[] = [{ kind: "Dense", name: "out", units: 3, activation: "softmax", useBias: true }];
  const kernel = [
    [1, -0.5, 0.2],
    [-0.3, 0.8, 0.1],
  ];
  const bias = [0.1, 0, -0.1];
  const classes = [0, 1, 2, 1, 0];
  const softmax = (x: number[]): number[] => {
    const z = affine(x, kernel, bias);
    const e = z.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };

  for (const [label, targets, loss] of [
    ["one-hot targets", array(classes.map((c) => [0, 1, 2].map((k) => Number(k === c)))), "categorical_crossentropy"],
    ["integer targets", array(classes.map((c) => [c])), "sparse_categorical_crossentropy"],
  ] as const) {
    it(`categorical cross-entropy and argmax accuracy with ${label}`, async () => {
      const replay = await replayOf({
        layers,
        inputs: array(X),
        targets,
        weights: [[[array(kernel), array(bias)]]],
        loss,
        metrics: ["accuracy"],
      });
      const p = X.map(softmax);
      const [frame] = lossHistogramFrames(replay);
      p.forEach((row, i) => expect(frame.losses[i]).toBeCloseTo(-Math.log(row[classes[i]]), 5));
      const data = lossAndMetricData(replay);
      const argmax = p.map((row) => row.indexOf(Math.max(...row)));
      expect(data.metric[0]).toBeCloseTo(argmax.filter((c, i) => c === classes[i]).length / 5, 6);
      const [histogram] = probabilityHistogramFrames(replay);
      p.forEach((row, i) => expect(histogram.probabilities[i]).toBeCloseTo(row[classes[i]], 6));
      expect(histogram.classes).toEqual(["0", "1", "2"]);
    });
  }
});
