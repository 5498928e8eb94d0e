import { describe, expect, it } from "vitest";
import type { ModelDescription } from "@deepreplay/frames";
import {
  kerasLayers,
  kerasModelConfig,
  kerasTrainingConfig,
  lossFromLogits,
  parseKerasModel,
  parseModelConfig,
  parseTrainingConfig,
  weightNames,
} from "../src/index.js";

const dense = (name: string, units: number, activation: string, extra: object = {}) => ({
  class_name: "Dense",
  config: { name, units, activation, use_bias: true, ...extra },
});

describe("Keras model_config", () => {
  it("reads a Keras >= 2.2.3 Sequential whose layers list includes an InputLayer, leaving it out of the indices", () => {
    const config = {
      class_name: "Sequential",
      config: {
        name: "seq",
        layers: [
          { class_name: "InputLayer", config: { name: "in", batch_input_shape: [null, 4, 3] } },
          { class_name: "Flatten", config: { name: "flat" } },
          dense("h", 8, "hardSigmoid"),
          { class_name: "BatchNormalization", config: { name: "bn", epsilon: 0.01, center: false, scale: true } },
          { class_name: "LeakyReLU", config: { name: "lr", alpha: 0.1 } },
          { class_name: "Dropout", config: { name: "drop", rate: 0.5 } },
          { class_name: "Activation", config: { name: "act", activation: "tanh" } },
          dense("out", 1, "sigmoid", { use_bias: false }),
        ],
      },
    };
    expect(parseModelConfig(JSON.stringify(config))).toEqual({
      inputShape: [4, 3],
      layers: [
        { kind: "Flatten", name: "flat" },
        { kind: "Dense", name: "h", units: 8, activation: "hard_sigmoid", useBias: true },
        { kind: "BatchNormalization", name: "bn", epsilon: 0.01, center: false, scale: true },
        { kind: "Activation", name: "lr", activation: "leaky_relu", alpha: 0.1 },
        { kind: "Dropout", name: "drop", rate: 0.5 },
        { kind: "Activation", name: "act", activation: "tanh" },
        { kind: "Dense", name: "out", units: 1, activation: "sigmoid", useBias: false },
      ],
    });
  });

  it("reads a Functional chain with its InputLayer at index 0 (Keras 2 and Keras 3 node formats)", () => {
    const keras2 = {
      class_name: "Model",
      config: {
        layers: [
          { class_name: "InputLayer", config: { name: "x", batch_input_shape: [null, 2] }, inbound_nodes: [] },
          { ...dense("h", 2, "relu"), inbound_nodes: [[["x", 0, 0, {}]]] },
          { ...dense("y", 1, "sigmoid"), inbound_nodes: [[["h", 0, 0, {}]]] },
        ],
      },
    };
    const history = (name: string) => [
      { args: [{ class_name: "__keras_tensor__", config: { keras_history: [name, 0, 0] } }] },
    ];
    const keras3 = {
      class_name: "Functional",
      config: {
        layers: [
          { class_name: "InputLayer", config: { name: "x", batch_shape: [null, 2] }, inbound_nodes: [] },
          { ...dense("h", 2, "relu"), inbound_nodes: history("x") },
          { ...dense("y", 1, "sigmoid"), inbound_nodes: history("h") },
        ],
      },
    };
    for (const config of [keras2, keras3]) {
      const model = parseModelConfig(JSON.stringify(config));
      expect(model.inputShape).toEqual([2]);
      expect(model.layers.map((l) => `${l.kind}:${l.name}`)).toEqual(["InputLayer:x", "Dense:h", "Dense:y"]);
    }
  });

  it("refuses a layer it cannot compute, naming the layer and its class", () => {
    const config = {
      class_name: "Sequential",
      config: [
        dense("h", 2, "relu", { batch_input_shape: [null, 2] }),
        { class_name: "Lambda", config: { name: "evil", function: "eval" } },
      ],
    };
    expect(() => parseModelConfig(JSON.stringify(config))).toThrow(
      expect.objectContaining({ code: "UNSUPPORTED_LAYER", message: expect.stringMatching(/"evil" is a Lambda/) }),
    );
    const custom = { class_name: "Sequential", config: [dense("h", 2, "swish", { batch_input_shape: [null, 2] })] };
    expect(() => parseModelConfig(JSON.stringify(custom))).toThrow(
      expect.objectContaining({ code: "UNSUPPORTED_ACTIVATION" }),
    );
  });

  it("refuses a Functional model that is not a chain", () => {
    const config = {
      class_name: "Model",
      config: {
        layers: [
          { class_name: "InputLayer", config: { name: "x", batch_input_shape: [null, 2] }, inbound_nodes: [] },
          { ...dense("a", 2, "relu"), inbound_nodes: [[["x", 0, 0, {}]]] },
          { ...dense("b", 2, "relu"), inbound_nodes: [[["x", 0, 0, {}]]] },
        ],
      },
    };
    expect(() => parseModelConfig(JSON.stringify(config))).toThrow(
      expect.objectContaining({ code: "UNSUPPORTED_TOPOLOGY" }),
    );
  });

  it("refuses text that is not a model_config", () => {
    expect(() => parseModelConfig("not json")).toThrow(expect.objectContaining({ code: "INVALID_MODEL_CONFIG" }));
    expect(() => parseModelConfig('{"class_name": "Sequential", "config": []}')).toThrow(/no input shape/);
  });
});

describe("Keras 3 model configs (config.json of a .keras, model.to_json())", () => {
  it("reads an already parsed config with module, registered_name, DTypePolicy objects and build_config; Softmax and ReLU layers; activations as objects", () => {
    const policy = { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null };
    const layer = (class_name: string, config: object) => ({
      module: "keras.layers",
      class_name,
      config: { dtype: policy, ...config },
      registered_name: null,
      build_config: { input_shape: [null, 2] },
    });
    const config = {
      module: "keras",
      class_name: "Sequential",
      config: {
        name: "sequential",
        dtype: policy,
        layers: [
          layer("Dense", {
            name: "h",
            units: 3,
            activation: { module: "builtins", class_name: "function", config: "tanh", registered_name: "function" },
          }),
          layer("ReLU", { name: "r", max_value: null, negative_slope: 0, threshold: 0 }),
          layer("Dense", { name: "z", units: 3, activation: "linear" }),
          layer("Softmax", { name: "p", axis: -1 }),
        ],
        build_input_shape: [null, 2],
      },
      registered_name: null,
    };
    const { inputShape, layers } = kerasLayers(config);
    expect(inputShape).toEqual([2]);
    expect(
      layers.map(({ spec, className }) => [className, spec.kind, "activation" in spec ? spec.activation : ""]),
    ).toEqual([
      ["Dense", "Dense", "tanh"],
      ["ReLU", "Activation", "relu"],
      ["Dense", "Dense", "linear"],
      ["Softmax", "Activation", "softmax"],
    ]);
    const capped = { ...config, config: { ...config.config, layers: [layer("ReLU", { name: "r6", max_value: 6 })] } };
    expect(() => kerasLayers(capped)).toThrow(
      expect.objectContaining({
        code: "UNSUPPORTED_LAYER",
        message: expect.stringMatching(/"r6" is a ReLU with max_value/),
      }),
    );
  });

  it("reads a compile_config (optimizer under 'optimizer', named by its class, not its instance) and whether the loss takes logits", () => {
    const compile = {
      optimizer: {
        module: "keras.optimizers",
        class_name: "SGD",
        config: { name: "sgd_1", learning_rate: 0.05, momentum: 0 },
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
    expect(parseTrainingConfig(compile)).toEqual({
      loss: "binary_crossentropy",
      metrics: ["accuracy"],
      optimizer: { name: "SGD", learningRate: 0.05, momentum: 0 },
    });
    expect(lossFromLogits(compile)).toBe(true);
    expect(lossFromLogits({ ...compile, loss: "binary_crossentropy" })).toBe(false);
  });
});

describe("Keras training_config", () => {
  it("reads tf.keras' serialized loss and nested metrics, and tfjs' camelCase names", () => {
    const tfKeras = {
      loss: { class_name: "BinaryCrossentropy", config: { name: "binary_crossentropy", from_logits: false } },
      metrics: [[{ class_name: "MeanMetricWrapper", config: { name: "accuracy" } }]],
      optimizer_config: { class_name: "Adam", config: { learning_rate: 0.001 } },
    };
    expect(parseTrainingConfig(JSON.stringify(tfKeras))).toEqual({
      loss: "binary_crossentropy",
      metrics: ["accuracy"],
      optimizer: { name: "Adam", learningRate: 0.001 },
    });
    const tfjs = {
      loss: "binaryCrossentropy",
      metrics: ["acc"],
      optimizer_config: { class_name: "SGD", config: { learning_rate: 0.05 } },
    };
    expect(parseTrainingConfig(JSON.stringify(tfjs))).toMatchObject({ loss: "binary_crossentropy", metrics: ["acc"] });
  });
});

describe("ModelDescription → Keras JSON → ModelDescription", () => {
  const layers: ModelDescription["layers"] = [
    { kind: "Flatten", name: "flat" },
    { kind: "Dense", name: "h", units: 4, activation: "relu", useBias: true },
    { kind: "BatchNormalization", name: "bn", epsilon: 0.001, center: true, scale: false },
    { kind: "Activation", name: "leaky", activation: "leaky_relu", alpha: 0.1 },
    { kind: "Dropout", name: "drop", rate: 0.25 },
    { kind: "Dense", name: "out", units: 3, activation: "softmax", useBias: false },
  ];
  const model: ModelDescription = {
    inputShape: [2, 2],
    layers,
    loss: "categorical_crossentropy",
    metrics: ["acc"],
    optimizer: { name: "SGD", learningRate: 0.1, momentum: 0.9, nesterov: true },
  };

  it("round-trips a Sequential model, writing Keras 2.2's list form", () => {
    const json = kerasModelConfig(model);
    expect(Array.isArray(JSON.parse(json).config)).toBe(true);
    expect(parseKerasModel(json, kerasTrainingConfig(model))).toEqual(model);
  });

  it("round-trips a Functional chain whose InputLayer is layer 0", () => {
    const functional = {
      ...model,
      layers: [{ kind: "InputLayer" as const, name: "x", inputShape: [2, 2] }, ...layers],
    };
    const json = kerasModelConfig(functional);
    expect(JSON.parse(json).class_name).toBe("Model");
    expect(parseKerasModel(json, kerasTrainingConfig(functional))).toEqual(functional);
  });

  it("keeps a Dense's leaky_relu slope (a PyTorch Linear + LeakyReLU: 0.01, not Keras' default)", () => {
    const leaky: ModelDescription = {
      ...model,
      layers: [{ kind: "Dense", name: "hidden", units: 2, activation: "leaky_relu", useBias: true, alpha: 0.01 }],
    };
    expect(parseKerasModel(kerasModelConfig(leaky), kerasTrainingConfig(leaky)).layers).toEqual(leaky.layers);
  });

  it("names the weights each layer holds, in Keras order", () => {
    expect(layers.map((layer) => weightNames(layer))).toEqual([
      [],
      ["kernel", "bias"],
      ["beta", "moving_mean", "moving_variance"],
      [],
      [],
      ["kernel"],
    ]);
  });
});
