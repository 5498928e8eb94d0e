import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { importRun } from "../src/node.js";
import type { NamedBytes } from "../src/types.js";
import {
  PYTHON_FIXTURES,
  SHARED_FIXTURES,
  requirePythonFixtures,
  requireSharedFixture,
} from "../../../tools/testing/fixtures.js";
import { pythonJson, requirePythonH5py } from "../../../tools/testing/python.js";
import { seededUniform } from "../../../tools/testing/random.js";
import { keras3Layer, keras3ModelConfig, kerasZip, nativeWeightsFile, randomWeights } from "./helpers/keras-files.js";
import { fixtureRun, read } from "./helpers/replay.js";
import { f32, f64, npy, safetensors, zip } from "./make.js";
import { twoLayer } from "./models.js";

/**
 * Python deepreplay opens an imported file: python3 (h5py) reads it the way deepreplay's Replay and
 * Keras 2.2's load_model read a recording and its `<group>_model.h5` (test/python/read_like_deepreplay.py),
 * and its layout is compared with the file Python deepreplay itself wrote.
 */

const SCRIPT = fileURLToPath(new URL("./python/read_like_deepreplay.py", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "deepreplay-import-python-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Entry {
  kind: string;
  shape: number[];
}
interface Read {
  replay: {
    layout: Record<string, Entry>;
    n_epochs: number;
    n_layers: number;
    series: string[];
    activation_functions: string[];
  };
  model: {
    layout: Record<string, Entry>;
    class_name: string;
    layers: [string, string][];
    training: {
      loss: string;
      metrics: string[];
      optimizer_config: { class_name: string; config: Record<string, unknown> } | null;
    } | null;
  };
  problems: string[];
  notes: string[];
}

const readLikeDeepreplay = (file: string, group: string, modelFile: string): Read =>
  pythonJson<Read>(SCRIPT, [file, group, modelFile]);

const havePython = requirePythonH5py();

describe("Python deepreplay reads an imported recording as it reads its own", () => {
  const have = havePython && requirePythonFixtures() && requireSharedFixture("keras3/keras3-part1-keras");

  it.runIf(have)(
    "keras3-part1-keras (the fixture's model, data and epochs): the same layout as the file ReplayData wrote",
    async () => {
      const python = readLikeDeepreplay(
        `${PYTHON_FIXTURES}hyperparms_in_action.h5`,
        "part1_activation_functions",
        `${PYTHON_FIXTURES}part1_activation_functions_model.h5`,
      );
      // The reader finds nothing wrong with the file Python deepreplay wrote: its checks are Keras 2.2's, not stricter.
      expect(python.problems).toEqual([]);

      const { checkpoints, data, history } = fixtureRun("keras3/keras3-part1-keras");
      const out = join(dir, "keras3.h5");
      const run = await importRun({ checkpoints, data, history, out, group: "part1", batchSize: 16 });
      const ours = readLikeDeepreplay(out, "part1", run.modelFile);
      expect(ours.problems).toEqual([]);
      expect(ours.replay).toMatchObject({ n_epochs: 20, n_layers: 2, activation_functions: ["sigmoid", "sigmoid"] });

      // Every attribute and dataset deepreplay's file has, of the same type and shape; the metric is
      // named as Keras 3's history names it ("accuracy", Keras 2.2 logged "acc").
      const renamed = (path: string) => path.replace(/^acc$/, "accuracy");
      for (const [path, entry] of Object.entries(python.replay.layout))
        expect([path, ours.replay.layout[renamed(path)]]).toEqual([path, entry]);
      // Beyond it only the model description our recorder keeps beside the weights.
      const extra = Object.keys(ours.replay.layout).filter(
        (path) => !Object.keys(python.replay.layout).map(renamed).includes(path),
      );
      expect(extra.sort()).toEqual(["@completed_epochs", "@model_config", "@training_config"]);

      // The model file: the same attributes and weights as Keras 2.2's model.save, less the optimizer's state.
      const kerasSaved = Object.fromEntries(
        Object.entries(python.model.layout).filter(([path]) => !path.startsWith("optimizer_weights")),
      );
      expect(ours.model.layout).toEqual(kerasSaved);
      expect(ours.model.layers).toEqual(python.model.layers);
      expect(ours.model.class_name).toBe(python.model.class_name);
    },
  );
});

describe("Python deepreplay and Keras 2.2's load_model read every kind of imported run", () => {
  it.runIf(havePython && requireSharedFixture("pytorch/torch-part1"))("torch-part1 (state_dicts + ONNX)", async () => {
    const root = `${SHARED_FIXTURES}pytorch/torch-part1/`;
    const { checkpoints, data, history } = fixtureRun("pytorch/torch-part1");
    const out = join(dir, "torch.h5");
    const run = await importRun({
      checkpoints,
      data,
      history,
      model: read(`${root}model.onnx`),
      loss: "binary_crossentropy",
      out,
      group: "torch",
    });
    const ours = readLikeDeepreplay(out, "torch", run.modelFile);
    expect(ours.problems).toEqual([]);
    expect(ours.model.layers).toEqual([
      ["Dense", "hidden"],
      ["Dense", "output"],
    ]);
    expect(ours.replay.series).toEqual(["accuracy", "loss", "lr"]);
    // PyTorch files name no optimizer: plain SGD stands in for Keras 2.2's compile.
    expect(ours.model.training).toMatchObject({
      loss: "binary_crossentropy",
      metrics: ["accuracy"],
      optimizer_config: { class_name: "SGD" },
    });
  });

  const random = seededUniform(5);
  const X = Array.from({ length: 30 }, () => [random() * 2 - 1, random() * 2 - 1]);
  const npz = (y: number[]): NamedBytes[] => [
    {
      name: "data.npz",
      bytes: zip({ "x.npy": npy("<f8", [X.length, 2], f64(X.flat())), "y.npy": npy("<f8", [y.length], f64(y)) }),
    },
  ];

  it.runIf(havePython)(
    "a Functional run with BatchNormalization and Dropout (layers that hold no weights, or four)",
    async () => {
      const layers = (e: number) => [
        keras3Layer("InputLayer", { name: "inputs", batch_shape: [null, 2], dtype: "float32" }, [], ""),
        keras3Layer(
          "Dense",
          { name: "hidden", units: 4, activation: "relu", use_bias: true },
          randomWeights(e + 1, { kernel: [2, 4], bias: [4] }),
          "inputs",
        ),
        keras3Layer(
          "BatchNormalization",
          { name: "norm", epsilon: 0.001, center: true, scale: true },
          randomWeights(e + 2, { gamma: [4], beta: [4], moving_mean: [4], moving_variance: [4] }),
          "hidden",
        ),
        keras3Layer("Dropout", { name: "drop", rate: 0.2 }, [], "norm"),
        keras3Layer(
          "Dense",
          { name: "probs", units: 3, activation: "softmax", use_bias: true },
          randomWeights(e + 3, { kernel: [4, 3], bias: [3] }),
          "drop",
        ),
      ];
      const compile = {
        optimizer: {
          class_name: "AdamW",
          config: { name: "adamw", learning_rate: 0.01, beta_1: 0.9, weight_decay: 0.004, use_ema: false },
        },
        loss: "sparse_categorical_crossentropy",
        metrics: ["accuracy"],
      };
      const checkpoints = await Promise.all(
        [0, 1].map(async (e) => ({
          name: `epoch${e}.keras`,
          bytes: kerasZip(keras3ModelConfig("Functional", layers(e), compile), await nativeWeightsFile(layers(e))),
        })),
      );
      const out = join(dir, "functional.h5");
      const run = await importRun({
        checkpoints,
        data: npz(X.map(([a, b]) => (a > b ? 2 : a > 0 ? 1 : 0))),
        out,
        group: "functional",
      });
      const ours = readLikeDeepreplay(out, "functional", run.modelFile);
      expect(ours.problems).toEqual([]);
      expect(ours.model.class_name).toBe("Model");
      expect(ours.model.layers.map(([kind]) => kind)).toEqual([
        "InputLayer",
        "Dense",
        "BatchNormalization",
        "Dropout",
        "Dense",
      ]);
      expect(ours.model.layout["model_weights/drop@weight_names"]).toBeDefined();
      // Keras 2.2 has no AdamW: SGD with its learning rate stands in; the recording keeps AdamW.
      expect(ours.model.training?.optimizer_config).toEqual({ class_name: "SGD", config: { lr: 0.01 } });
      expect(run.model.optimizer?.name).toBe("AdamW");
    },
  );

  it.runIf(havePython)(
    "a PyTorch Linear + LeakyReLU (one layer here): Keras 2.2 has no leaky_relu activation, so the model file holds a Dense and a LeakyReLU layer",
    async () => {
      const tensors = (e: number) => {
        const values = (n: number, k: number) => Array.from({ length: n }, (_, i) => Math.sin(e * 3.1 + k * 1.3 + i));
        return [
          { key: "hidden.weight", dtype: "F32", shape: [2, 2], data: f32(values(4, 1)) },
          { key: "hidden.bias", dtype: "F32", shape: [2], data: f32(values(2, 2)) },
          { key: "output.weight", dtype: "F32", shape: [1, 2], data: f32(values(2, 3)) },
          { key: "output.bias", dtype: "F32", shape: [1], data: f32(values(1, 4)) },
        ];
      };
      const checkpoints = [0, 1].map((e) => ({ name: `epoch${e}.safetensors`, bytes: safetensors(tensors(e)) }));
      const out = join(dir, "leaky.h5");
      const model = { name: "model.onnx", bytes: twoLayer("LeakyRelu", { alpha: { f: 0.01 } }) };
      const run = await importRun({
        checkpoints,
        data: npz(X.map(([a]) => Number(a > 0))),
        model,
        loss: "binary_crossentropy",
        out,
        group: "leaky",
      });
      expect(run.model.layers[0]).toMatchObject({ kind: "Dense", name: "hidden", activation: "leaky_relu" });
      const ours = readLikeDeepreplay(out, "leaky", run.modelFile);
      expect(ours.problems).toEqual([]);
      expect(ours.model.layers).toEqual([
        ["Dense", "hidden"],
        ["LeakyReLU", "hidden_leaky_relu"],
        ["Dense", "output"],
      ]);
      // The weights pair one to one with the recording's (checked by the reader); only the layer count differs.
      expect(ours.notes).toEqual(["the model has 3 layers, the recording n_layers = 2"]);
    },
  );

  it.runIf(havePython)("a regression run (mean squared error, metric mae)", async () => {
    const layers = (e: number) => [
      keras3Layer(
        "Dense",
        { name: "hidden", units: 3, activation: "tanh", use_bias: true },
        randomWeights(e + 7, { kernel: [2, 3], bias: [3] }),
      ),
      keras3Layer(
        "Dense",
        { name: "value", units: 1, activation: "linear", use_bias: true },
        randomWeights(e + 9, { kernel: [3, 1], bias: [1] }),
      ),
    ];
    const compile = {
      optimizer: { class_name: "SGD", config: { name: "sgd", learning_rate: 0.1, momentum: 0.9 } },
      loss: "mean_squared_error",
      metrics: ["mae"],
    };
    const checkpoints = await Promise.all(
      [0, 1].map(async (e) => ({
        name: `epoch${e}.keras`,
        bytes: kerasZip(keras3ModelConfig("Sequential", layers(e), compile), await nativeWeightsFile(layers(e))),
      })),
    );
    const out = join(dir, "regression.h5");
    const history: NamedBytes = { name: "history.csv", bytes: new TextEncoder().encode("epoch,loss,mae\n0,0.9,0.7\n") };
    const run = await importRun({
      checkpoints,
      data: npz(X.map(([a, b]) => 3 * a - b)),
      history,
      out,
      group: "regression",
    });
    const ours = readLikeDeepreplay(out, "regression", run.modelFile);
    expect(ours.problems).toEqual([]);
    expect(ours.model.training).toMatchObject({ loss: "mean_squared_error", metrics: ["mae"] });
    expect(ours.replay.series).toEqual(["loss", "lr", "mae"]);
  });
});
