import type { Tensor } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import { DeepReplayError, ndarray, type ModelDescription, type NdArray } from "@deepreplay/frames";
import { parseModelConfig, parseTrainingConfig } from "../keras/parse-model.js";

/**
 * tfjs' Sequential trains (and hands callbacks) an inner functional model named `<name>_model`
 * whose layer 0 is the InputLayer `<first layer>_input`. Keras' Sequential leaves that InputLayer
 * out of model.layers, and so out of the recording's layer indices.
 */
function isSequentialInnerModel(model: LayersModel): boolean {
  const [first, second] = model.layers;
  return (
    model.name.endsWith("_model") && first?.getClassName() === "InputLayer" && first.name === `${second?.name}_input`
  );
}

/** The layers a recording indexes, as Keras' model.layers would list them. */
function recordedLayers(model: LayersModel): LayersModel["layers"] {
  return isSequentialInnerModel(model) ? model.layers.slice(1) : model.layers;
}

/** A compiled tfjs-layers model as a ModelDescription, through the Keras JSON tfjs itself writes. */
export function describeTfjsModel(model: LayersModel): ModelDescription {
  // Reading `optimizer` of an uncompiled model gives undefined; `loss` too.
  const optimizer = model.optimizer as LayersModel["optimizer"] | undefined;
  if (!optimizer || model.loss === undefined) {
    throw new DeepReplayError("MODEL_NOT_COMPILED", `The model "${model.name}" is not compiled.`, {
      hint: "Call model.compile({ optimizer, loss, metrics }) before recording.",
    });
  }
  if (typeof model.loss !== "string") {
    throw new DeepReplayError(
      "UNSUPPORTED_LOSS",
      `The model "${model.name}" was compiled with a loss function, not a loss name.`,
      {
        hint: "Compile with a loss name such as 'binaryCrossentropy', so the replay can recompute it.",
      },
    );
  }
  const config = parseModelConfig(JSON.stringify(model.toJSON(null, false)));
  const layers = isSequentialInnerModel(model) ? config.layers.slice(1) : config.layers;
  if (layers.length !== recordedLayers(model).length) {
    throw new DeepReplayError(
      "UNSUPPORTED_TOPOLOGY",
      `The model "${model.name}" has ${model.layers.length} layers, its config ${layers.length}.`,
      {
        hint: "Record a Sequential model or a Functional chain of layers.",
      },
    );
  }
  const training = parseTrainingConfig(
    JSON.stringify({
      loss: model.loss,
      // The names the logs use ("acc" for "accuracy"), as Keras 2.2 names its metric datasets.
      metrics: model.metricsNames.filter((name) => name !== "loss"),
      optimizer_config: { class_name: optimizer.getClassName(), config: optimizer.getConfig() },
    }),
  );
  return { inputShape: config.inputShape, layers, ...training };
}

/** Every layer's current weights, in Keras' `model.layers` order (Keras order within a layer). */
export function tfjsWeights(model: LayersModel): NdArray[][] {
  return recordedLayers(model).map((layer) => layer.getWeights().map(tensorToNdArray));
}

export function tensorToNdArray(tensor: Tensor): NdArray {
  const data = tensor.dataSync();
  return ndarray(data instanceof Float32Array ? data : Float32Array.from(data), tensor.shape);
}

/** A learning rate the optimizer exposes (SGD, Adam, RMSProp... all keep `learningRate`), else NaN. */
export function learningRate(model: LayersModel): number {
  const rate = (model.optimizer as unknown as { learningRate?: unknown }).learningRate;
  return typeof rate === "number" ? rate : NaN;
}
