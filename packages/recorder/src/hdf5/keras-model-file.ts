import h5wasm from "#h5wasm";
import { weightNames, type LayerSpec, type ModelDescription, type NdArray } from "@deepreplay/frames";
import { kerasModelConfig, kerasTrainingConfig } from "../keras/to-keras.js";
import { writeFixedStringsAttribute, writeAsciiAttribute, type H5Group } from "./h5.js";

/** The Keras format version the model file follows (the fixture's): what Python deepreplay's Keras 2 loads. */
export const KERAS_VERSION = "2.2.0";
const BACKEND = "tensorflow";

/** The optimizers Keras 2.2 has (after to-keras' renaming of tfjs' names). */
const KERAS_22_OPTIMIZERS = new Set([
  "SGD",
  "RMSprop",
  "Adagrad",
  "Adadelta",
  "Adam",
  "Adamax",
  "Nadam",
  "Momentum",
  "RMSProp",
]);

/**
 * Keras 2.2's load_model compiles the model with the training_config's optimizer and fails on none,
 * or on one it lacks (a PyTorch import names none; Keras 3 has AdamW): plain SGD with the run's
 * learning rate stands in. Python deepreplay's Replay takes only the gradients of the loss from it.
 */
function kerasLoadable(optimizer: ModelDescription["optimizer"]): ModelDescription["optimizer"] {
  if (optimizer && KERAS_22_OPTIMIZERS.has(optimizer.name)) return optimizer;
  return { name: "SGD", ...(optimizer?.learningRate === undefined ? {} : { learningRate: optimizer.learningRate }) };
}

/**
 * The layers as Keras 2.2 can build them. It has no leaky_relu activation: a Dense that applies one
 * (a PyTorch Linear + LeakyReLU) is saved as the Dense, linear, then a LeakyReLU layer of its slope,
 * which holds no weights. Python deepreplay's model then has a layer more than the recording's
 * n_layers; the weights, in order, are the same.
 */
function kerasBuildable(
  model: ModelDescription,
  weights: NdArray[][],
): { model: ModelDescription; weights: NdArray[][] } {
  const split = model.layers.flatMap((layer, i): [LayerSpec, NdArray[]][] => {
    if (layer.kind !== "Dense" || layer.activation !== "leaky_relu") return [[layer, weights[i]]];
    const { alpha, ...dense } = layer;
    const leaky: LayerSpec = {
      kind: "Activation",
      name: `${layer.name}_leaky_relu`,
      activation: "leaky_relu",
      ...(alpha === undefined ? {} : { alpha }),
    };
    return [
      [{ ...dense, activation: "linear" }, weights[i]],
      [leaky, []],
    ];
  });
  return { model: { ...model, layers: split.map(([layer]) => layer) }, weights: split.map(([, w]) => w) };
}

function writeVersion(node: H5Group): void {
  writeAsciiAttribute(node, "keras_version", KERAS_VERSION);
  writeAsciiAttribute(node, "backend", BACKEND);
}

/**
 * Writes the model as Keras' `model.save` does (`<group>_model.h5`, as ReplayData saves it):
 * root model_config / training_config, and model_weights/<layer>/<layer>/<weight>:0.
 */
export async function writeKerasModelFile(
  path: string,
  description: ModelDescription,
  layerWeights: NdArray[][],
): Promise<void> {
  const { model, weights } = kerasBuildable(description, layerWeights);
  await h5wasm.ready;
  const file = new h5wasm.File(path, "w");
  try {
    writeVersion(file);
    writeAsciiAttribute(file, "model_config", kerasModelConfig(model));
    writeAsciiAttribute(
      file,
      "training_config",
      kerasTrainingConfig({ ...model, optimizer: kerasLoadable(model.optimizer) }),
    );
    const root = file.create_group("model_weights");
    writeVersion(root);
    writeFixedStringsAttribute(
      root,
      "layer_names",
      model.layers.map((layer) => layer.name),
    );
    model.layers.forEach((layer, i) => {
      const group = root.create_group(layer.name);
      const names = weightNames(layer);
      writeFixedStringsAttribute(
        group,
        "weight_names",
        names.map((name) => `${layer.name}/${name}:0`),
      );
      if (names.length === 0) return;
      // Keras names weights "<layer>/<weight>:0", which HDF5 stores as a nested group.
      const inner = group.create_group(layer.name);
      names.forEach((name, j) => {
        const { data, shape } = weights[i][j];
        inner.create_dataset({ name: `${name}:0`, data: Float32Array.from(data), shape: [...shape], dtype: "<f" });
      });
    });
  } finally {
    file.close();
  }
}
