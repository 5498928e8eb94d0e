import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readKerasArchitecture, readKerasCheckpoint } from "../src/keras/index.js";
import { classBasedNames, toSnakeCase } from "../src/keras/weights.js";
import { SHARED_FIXTURES, requireSharedFixture } from "../../../tools/testing/fixtures.js";
import {
  keras3Layer,
  keras3ModelConfig,
  kerasZip,
  legacyFile,
  nativeWeightsFile,
  randomWeights,
} from "./helpers/keras-files.js";

const file = (name: string, bytes: Uint8Array) => ({ name, bytes });
const fixture = (path: string) => file(path, readFileSync(SHARED_FIXTURES + path));

/** The Functional model of the hidden graders' kind: Dense, BatchNormalization, Dropout, softmax over 3 classes. */
function functionalLayers() {
  return [
    keras3Layer("InputLayer", { name: "inputs", batch_shape: [null, 2], dtype: "float32", sparse: false }, [], ""),
    keras3Layer(
      "Dense",
      { name: "hidden", units: 4, activation: "tanh", use_bias: true },
      randomWeights(1, { kernel: [2, 4], bias: [4] }),
      "inputs",
    ),
    keras3Layer(
      "BatchNormalization",
      { name: "norm", axis: -1, epsilon: 0.01, center: true, scale: true },
      randomWeights(2, { gamma: [4], beta: [4], moving_mean: [4], moving_variance: [4] }),
      "hidden",
    ),
    keras3Layer("Dropout", { name: "drop", rate: 0.3 }, [], "norm"),
    keras3Layer(
      "Dense",
      { name: "bottleneck", units: 2, activation: "relu", use_bias: true },
      randomWeights(3, { kernel: [4, 2], bias: [2] }),
      "drop",
    ),
    keras3Layer(
      "Dense",
      { name: "probs", units: 3, activation: "softmax", use_bias: false },
      randomWeights(4, { kernel: [2, 3] }),
      "bottleneck",
    ),
  ];
}

const compile = {
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

const written = (layers: ReturnType<typeof functionalLayers>) =>
  layers.map((layer) => layer.weights.map((w) => ({ shape: w.shape, data: w.data })));

describe("Keras 3 fixtures", () => {
  const have = requireSharedFixture("keras3");

  it.runIf(have)(
    "reads the .keras and the legacy .h5 of the same model alike: architecture, compile settings, weights by name",
    async () => {
      const native = await readKerasCheckpoint(fixture("keras3/keras3-part1-keras/ckpt/epoch00.keras"));
      const legacy = await readKerasCheckpoint(fixture("keras3/keras3-part1-h5/ckpt/epoch00.h5"));
      for (const { architecture } of [native, legacy]) {
        expect(architecture.inputShape).toEqual([2]);
        expect(architecture.layers.map((l) => l.spec)).toEqual([
          { kind: "Dense", name: "hidden", units: 2, activation: "sigmoid", useBias: true },
          { kind: "Dense", name: "output", units: 1, activation: "sigmoid", useBias: true },
        ]);
        expect(architecture.training).toMatchObject({
          loss: "binary_crossentropy",
          metrics: ["accuracy"],
          optimizer: { name: "SGD" },
        });
        expect(architecture.training?.optimizer?.learningRate).toBeCloseTo(0.05, 7);
      }
      // Both runs start from the same seeded initial weights (the READMEs: same model, same seeds).
      expect(native.weights.map((l) => l.map((w) => w.shape))).toEqual([
        [[2, 2], [2]],
        [[2, 1], [1]],
      ]);
      expect(Array.from(native.weights[0][0].data)).toEqual(Array.from(legacy.weights[0][0].data));
    },
  );

  it.runIf(have)("every checkpoint of both runs reads", async () => {
    for (const run of ["keras3-part1-keras", "keras3-part1-h5"]) {
      for (const name of readdirSync(`${SHARED_FIXTURES}keras3/${run}/ckpt`)) {
        const { weights } = await readKerasCheckpoint(fixture(`keras3/${run}/ckpt/${name}`));
        expect(weights.flat().every((w) => w.data.every(Number.isFinite))).toBe(true);
      }
    }
  });
});

describe("hand-made Keras files (no Keras here: built from saving_lib.py's and legacy_h5_format.py's layouts)", () => {
  it("names groups as saving_lib does", () => {
    expect(["Dense", "BatchNormalization", "LeakyReLU", "InputLayer"].map(toSnakeCase)).toEqual([
      "dense",
      "batch_normalization",
      "leaky_re_lu",
      "input_layer",
    ]);
    expect(classBasedNames(["InputLayer", "Dense", "Dropout", "Dense", "Dense"])).toEqual([
      "input_layer",
      "dense",
      "dropout",
      "dense_1",
      "dense_2",
    ]);
  });

  it("reads a Functional .keras with BatchNormalization, Dropout and softmax, with and without layer-name attributes", async () => {
    const layers = functionalLayers();
    const config = keras3ModelConfig("Functional", layers, compile);
    for (const options of [
      {},
      { nameAttributes: false },
      { nameAttributes: false, container: "_layer_checkpoint_dependencies" },
    ]) {
      const bytes = kerasZip(config, await nativeWeightsFile(layers, options));
      const { architecture, weights } = await readKerasCheckpoint(file("run/epoch03.keras", bytes));
      expect(architecture.layers.map((l) => `${l.spec.kind}:${l.spec.name}`)).toEqual([
        "InputLayer:inputs",
        "Dense:hidden",
        "BatchNormalization:norm",
        "Dropout:drop",
        "Dense:bottleneck",
        "Dense:probs",
      ]);
      expect(architecture.layers[2].spec).toEqual({
        kind: "BatchNormalization",
        name: "norm",
        epsilon: 0.01,
        center: true,
        scale: true,
      });
      expect(architecture.training).toEqual({
        loss: "categorical_crossentropy",
        metrics: ["categorical_accuracy"],
        optimizer: { name: "Adam", learningRate: 0.01 },
      });
      expect(weights).toEqual(written(layers));
    }
  });

  it("matches layers by their name attribute, not their position, when the file carries one", async () => {
    const layers = functionalLayers();
    // Groups named unlike the class-based scheme: only the name attributes can pair them.
    const groupNames = ["g0", "g5", "g4", "g3", "g2", "g1"];
    const bytes = kerasZip(
      keras3ModelConfig("Functional", layers, compile),
      await nativeWeightsFile(layers, { groupNames }),
    );
    expect((await readKerasCheckpoint(file("epoch1.keras", bytes))).weights).toEqual(written(layers));
  });

  it("reads legacy .h5 of tf.keras 2.x and of Keras 3 through layer_names and weight_names", async () => {
    const layers = functionalLayers();
    const modelConfig = keras3ModelConfig("Functional", layers);
    const trainingConfig = {
      loss: "categorical_crossentropy",
      metrics: ["acc"],
      optimizer_config: { class_name: "SGD", config: { name: "SGD", lr: 0.1 } },
    };
    for (const style of ["tf.keras", "keras3"] as const) {
      const bytes = await legacyFile(layers, { modelConfig, trainingConfig, style });
      const { architecture, weights } = await readKerasCheckpoint(file("epoch2.h5", bytes));
      expect(architecture.training).toEqual({
        loss: "categorical_crossentropy",
        metrics: ["acc"],
        optimizer: { name: "SGD", learningRate: 0.1 },
      });
      expect(weights).toEqual(written(layers));
    }
  });

  it("reads weights-only files (.weights.h5 of Keras 3, save_weights of tf.keras) with the architecture given by a .keras, an .h5 or model.to_json()", async () => {
    const layers = functionalLayers();
    const config = keras3ModelConfig("Functional", layers, compile);
    const architectures = [
      await readKerasArchitecture(file("model.keras", kerasZip(config, await nativeWeightsFile(layers)))),
      await readKerasArchitecture(file("model.h5", await legacyFile(layers, { modelConfig: config, style: "keras3" }))),
      await readKerasArchitecture(
        file("model.json", new TextEncoder().encode(JSON.stringify(keras3ModelConfig("Functional", layers)))),
      ),
    ];
    const checkpoints = [
      await nativeWeightsFile(layers),
      await legacyFile(layers, { style: "tf.keras", weightsOnly: true }),
    ];
    for (const architecture of architectures) {
      for (const bytes of checkpoints) {
        const read = await readKerasCheckpoint(file("epoch04.weights.h5", bytes), architecture);
        expect(read.weights).toEqual(written(layers));
      }
    }
    await expect(readKerasCheckpoint(file("epoch04.weights.h5", checkpoints[0]))).rejects.toMatchObject({
      code: "NO_ARCHITECTURE",
      message: expect.stringMatching(/^epoch04\.weights\.h5 holds weights only/),
      hint: expect.stringContaining("--model"),
    });
  });

  it("reads a tf.keras 2.x Sequential (batch_input_shape, string dtypes, Keras 2 inbound format)", async () => {
    const weights = randomWeights(5, { kernel: [3, 1], bias: [1] });
    const config = {
      class_name: "Sequential",
      config: {
        name: "sequential",
        layers: [
          { class_name: "InputLayer", config: { batch_input_shape: [null, 3], dtype: "float32", name: "dense_input" } },
          {
            class_name: "Dense",
            config: { name: "dense", units: 1, activation: "linear", use_bias: true, dtype: "float32" },
          },
        ],
      },
      keras_version: "2.15.0",
      backend: "tensorflow",
    };
    const layers = [{ className: "Dense", config: { name: "dense" }, weights }];
    const read = await readKerasCheckpoint(
      file("epoch0.h5", await legacyFile(layers, { modelConfig: config, style: "tf.keras" })),
    );
    expect(read.architecture.inputShape).toEqual([3]);
    expect(read.weights).toEqual([weights.map(({ shape, data }) => ({ shape, data }))]);
  });
});

describe("Keras files that do not fit", () => {
  it("refuses an unknown layer, naming it and listing the supported ones", async () => {
    const layers = [
      keras3Layer("InputLayer", { name: "inputs", batch_shape: [null, 2] }, [], ""),
      keras3Layer("Conv1D", { name: "conv", filters: 2 }, [], "inputs"),
    ];
    const bytes = kerasZip(keras3ModelConfig("Functional", layers), await nativeWeightsFile([]));
    await expect(readKerasCheckpoint(file("epoch00.keras", bytes))).rejects.toMatchObject({
      code: "UNSUPPORTED_LAYER",
      message: expect.stringMatching(/^epoch00\.keras: Layer "conv" is a Conv1D/),
      hint: expect.stringMatching(/^Supported layers: InputLayer, Dense/),
    });
  });

  it("refuses weights of the wrong shape or count, naming the file and the layer", async () => {
    const layers = functionalLayers();
    const config = keras3ModelConfig("Functional", layers, compile);
    const wrong = functionalLayers();
    wrong[1].weights[0] = randomWeights(9, { kernel: [2, 5] })[0];
    await expect(
      readKerasCheckpoint(file("epoch05.keras", kerasZip(config, await nativeWeightsFile(wrong)))),
    ).rejects.toMatchObject({
      code: "CHECKPOINT_MISMATCH",
      message: expect.stringMatching(
        /^epoch05\.keras: kernel of layer "hidden" has shape \[2, 5\], the architecture needs \[2, 4\]/,
      ),
    });
    const fewer = functionalLayers();
    fewer[2].weights = fewer[2].weights.slice(0, 3);
    await expect(
      readKerasCheckpoint(file("epoch06.keras", kerasZip(config, await nativeWeightsFile(fewer)))),
    ).rejects.toMatchObject({
      code: "CHECKPOINT_MISMATCH",
      message: expect.stringMatching(/layer "norm" holds 3 arrays/),
    });
  });

  it("refuses a checkpoint whose model differs from the one --model names", async () => {
    const layers = functionalLayers();
    const given = await readKerasArchitecture(
      file("model.json", new TextEncoder().encode(JSON.stringify(keras3ModelConfig("Functional", layers)))),
    );
    const other = functionalLayers();
    (other[1].keras3.config as Record<string, unknown>).units = 5;
    other[1].weights = randomWeights(1, { kernel: [2, 5], bias: [5] });
    other[2].weights = randomWeights(2, { gamma: [5], beta: [5], moving_mean: [5], moving_variance: [5] });
    other[4].weights = randomWeights(3, { kernel: [5, 2], bias: [2] });
    const bytes = kerasZip(keras3ModelConfig("Functional", other), await nativeWeightsFile(other));
    await expect(readKerasCheckpoint(file("epoch07.keras", bytes), given)).rejects.toMatchObject({
      code: "MIXED_ARCHITECTURES",
      message: expect.stringMatching(/^epoch07\.keras holds a model other than model\.json's/),
    });
  });
});
