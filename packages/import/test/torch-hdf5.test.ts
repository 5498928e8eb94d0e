import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ndarray, type ModelDescription, type NdArray } from "@deepreplay/frames";
import { activationFunctionName, Hdf5Storage, openRecording, type RecordingPlan } from "@deepreplay/recorder";
import { openReplay, predictProba } from "@deepreplay/core";
import { readOnnxArchitecture } from "../src/index.js";
import { legacyClassifier, twoLayer } from "./models.js";
import { maxAbsDiff, replayOf } from "./recording.js";

/**
 * What an imported PyTorch architecture keeps through deepreplay's HDF5 layout and its Keras 2.2
 * model file: BatchNorm's epsilon 1e-5, LeakyReLU's 0.01 on a Dense and on an Activation layer,
 * Dropout's rate, SELU, a 3-class softmax; and the replay from the file equals the one in memory.
 */
const dir = mkdtempSync(join(tmpdir(), "import-torch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filled = (shape: readonly number[], seed: number): NdArray =>
  ndarray(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(seed * 7.3 + i * 1.7)),
    shape,
  );

async function roundTrip(name: string, model: ModelDescription, shapes: number[][][], classes: number) {
  const weights = shapes.map((layer, i) => layer.map((shape, j) => filled(shape, i * 10 + j)));
  // BatchNorm's variance must be positive.
  model.layers.forEach(
    (layer, i) =>
      layer.kind === "BatchNormalization" &&
      (weights[i][3] = ndarray(
        weights[i][3].data.map((v) => 1 + Math.abs(v)),
        weights[i][3].shape,
      )),
  );
  const x = ndarray(
    Float64Array.from({ length: 40 }, (_, i) => Math.cos(i * 0.7) * 2),
    [20, 2],
  );
  const y = ndarray(
    Float32Array.from({ length: 20 }, (_, i) => i % classes),
    [20, 1],
  );
  const plan: RecordingPlan = {
    group: name,
    inputs: x,
    targets: y,
    model,
    samples: 20,
    batchSize: 10,
    nBatches: 2,
    nEpochs: 1,
    activationFunctions: model.layers.map(activationFunctionName),
    series: ["loss"],
    initialWeights: weights,
  };
  const storage = new Hdf5Storage(join(dir, "runs.h5"));
  const sink = await storage.create(plan);
  sink.writeEpoch({
    epoch: 1,
    weights: weights.map((layer) => layer.map((w) => w.data as Float32Array)),
    values: { loss: 0.5 },
  });
  sink.close();
  const recording = await openRecording(join(dir, "runs.h5"), name, { modelPath: storage.modelPath(name) });
  const fromFile = await openReplay(recording);
  const inMemory = await replayOf(model, [weights, weights], x, y);
  try {
    return {
      layers: recording.info.model.layers,
      difference: maxAbsDiff(predictProba(fromFile).data, predictProba(inMemory).data),
    };
  } finally {
    fromFile.close();
    inMemory.close();
  }
}

describe("imported PyTorch architectures through the HDF5 layout and the Keras model file", () => {
  it("keeps BatchNorm1d (eps 1e-5), LeakyReLU (0.01), Dropout and a 3-class softmax", async () => {
    const arch = readOnnxArchitecture({ name: "model.onnx", bytes: legacyClassifier() });
    const model = { ...arch.model, loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] };
    const { layers, difference } = await roundTrip(
      "classifier",
      model,
      [[[2, 4], [4]], [[4], [4], [4], [4]], [], [], [[4, 3], [3]]],
      3,
    );
    expect(layers).toEqual(
      arch.model.layers.map((layer) =>
        expect.objectContaining(
          layer.kind === "BatchNormalization" ? { ...layer, epsilon: expect.closeTo(1e-5, 9) } : layer,
        ),
      ),
    );
    expect(difference).toBeLessThan(1e-6);
  });

  for (const op of ["LeakyRelu", "Selu", "Elu", "Softplus"]) {
    it(`keeps a Linear + ${op} layer as it was read`, async () => {
      const arch = readOnnxArchitecture({
        name: "model.onnx",
        bytes: twoLayer(op, op === "LeakyRelu" ? { alpha: { f: 0.01 } } : {}),
      });
      const model = { ...arch.model, loss: "binary_crossentropy", metrics: ["accuracy"] };
      const { layers, difference } = await roundTrip(
        op,
        model,
        [
          [[2, 2], [2]],
          [[2, 1], [1]],
        ],
        2,
      );
      expect(layers).toEqual(
        arch.model.layers.map((layer) => ("alpha" in layer ? { ...layer, alpha: expect.closeTo(0.01, 7) } : layer)),
      );
      expect(difference).toBeLessThan(1e-6);
    });
  }
});
