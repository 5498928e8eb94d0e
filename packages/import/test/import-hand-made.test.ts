import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, describe, expect, it } from "vitest";
import { lossAndMetricData, lossHistogramData, openReplay, predictProba } from "@deepreplay/core";
import { listGroups, openRecording, parseKerasModel } from "@deepreplay/recorder";
import h5wasm from "h5wasm/node";
import { importRun } from "../src/node.js";
import type { NamedBytes } from "../src/types.js";
import { seededUniform } from "../../../tools/testing/random.js";
import {
  keras3Layer,
  keras3ModelConfig,
  kerasZip,
  legacyFile,
  nativeWeightsFile,
  randomWeights,
  type HandLayer,
} from "./helpers/keras-files.js";
import { reference } from "./helpers/reference.js";
import { f64, npy, zip } from "./make.js";

/**
 * Runs of the shapes the issue names (Functional, softmax over 3 classes, BatchNormalization +
 * Dropout, weights-only checkpoints, a model ending in logits), made by hand in Keras' documented
 * layouts; every replayed number is checked against a float64 forward pass written in the test.
 */

const dir = mkdtempSync(join(tmpdir(), "deepreplay-import-hand-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLES = 60;
const random = seededUniform(7);
const X = Array.from({ length: SAMPLES }, () => [random() * 4 - 2, random() * 4 - 2]);
const LABELS3 = X.map(([a, b]) => (a + b > 1 ? 2 : a - b > 0 ? 1 : 0));
const LABELS2 = X.map(([a, b]) => Number(a * a + b > 1));

const npz = (name: string, x: number[][], y: number[], yShape = [y.length]): NamedBytes => ({
  name,
  bytes: zip({ "x.npy": npy("<f8", [x.length, x[0].length], f64(x.flat())), "y.npy": npy("<f8", yShape, f64(y)) }),
});

/** The Functional model of the list, with each epoch's weights drawn from its own seed. */
function functional(epoch: number) {
  const s = 100 * epoch;
  return [
    keras3Layer("InputLayer", { name: "inputs", batch_shape: [null, 2], dtype: "float32" }, [], ""),
    keras3Layer(
      "Dense",
      { name: "hidden", units: 4, activation: "tanh", use_bias: true },
      randomWeights(s + 1, { kernel: [2, 4], bias: [4] }),
      "inputs",
    ),
    keras3Layer(
      "BatchNormalization",
      { name: "norm", epsilon: 0.01, center: true, scale: true },
      randomWeights(s + 2, { gamma: [4], beta: [4], moving_mean: [4], moving_variance: [4] }),
      "hidden",
    ),
    keras3Layer("Dropout", { name: "drop", rate: 0.3 }, [], "norm"),
    keras3Layer(
      "Dense",
      { name: "bottleneck", units: 2, activation: "relu", use_bias: true },
      randomWeights(s + 3, { kernel: [4, 2], bias: [2] }),
      "drop",
    ),
    keras3Layer(
      "Dense",
      { name: "probs", units: 3, activation: "softmax", use_bias: true },
      randomWeights(s + 4, { kernel: [2, 3], bias: [3] }),
      "bottleneck",
    ),
  ];
}

const compile3 = {
  optimizer: {
    module: "keras.optimizers",
    class_name: "Adam",
    config: { name: "adam", learning_rate: 0.01 },
    registered_name: null,
  },
  loss: {
    module: "keras.losses",
    class_name: "CategoricalCrossentropy",
    config: { name: "categorical_crossentropy", from_logits: false },
    registered_name: null,
  },
  metrics: [
    {
      module: "keras.metrics",
      class_name: "CategoricalAccuracy",
      config: { name: "categorical_accuracy" },
      registered_name: null,
    },
  ],
};

function historyCsv(columns: string[], rows: number[][]): NamedBytes {
  return {
    name: "history.csv",
    bytes: new TextEncoder().encode(
      [`epoch,${columns.join(",")}`, ...rows.map((r, e) => `${e},${r.join(",")}`)].join("\n") + "\n",
    ),
  };
}

async function expectMatchesReference(
  out: string,
  group: string,
  epochs: HandLayer[][],
  labels: number[],
  options: { loss: string; outputActivation?: string; layer: string },
) {
  const replay = await openReplay(await openRecording(out, group));
  try {
    const prob = predictProba(replay).data;
    const losses = lossHistogramData(replay).loss.data;
    const { loss, metric } = lossAndMetricData(replay);
    const units = replay.outputUnits;
    epochs.forEach((layers, e) => {
      const ref = reference(layers, X, labels, options);
      ref.prob.flat().forEach((p, i) => expect(Math.abs(prob[e * SAMPLES * units + i] - p)).toBeLessThan(1e-4));
      ref.sampleLoss.forEach((l, i) => expect(Math.abs(losses[e * SAMPLES + i] - l)).toBeLessThan(1e-4));
      expect(Math.abs(loss[e] - ref.loss)).toBeLessThan(1e-4);
      expect(Math.abs(metric[e] - ref.accuracy)).toBeLessThan(1e-4);
      const network = replay.network(e);
      const layerOut = tf.tidy(
        () =>
          network
            .forward(replay.inputTensor(), { to: replay.layerIndex(options.layer) })
            .output.dataSync() as Float32Array,
      );
      network.dispose();
      ref.outputs
        .get(options.layer)!
        .flat()
        .forEach((v, i) => expect(Math.abs(layerOut[i] - v)).toBeLessThan(1e-4));
    });
  } finally {
    replay.close();
  }
}

describe("hand-made runs (Keras' layouts, no Keras here)", () => {
  it("a Functional .keras run: Dense, BatchNormalization, Dropout, softmax over 3 classes, labels as targets", async () => {
    const epochs = [0, 1, 2].map(functional);
    const checkpoints = await Promise.all(
      epochs.map(async (layers, e) => ({
        name: `ckpt/epoch${String(e).padStart(2, "0")}.keras`,
        bytes: kerasZip(keras3ModelConfig("Functional", layers, compile3), await nativeWeightsFile(layers)),
      })),
    );
    const out = join(dir, "functional.h5");
    const history = historyCsv(
      ["categorical_accuracy", "loss", "val_loss"],
      [
        [0.5, 1.1, NaN],
        [0.6, 0.9, NaN],
      ].map((r) => r.map((v) => (Number.isNaN(v) ? "NA" : v)) as number[]),
    );
    const run = await importRun({
      checkpoints,
      data: [npz("data.npz", X, LABELS3)],
      history,
      out,
      group: "three",
      batchSize: 16,
    });
    expect(run.model.layers.map((l) => l.kind)).toEqual([
      "InputLayer",
      "Dense",
      "BatchNormalization",
      "Dropout",
      "Dense",
      "Dense",
    ]);
    expect(run.series).toEqual(["loss", "categorical_accuracy", "lr"]);
    await expectMatchesReference(out, "three", epochs, LABELS3, {
      loss: "categorical_crossentropy",
      layer: "bottleneck",
    });
    const recording = await openRecording(out, "three");
    expect(recording.info).toMatchObject({ samples: SAMPLES, batchSize: 16, nBatches: 4, nEpochs: 2 });
    expect(Array.from(recording.series("lr"))).toEqual([0.01, 0.01].map(Math.fround));
    // Categorical labels are stored one-hot, as Keras' categorical cross-entropy (and Python deepreplay) takes them.
    expect(recording.targets().shape).toEqual([SAMPLES, 3]);
    recording.close();
    // The model file beside it, in Keras 2.2 form, describes the same model.
    await h5wasm.ready;
    const modelFile = new h5wasm.File(run.modelFile, "r");
    const model = parseKerasModel(
      String(modelFile.attrs.model_config.value),
      String(modelFile.attrs.training_config.value),
    );
    expect(JSON.parse(String(modelFile.attrs.model_config.value)).class_name).toBe("Model");
    modelFile.close();
    expect(model.layers).toEqual(run.model.layers);
  });

  it("weights-only checkpoints (.weights.h5 and tf.keras save_weights) with --model naming a model.to_json() file; a model ending in logits", async () => {
    const layer = (e: number) => [
      keras3Layer(
        "Dense",
        { name: "hidden", units: 3, activation: "relu", use_bias: true },
        randomWeights(10 + e, { kernel: [2, 3], bias: [3] }),
      ),
      keras3Layer(
        "Dense",
        { name: "logits", units: 1, activation: "linear", use_bias: true },
        randomWeights(20 + e, { kernel: [3, 1], bias: [1] }),
      ),
    ];
    const epochs = [0, 1, 2].map(layer);
    const model = {
      name: "model.json",
      bytes: new TextEncoder().encode(JSON.stringify(keras3ModelConfig("Sequential", epochs[0]))),
    };
    for (const style of ["native", "tf.keras"] as const) {
      const checkpoints = await Promise.all(
        epochs.map(async (layers, e) => ({
          name: `w/epoch${e}.weights.h5`,
          bytes:
            style === "native"
              ? await nativeWeightsFile(layers)
              : await legacyFile(layers, { style: "tf.keras", weightsOnly: true }),
        })),
      );
      const out = join(dir, `logits-${style}.h5`);
      await expect(
        importRun({ checkpoints, data: [npz("data.npz", X, LABELS2)], model, out, group: "logits" }),
      ).rejects.toMatchObject({
        code: "NO_LOSS",
        message: expect.stringMatching(/^model\.json: /),
        hint: expect.stringContaining("--loss"),
      });
      const run = await importRun({
        checkpoints,
        data: [npz("data.npz", X, LABELS2)],
        model,
        loss: "binary_crossentropy",
        fromLogits: true,
        out,
        group: "logits",
      });
      expect(run.fromLogits).toBe(true);
      expect(run.model.layers[1]).toMatchObject({ name: "logits", activation: "sigmoid" });
      expect(run.series).toEqual([]);
      await expectMatchesReference(out, "logits", epochs, LABELS2, {
        loss: "binary_crossentropy",
        outputActivation: "sigmoid",
        layer: "hidden",
      });
    }
  });
});

describe("a Keras model compiled with from_logits=True", () => {
  it("is taken as ending in logits without --from-logits: its last layer is recorded as sigmoid", async () => {
    const layers = (e: number) => [
      keras3Layer(
        "Dense",
        { name: "hidden", units: 3, activation: "tanh", use_bias: true },
        randomWeights(50 + e, { kernel: [2, 3], bias: [3] }),
      ),
      keras3Layer(
        "Dense",
        { name: "logits", units: 1, activation: "linear", use_bias: true },
        randomWeights(60 + e, { kernel: [3, 1], bias: [1] }),
      ),
    ];
    const compile = {
      optimizer: {
        module: "keras.optimizers",
        class_name: "SGD",
        config: { name: "sgd", learning_rate: 0.1 },
        registered_name: null,
      },
      loss: {
        module: "keras.losses",
        class_name: "BinaryCrossentropy",
        config: { name: "binary_crossentropy", from_logits: true },
        registered_name: null,
      },
      metrics: ["accuracy"],
    };
    const epochs = [0, 1].map(layers);
    const checkpoints = await Promise.all(
      epochs.map(async (l, e) => ({
        name: `epoch${e}.keras`,
        bytes: kerasZip(keras3ModelConfig("Sequential", l, compile), await nativeWeightsFile(l)),
      })),
    );
    const out = join(dir, "keras-logits.h5");
    const run = await importRun({ checkpoints, data: [npz("data.npz", X, LABELS2)], out, group: "logits" });
    expect(run.fromLogits).toBe(true);
    expect(run.model.layers[1]).toMatchObject({ name: "logits", activation: "sigmoid" });
    await expectMatchesReference(out, "logits", epochs, LABELS2, {
      loss: "binary_crossentropy",
      outputActivation: "sigmoid",
      layer: "hidden",
    });
  });
});

describe("imports that are refused write nothing", () => {
  async function partOneRun() {
    const layers = (e: number) => [
      keras3Layer(
        "Dense",
        { name: "hidden", units: 2, activation: "sigmoid", use_bias: true },
        randomWeights(30 + e, { kernel: [2, 2], bias: [2] }),
      ),
      keras3Layer(
        "Dense",
        { name: "output", units: 1, activation: "sigmoid", use_bias: true },
        randomWeights(40 + e, { kernel: [2, 1], bias: [1] }),
      ),
    ];
    const compile = {
      optimizer: { class_name: "SGD", config: { learning_rate: 0.05 } },
      loss: "binary_crossentropy",
      metrics: ["accuracy"],
    };
    return Promise.all(
      [0, 1, 2, 3].map(async (e) => ({
        name: `epoch0${e}.keras`,
        bytes: kerasZip(keras3ModelConfig("Sequential", layers(e), compile), await nativeWeightsFile(layers(e))),
      })),
    );
  }

  it("leaves an existing file with its other groups byte for byte as it was, and no partial group or temporary file", async () => {
    const checkpoints = await partOneRun();
    const data = [npz("data.npz", X, LABELS2)];
    const out = join(dir, "atomic.h5");
    await importRun({ checkpoints, data, out, group: "first" });
    const before = readFileSync(out);
    const listing = readdirSync(dir).sort();

    const wider = [
      keras3Layer(
        "Dense",
        { name: "hidden", units: 3, activation: "sigmoid", use_bias: true },
        randomWeights(1, { kernel: [2, 3], bias: [3] }),
      ),
      keras3Layer(
        "Dense",
        { name: "output", units: 1, activation: "sigmoid", use_bias: true },
        randomWeights(2, { kernel: [3, 1], bias: [1] }),
      ),
    ];
    const mixed = [
      ...checkpoints.slice(0, 3),
      {
        name: "epoch03.keras",
        bytes: kerasZip(keras3ModelConfig("Sequential", wider), await nativeWeightsFile(wider)),
      },
    ];
    const truncated = [
      ...checkpoints.slice(0, 3),
      { name: "epoch03.keras", bytes: checkpoints[3].bytes.subarray(0, 500) },
    ];
    const gap = [checkpoints[0], checkpoints[1], checkpoints[3]];
    const unfit = [
      npz(
        "wide.npz",
        X.map((r) => [...r, 0]),
        LABELS2,
      ),
    ];
    const cases: [string, () => Promise<unknown>][] = [
      ["MIXED_ARCHITECTURES", () => importRun({ checkpoints: mixed, data, out, group: "second" })],
      ["CORRUPT_ZIP", () => importRun({ checkpoints: truncated, data, out, group: "second" })],
      ["EPOCH_GAP", () => importRun({ checkpoints: gap, data, out, group: "second" })],
      ["DATA_MISMATCH", () => importRun({ checkpoints, data: unfit, out, group: "second" })],
      ["DATA_MISMATCH", () => importRun({ checkpoints, data: [npz("three.npz", X, LABELS3)], out, group: "second" })],
      ["GROUP_EXISTS", () => importRun({ checkpoints, data, out, group: "first" })],
    ];
    for (const [code, attempt] of cases) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toMatchObject({ code });
      expect((error as Error).message).not.toContain("\n");
      expect(readFileSync(out).equals(before)).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(listing);
    }
    expect(await listGroups(out)).toEqual(["first"]);
    expect(existsSync(join(dir, "second_model.h5"))).toBe(false);
  });

  it("names the file and both ways out when the group exists; rename and replace do what they say", async () => {
    const checkpoints = await partOneRun();
    const data = [npz("data.npz", X, LABELS2)];
    const out = join(dir, "again.h5");
    await importRun({ checkpoints, data, out, group: "part1" });
    await expect(importRun({ checkpoints, data, out, group: "part1" })).rejects.toMatchObject({
      message: expect.stringMatching(new RegExp(`^${out.replace(/[.]/g, "\\.")} already has a group "part1"`)),
      hint: expect.stringMatching(/"replace".*"rename" to record as "part1_2"/),
    });
    expect((await importRun({ checkpoints, data, out, group: "part1", ifExists: "rename" })).group).toBe("part1_2");
    expect(existsSync(join(dir, "part1_2_model.h5"))).toBe(true);
    await importRun({ checkpoints: checkpoints.slice(0, 2), data, out, group: "part1", ifExists: "replace" });
    expect((await listGroups(out)).sort()).toEqual(["part1", "part1_2"]);
    const replaced = await openRecording(out, "part1");
    expect(replaced.info.nEpochs).toBe(1);
    replaced.close();
  });

  it("without epoch 0, says how to save one, or starts at the first checkpoint when asked", async () => {
    const checkpoints = (await partOneRun()).slice(1);
    const data = [npz("data.npz", X, LABELS2)];
    const out = join(dir, "late.h5");
    await expect(importRun({ checkpoints, data, out, group: "late" })).rejects.toMatchObject({
      code: "NO_EPOCH_ZERO",
      hint: expect.stringContaining("model.save('ckpt/epoch00.keras')"),
    });
    expect(existsSync(out)).toBe(false);
    const history = historyCsv(
      ["accuracy", "loss"],
      [
        [0.5, 0.7],
        [0.55, 0.68],
        [0.6, 0.66],
      ],
    );
    const run = await importRun({ checkpoints, data, history, out, group: "late", startAtFirst: true });
    expect(run).toMatchObject({ firstEpoch: 1, epochs: 2 });
    const recording = await openRecording(out, "late");
    // Recording epoch 1 is training epoch 2: CSVLogger's row 1.
    expect(Array.from(recording.series("loss"))).toEqual([0.68, 0.66].map(Math.fround));
    recording.close();
  });
});
