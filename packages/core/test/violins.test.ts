import { describe, expect, it } from "vitest";
import { describeError, type DeepReplayError, type LayerSpec } from "@deepreplay/frames";
import { layerViolinsData, layerViolinsFrames, std } from "@deepreplay/core";
import { affine, array, replayOf, thrown } from "./helpers.js";

// Dense(2, linear) -> BatchNormalization -> Activation(relu) -> Dense(3, tanh) -> Dense(1, sigmoid)
const layers: LayerSpec[] = [
  { kind: "Dense", name: "bottleneck", units: 2, activation: "linear", useBias: true },
  { kind: "BatchNormalization", name: "bn", epsilon: 0.001, center: true, scale: true },
  { kind: "Activation", name: "act", activation: "relu" },
  { kind: "Dense", name: "wide", units: 3, activation: "tanh", useBias: false },
  { kind: "Dense", name: "out", units: 1, activation: "sigmoid", useBias: true },
];
const X = [
  [0.5, -1],
  [1.5, 0.5],
  [-1, 2],
  [0.2, 0.3],
];
const k1 = [
  [1, -1],
  [0.5, 2],
];
const b1 = [0.1, 0];
const bn = { gamma: [1.5, 0.5], beta: [0.2, -0.1], mean: [0.3, 0.1], variance: [2, 1] };
const k2 = [
  [1, -1, 0.5],
  [0.2, 0.3, -0.4],
];
const k3 = [[1], [-2], [0.5]];
const weights = [
  [array(k1), array(b1)],
  [array(bn.gamma), array(bn.beta), array(bn.mean), array(bn.variance)],
  [],
  [array(k2)],
  [array(k3), array([0.1])],
];

const replay = () =>
  replayOf({ layers, inputs: array(X), targets: array([[1], [0], [1], [0]]), weights: [weights, weights] });

// Reference values per layer, float64.
const z1 = X.map((x) => affine(x, k1, b1));
const normalised = z1.map((row) =>
  row.map((v, j) => ((v - bn.mean[j]) / Math.sqrt(bn.variance[j] + 0.001)) * bn.gamma[j] + bn.beta[j]),
);
const relu = normalised.map((row) => row.map((v) => Math.max(0, v)));
const z2 = relu.map((h) => affine(h, k2));

describe("weights, gradients, activations and z-values per layer", () => {
  it("weights: the Dense kernels, the output layer excluded by default, with their std", async () => {
    const data = layerViolinsData(await replay(), "weights");
    expect(data.names).toEqual(["bottleneck", "wide", "out"]);
    expect(data.layers).toEqual(["bottleneck", "wide", "out"]);
    expect(data.selectedLayers).toEqual(["bottleneck", "wide"]);
    expect(Array.from(data.values[1][1].data)).toEqual(k2.flat().map(Math.fround));
    expect(data.std[0][0]).toBeCloseTo(std(k1.flat()), 6);
    expect(std([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(1.25), 12);
  });

  it("activations: inputs, then each layer that applies a non-linearity", async () => {
    const data = layerViolinsData(await replay(), "activations", { excludeOutputs: false });
    expect(data.names).toEqual(["inputs", "act", "wide", "out"]);
    expect(data.selectedLayers).toEqual(["inputs", "act", "wide", "out"]);
    const [inputs, act, wide] = data.values[0];
    expect(Array.from(inputs.data)).toEqual(X.flat().map(Math.fround));
    Array.from(act.data).forEach((v, i) => expect(v).toBeCloseTo(relu.flat()[i], 5));
    Array.from(wide.data).forEach((v, i) => expect(v).toBeCloseTo(Math.tanh(z2.flat()[i]), 5));
  });

  it("z-values: for each activation, the nearest affine layer's value (BatchNormalization before a separate Activation)", async () => {
    const data = layerViolinsData(await replay(), "z-values", { includeInputs: false, layerNames: ["bn", "wide"] });
    expect(data.names).toEqual(["inputs", "bn", "wide", "out"]);
    expect(data.selectedLayers).toEqual(["bn", "wide"]);
    Array.from(data.values[0][1].data).forEach((v, i) => expect(v).toBeCloseTo(normalised.flat()[i], 5));
    Array.from(data.values[0][2].data).forEach((v, i) => expect(v).toBeCloseTo(z2.flat()[i], 5));
  });

  it("frames carry the selected layers' values and std", async () => {
    const frames = [...layerViolinsFrames(await replay(), "z-values", { epochStart: 1 })];
    expect(frames.map((f) => f.epoch)).toEqual([1]);
    const [frame] = frames;
    expect(frame.quantity).toBe("z-values");
    expect(frame.layers.map((l) => l.name)).toEqual(["inputs", "bn", "wide"]);
    expect(frame.layers[1].std).toBeCloseTo(std(normalised.flat()), 5);
    expect(frame.finite).toBe(true);
  });

  it("gradients exist for every Dense kernel (a finite-difference check through BatchNormalization)", async () => {
    const data = layerViolinsData(await replay(), "gradients", { layerNames: ["bottleneck"] });
    expect(data.names).toEqual(["bottleneck", "wide", "out"]);
    const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
    const meanLoss = (kernel: number[][]): number => {
      const y = [1, 0, 1, 0];
      return (
        X.reduce((sum, x, i) => {
          const n = affine(x, kernel, b1).map((v, j) =>
            Math.max(0, ((v - bn.mean[j]) / Math.sqrt(bn.variance[j] + 0.001)) * bn.gamma[j] + bn.beta[j]),
          );
          const p = sigmoid(affine(affine(n, k2).map(Math.tanh), k3, [0.1])[0]);
          return sum - (y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
        }, 0) / X.length
      );
    };
    const h = 1e-6;
    k1.forEach((row, i) =>
      row.forEach((_, j) => {
        const plus = k1.map((r) => [...r]);
        const minus = k1.map((r) => [...r]);
        plus[i][j] += h;
        minus[i][j] -= h;
        expect(data.values[0][0].data[i * 2 + j]).toBeCloseTo((meanLoss(plus) - meanLoss(minus)) / (2 * h), 5);
      }),
    );
  });

  it("refuses layer names the quantity does not have", async () => {
    const r = await replay();
    expect(
      describeError(thrown(() => layerViolinsData(r, "weights", { layerNames: ["act"] })) as DeepReplayError),
    ).toMatch(/"act".*bottleneck, wide, out/);
  });
});
