import { leakyAlpha, type LayerSpec, type ModelDescription } from "@deepreplay/frames";

/**
 * ModelDescription → Keras 2.2 JSON, the format of the fixture's model file: what Python's
 * `keras.models.load_model` (and so deepreplay's Replay) reads, and what `parseKerasModel` reads back.
 */

type Json = Record<string, unknown>;

function layerConfig(layer: LayerSpec): { class_name: string; config: Json } {
  const common = { name: layer.name, trainable: true };
  switch (layer.kind) {
    case "Dense":
      // A Dense with leaky_relu (a PyTorch Linear + LeakyReLU, slope 0.01) keeps its slope beside the activation.
      return {
        class_name: "Dense",
        config: {
          ...common,
          units: layer.units,
          activation: layer.activation,
          use_bias: layer.useBias,
          ...(layer.alpha === undefined ? {} : { alpha: layer.alpha }),
        },
      };
    case "Activation":
      // Keras 2 has no leaky_relu activation function, only the LeakyReLU layer.
      return layer.activation === "leaky_relu"
        ? { class_name: "LeakyReLU", config: { ...common, alpha: leakyAlpha(layer) } }
        : { class_name: "Activation", config: { ...common, activation: layer.activation } };
    case "Dropout":
      return { class_name: "Dropout", config: { ...common, rate: layer.rate, noise_shape: null, seed: null } };
    case "BatchNormalization":
      return {
        class_name: "BatchNormalization",
        config: {
          ...common,
          axis: -1,
          momentum: 0.99,
          epsilon: layer.epsilon,
          center: layer.center,
          scale: layer.scale,
        },
      };
    case "Flatten":
      return { class_name: "Flatten", config: { ...common, data_format: "channels_last" } };
    case "InputLayer":
      return {
        class_name: "InputLayer",
        config: { name: layer.name, batch_input_shape: [null, ...layer.inputShape], dtype: "float32", sparse: false },
      };
  }
}

/** Sequential (a list, with batch_input_shape on the first layer), or a Functional chain when layer 0 is an InputLayer. */
export function kerasModelConfig(model: ModelDescription): string {
  const configs = model.layers.map(layerConfig);
  if (model.layers[0]?.kind !== "InputLayer") {
    const [first, ...rest] = configs;
    const withInput = {
      ...first,
      config: { ...first.config, batch_input_shape: [null, ...model.inputShape], dtype: "float32" },
    };
    return JSON.stringify({ class_name: "Sequential", config: [withInput, ...rest] });
  }
  const names = model.layers.map((layer) => layer.name);
  const layers = configs.map((config, i) => ({
    ...config,
    name: names[i],
    inbound_nodes: i === 0 ? [] : [[[names[i - 1], 0, 0, {}]]],
  }));
  return JSON.stringify({
    class_name: "Model",
    config: {
      name: "model",
      layers,
      input_layers: [[names[0], 0, 0]],
      output_layers: [[names[names.length - 1], 0, 0]],
    },
  });
}

/** tfjs optimizer class names → Keras 2 ones. */
const KERAS_OPTIMIZERS: Record<string, string> = { Momentum: "SGD", RMSProp: "RMSprop" };

function optimizerConfig(optimizer: ModelDescription["optimizer"]): Json | null {
  if (!optimizer) return null;
  const className = KERAS_OPTIMIZERS[optimizer.name] ?? optimizer.name;
  // Keras 2.2 optimizers refuse unknown keyword arguments: pass only the ones they all share.
  const config: Json = {};
  if (typeof optimizer.learningRate === "number") config.lr = optimizer.learningRate;
  if (className === "SGD") {
    if (typeof optimizer.momentum === "number") config.momentum = optimizer.momentum;
    const nesterov = optimizer.nesterov ?? optimizer.useNesterov;
    if (typeof nesterov === "boolean") config.nesterov = nesterov;
  }
  return { class_name: className, config };
}

export function kerasTrainingConfig(model: ModelDescription): string {
  return JSON.stringify({
    metrics: model.metrics,
    loss: model.loss,
    optimizer_config: optimizerConfig(model.optimizer),
    loss_weights: null,
    sample_weight_mode: null,
  });
}
