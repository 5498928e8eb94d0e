import {
  DeepReplayError,
  ndarray,
  weightNames,
  type ErrorCode,
  type ModelDescription,
  type NdArray,
} from "@deepreplay/frames";
import { DATASET } from "./hdf5/layout.js";

/** Why-and-what errors for the Recorder's inputs; each check runs before anything is written. */

function invalid(code: ErrorCode, message: string, hint: string): DeepReplayError {
  return new DeepReplayError(code, message, { hint });
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((n, i) => n === b[i]);
const shapeText = (shape: readonly number[]) => `[${shape.join(", ")}]`;

export function checkGroupName(group: string): void {
  if (typeof group !== "string" || group === "" || group.includes("/") || group === ".") {
    throw invalid(
      "INVALID_GROUP",
      `${JSON.stringify(group)} cannot name a recording.`,
      "Use a non-empty name without '/'.",
    );
  }
}

/** Names the layout reserves beside the per-epoch series. */
const RESERVED = new Set<string>([DATASET.inputs, DATASET.targets, DATASET.loss, DATASET.lr]);

export function checkModel(model: ModelDescription): void {
  if (!model || typeof model.loss !== "string" || model.loss === "") {
    throw invalid(
      "MODEL_NOT_COMPILED",
      "The model has no loss: it was not compiled.",
      "Compile the model (loss, metrics, optimizer) before recording.",
    );
  }
  if (!Array.isArray(model.layers) || model.layers.length === 0) {
    throw invalid(
      "INVALID_MODEL",
      "The model has no layers.",
      "Describe every layer, in the order of Keras' model.layers.",
    );
  }
  if (!model.inputShape?.length || !model.inputShape.every((n) => Number.isInteger(n) && n > 0)) {
    throw invalid(
      "INVALID_MODEL",
      `The model's input shape ${JSON.stringify(model.inputShape)} is not a list of positive integers.`,
      "Give inputShape without the batch axis, e.g. [2].",
    );
  }
  const names = model.layers.map((layer) => layer.name);
  const clash = names.find((name, i) => !name || name.includes("/") || names.indexOf(name) !== i);
  if (clash !== undefined) {
    throw invalid(
      "INVALID_MODEL",
      `The layer name ${JSON.stringify(clash)} is empty, repeated or contains '/'.`,
      "Give every layer a unique name without '/'.",
    );
  }
  for (const metric of model.metrics) {
    if (
      RESERVED.has(metric) ||
      /^layer\d+$/.test(metric) ||
      metric.includes("/") ||
      model.metrics.indexOf(metric) !== model.metrics.lastIndexOf(metric)
    ) {
      throw invalid(
        "INVALID_METRIC_NAME",
        `The metric name "${metric}" clashes with the recording layout.`,
        "Rename the metric.",
      );
    }
  }
}

function checkArray(array: NdArray, what: string): NdArray {
  if (
    !array ||
    !(array.data instanceof Float32Array || array.data instanceof Float64Array) ||
    !Array.isArray(array.shape)
  ) {
    throw invalid(
      "INVALID_ARRAY",
      `The ${what} are not an NdArray ({ data: Float32Array | Float64Array, shape }).`,
      "Wrap the values with ndarray(data, shape).",
    );
  }
  try {
    return ndarray(array.data, array.shape);
  } catch (error) {
    throw new DeepReplayError("INVALID_ARRAY", `The ${what}: ${(error as Error).message}.`, {
      hint: "Make the shape match the data.",
      cause: error,
    });
  }
}

function checkFinite(array: NdArray, what: "inputs" | "targets"): void {
  const index = array.data.findIndex((value) => !Number.isFinite(value));
  if (index >= 0) {
    const row = Math.floor(index / (array.data.length / array.shape[0]));
    throw invalid(
      what === "inputs" ? "NON_FINITE_INPUTS" : "NON_FINITE_TARGETS",
      `The ${what} hold ${array.data[index]} (row ${row}).`,
      `Clean or drop the rows with NaN or infinite ${what}.`,
    );
  }
}

/** Inputs [n, ...inputShape] and targets [n] or [n, k], finite; targets come back as columns. */
export function checkData(
  inputs: NdArray,
  targets: NdArray,
  model: ModelDescription,
): { inputs: NdArray; targets: NdArray } {
  const x = checkArray(inputs, "inputs");
  const y = checkArray(targets, "targets");
  if (x.shape.length < 2 || x.shape[0] === 0) {
    throw invalid(
      "INVALID_ARRAY",
      `The inputs have shape ${shapeText(x.shape)}.`,
      "Pass inputs as [samples, ...features] with at least one sample.",
    );
  }
  if (!sameShape(x.shape.slice(1), model.inputShape)) {
    throw invalid(
      "INPUT_SHAPE_MISMATCH",
      `Inputs of shape ${shapeText(x.shape)} do not fit the model's input shape ${shapeText(model.inputShape)}.`,
      "Pass the inputs the model was trained on.",
    );
  }
  if (y.shape.length === 0 || y.shape[0] !== x.shape[0]) {
    throw invalid(
      "LENGTH_MISMATCH",
      `There are ${x.shape[0]} inputs but ${y.shape[0] ?? 0} targets.`,
      "Pass one target row per input row.",
    );
  }
  checkFinite(x, "inputs");
  checkFinite(y, "targets");
  return { inputs: x, targets: y.shape.length === 1 ? ndarray(y.data, [y.shape[0], 1]) : y };
}

export function checkTraining(training: { epochs: number; batchSize: number; samples?: number }, inputs: number) {
  const { epochs, batchSize, samples = inputs } = training ?? {};
  const positive = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min;
  if (!positive(epochs, 0) || !positive(batchSize, 1) || !positive(samples, 1)) {
    throw invalid(
      "INVALID_TRAINING_PARAMS",
      `Training params ${JSON.stringify(training)} are not valid.`,
      "Give epochs >= 0, batchSize >= 1 and samples >= 1, all integers.",
    );
  }
  return { epochs, batchSize, samples, nBatches: Math.ceil(samples / batchSize) };
}

/** Initial weights: per layer, the weights Keras holds for it, as float32 arrays. */
export function checkInitialWeights(model: ModelDescription, weights: NdArray[][]): NdArray[][] {
  if (!Array.isArray(weights) || weights.length !== model.layers.length) {
    throw invalid(
      "WEIGHTS_MISMATCH",
      `Weights for ${weights?.length ?? 0} layers, the model has ${model.layers.length}.`,
      "Give one list of weights per layer ([] for a layer without weights).",
    );
  }
  return model.layers.map((layer, i) => {
    const expected = weightNames(layer);
    if (!Array.isArray(weights[i]) || weights[i].length !== expected.length) {
      throw invalid(
        "WEIGHTS_MISMATCH",
        `Layer "${layer.name}" (${layer.kind}) holds ${expected.length} weights [${expected.join(", ")}], got ${weights[i]?.length ?? 0}.`,
        "Give the layer's weights in Keras order.",
      );
    }
    return weights[i].map((w) => {
      const array = checkArray(w, `weights of layer "${layer.name}"`);
      return ndarray(Float32Array.from(array.data), array.shape);
    });
  });
}

export type WeightArray = NdArray | Float32Array | Float64Array;

/** Later epochs' weights must have the initial shapes; NaN and Inf are data (a diverged run). */
export function checkEpochWeights(reference: NdArray[][], weights: WeightArray[][]): Float32Array[][] {
  const mismatch = (where: string) =>
    invalid(
      "WEIGHTS_MISMATCH",
      `The epoch's weights do not match the initial ones: ${where}.`,
      "Pass every layer's weights in the same order and shapes as at begin().",
    );
  if (!Array.isArray(weights) || weights.length !== reference.length)
    throw mismatch(`${weights?.length ?? 0} layers instead of ${reference.length}`);
  return reference.map((layer, i) => {
    if (!Array.isArray(weights[i]) || weights[i].length !== layer.length)
      throw mismatch(`layer ${i} has ${weights[i]?.length ?? 0} weights instead of ${layer.length}`);
    return layer.map(({ shape, data }, j) => {
      const w = weights[i][j];
      const values = ArrayBuffer.isView(w) ? w : w?.data;
      if (!(values instanceof Float32Array || values instanceof Float64Array) || values.length !== data.length) {
        throw mismatch(`layer ${i} weight ${j} should hold ${data.length} values, shape ${shapeText(shape)}`);
      }
      if (!ArrayBuffer.isView(w) && !sameShape(w.shape, shape))
        throw mismatch(`layer ${i} weight ${j} has shape ${shapeText(w.shape)}, not ${shapeText(shape)}`);
      return Float32Array.from(values);
    });
  });
}
