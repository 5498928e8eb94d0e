import { afterAll, describe, expect, it } from "vitest";
import { ndarray, type NdArray } from "@deepreplay/frames";
import { featureSpaceData, lossAndMetricData, lossHistogramData, predictProba, type Replay } from "@deepreplay/core";
import { layerWeights, readOnnxArchitecture, readStateDict, type Architecture } from "../src/index.js";
import { seededUniform } from "../../../tools/testing/random.js";
import { f32, stateDictPickle, torchZip } from "./make.js";
import { legacyClassifier, twoLayer } from "./models.js";
import { maxAbsDiff, replayOf } from "./recording.js";

/**
 * Runs PyTorch would make with other shapes than the fixture's, replayed through core and checked
 * against a float64 forward pass written here with PyTorch's semantics (nn.Linear: x Wᵀ + b;
 * BatchNorm1d in eval; LeakyReLU's slope 0.01; ELU, SELU, Softplus as torch defines them).
 */

const random = seededUniform(12);
const uniform = (n: number, scale: number) => Array.from({ length: n }, () => (random() * 2 - 1) * scale);

/** A state_dict saved by torch.save, one float32 storage per tensor. */
function checkpoint(name: string, tensors: Record<string, { shape: number[]; values: number[] }>) {
  const entries = Object.entries(tensors);
  const pickle = stateDictPickle(
    entries.map(([key, t], k) => ({ key, storageKey: String(k), numel: t.values.length, shape: t.shape })),
  );
  const storages = Object.fromEntries(entries.map(([, t], k) => [String(k), f32(t.values)]));
  return readStateDict({ name, bytes: torchZip(name.replace(/\..*$/, ""), pickle, storages) });
}

const f = Math.fround;
const linear = (x: number[], w: number[], b: number[], out: number) =>
  Array.from({ length: out }, (_, o) => x.reduce((sum, xi, i) => sum + xi * f(w[o * x.length + i]), f(b[o])));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const TORCH_ACTIVATIONS: Record<string, (z: number) => number> = {
  Relu: (z) => Math.max(0, z),
  Sigmoid: sigmoid,
  Tanh: Math.tanh,
  LeakyRelu: (z) => (z > 0 ? z : 0.01 * z),
  Elu: (z) => (z > 0 ? z : Math.expm1(z)),
  Selu: (z) => 1.0507009873554805 * (z > 0 ? z : 1.6732632423543772 * Math.expm1(z)),
  Softplus: (z) => Math.log1p(Math.exp(z)),
};

const inputs = (n: number): NdArray => ndarray(Float64Array.from(uniform(2 * n, 2)), [n, 2]);
const rows = (x: NdArray) =>
  Array.from({ length: x.shape[0] }, (_, i) => Array.from(x.data.subarray(i * 2, i * 2 + 2)));

const replays: Replay[] = [];
afterAll(() => replays.forEach((replay) => replay.close()));

async function replayed(
  arch: Architecture,
  state: ReturnType<typeof checkpoint>,
  x: NdArray,
  y: NdArray,
  loss: string,
  metric: string,
): Promise<Replay> {
  const weights = layerWeights(arch, state, "epoch00.pt");
  const replay = await replayOf({ ...arch.model, loss, metrics: [metric] }, [weights, weights], x, y);
  replays.push(replay);
  return replay;
}

describe("replaying other PyTorch shapes through core (hand-made state_dicts and ONNX graphs)", () => {
  const n = 64;
  const x = inputs(n);

  describe("Linear → BatchNorm1d → LeakyReLU → Dropout → Linear → Softmax over 3 classes", () => {
    const t = {
      "hidden.weight": { shape: [4, 2], values: uniform(8, 1.5) },
      "hidden.bias": { shape: [4], values: uniform(4, 0.5) },
      "bn.weight": { shape: [4], values: uniform(4, 1).map((v) => 1 + v / 2) },
      "bn.bias": { shape: [4], values: uniform(4, 0.3) },
      "bn.running_mean": { shape: [4], values: uniform(4, 0.5) },
      "bn.running_var": { shape: [4], values: uniform(4, 0.5).map((v) => 1 + v) },
      "bn.num_batches_tracked": { shape: [1], values: [40] },
      "output.weight": { shape: [3, 4], values: uniform(12, 1.5) },
      "output.bias": { shape: [3], values: uniform(3, 0.5) },
    };
    const probs = rows(x).map((row) => {
      const h = linear(row, t["hidden.weight"].values, t["hidden.bias"].values, 4);
      const bn = h.map(
        (v, i) =>
          ((v - f(t["bn.running_mean"].values[i])) / Math.sqrt(f(t["bn.running_var"].values[i]) + 1e-5)) *
            f(t["bn.weight"].values[i]) +
          f(t["bn.bias"].values[i]),
      );
      const z = linear(bn.map(TORCH_ACTIVATIONS.LeakyRelu), t["output.weight"].values, t["output.bias"].values, 3);
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      return e.map((v) => v / e.reduce((a, b) => a + b, 0));
    });
    const labels = probs.map(() => Math.floor(random() * 3));
    // nn.CrossEntropyLoss per input: -log p[label].
    const losses = probs.map((p, i) => -Math.log(p[labels[i]]));
    const accuracy = probs.filter((p, i) => p.indexOf(Math.max(...p)) === labels[i]).length / n;
    const arch = readOnnxArchitecture({ name: "model.onnx", bytes: legacyClassifier() });
    const state = checkpoint("epoch00.pt", t);
    const oneHot = ndarray(Float32Array.from(labels.flatMap((c) => [0, 1, 2].map((k) => Number(k === c)))), [n, 3]);
    const sparse = ndarray(Float32Array.from(labels), [n]);

    for (const [loss, y, metric] of [
      ["categorical_crossentropy", oneHot, "categorical_accuracy"],
      ["sparse_categorical_crossentropy", sparse, "sparse_categorical_accuracy"],
    ] as const) {
      it(`probabilities, ${loss} per input and ${metric} equal PyTorch's within 1e-5`, async () => {
        const replay = await replayed(arch, state, x, y, loss, metric);
        expect(predictProba(replay, { epochStart: 0, epochEnd: 0 }).shape).toEqual([1, n, 3]);
        expect(maxAbsDiff(predictProba(replay, { epochStart: 0, epochEnd: 0 }).data, probs.flat())).toBeLessThan(1e-5);
        expect(maxAbsDiff(lossHistogramData(replay, { epochStart: 0, epochEnd: 0 }).loss.data, losses)).toBeLessThan(
          1e-5,
        );
        const data = lossAndMetricData(replay, { epochStart: 0, epochEnd: 0, metric });
        expect(data.loss[0]).toBeCloseTo(losses.reduce((a, b) => a + b, 0) / n, 5);
        expect(data.metric[0]).toBeCloseTo(accuracy, 6);
      });
    }
  });

  for (const [op, act] of Object.entries(TORCH_ACTIVATIONS)) {
    it(`Linear + ${op} (PyTorch's defaults) as one layer: its output and the probabilities equal PyTorch's`, async () => {
      const t = {
        "hidden.weight": { shape: [2, 2], values: uniform(4, 2) },
        "hidden.bias": { shape: [2], values: uniform(2, 1) },
        "output.weight": { shape: [1, 2], values: uniform(2, 2) },
        "output.bias": { shape: [1], values: uniform(1, 0.5) },
      };
      const hidden = rows(x).map((row) => linear(row, t["hidden.weight"].values, t["hidden.bias"].values, 2).map(act));
      const probs = hidden.map((h) => sigmoid(linear(h, t["output.weight"].values, t["output.bias"].values, 1)[0]));
      const y = ndarray(Float32Array.from(probs.map(() => Number(random() > 0.5))), [n, 1]);
      const bce = probs.map((p, i) => -(y.data[i] * Math.log(p) + (1 - y.data[i]) * Math.log(1 - p)));
      const arch = readOnnxArchitecture({
        name: "model.onnx",
        bytes: twoLayer(op, op === "LeakyRelu" ? { alpha: { f: 0.01 } } : {}),
      });
      expect(arch.model.layers.map((l) => l.kind)).toEqual(["Dense", "Dense"]);
      const replay = await replayed(arch, checkpoint("epoch00.pt", t), x, y, "binary_crossentropy", "binary_accuracy");
      const space = featureSpaceData(replay, {
        layer: "hidden",
        contourPoints: 0,
        displayGrid: false,
        regions: false,
        sortByTarget: false,
        epochStart: 0,
        epochEnd: 0,
      });
      expect(maxAbsDiff(space.bentInputs.data, hidden.flat())).toBeLessThan(1e-5);
      expect(maxAbsDiff(predictProba(replay, { epochStart: 0, epochEnd: 0 }).data, probs)).toBeLessThan(1e-5);
      expect(maxAbsDiff(lossHistogramData(replay, { epochStart: 0, epochEnd: 0 }).loss.data, bce)).toBeLessThan(1e-5);
    });
  }
});
