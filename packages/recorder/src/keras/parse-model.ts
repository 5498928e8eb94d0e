import { DeepReplayError, LEAKY_RELU_ALPHA, type LayerSpec, type ModelDescription } from "@deepreplay/frames";
import { activationName, snakeCase } from "./activations.js";

/**
 * The one normaliser of Keras model descriptions: the model_config / config.json / `model.to_json()`
 * of Keras 2.2, tf.keras 2.x and Keras 3 (`batch_input_shape` or `batch_shape`, dtypes as strings or
 * DTypePolicy objects, `module` / `registered_name` / `build_config` fields, both generations of
 * Functional `inbound_nodes`) become one ModelDescription. Fields the replay does not need are ignored.
 */

type Json = Record<string, unknown>;

/** A model_config as text (an HDF5 attribute) or already parsed (a .keras config.json). */
export type KerasJson = string | Record<string, unknown>;

interface KerasLayer {
  class_name: string;
  config: Json;
  inbound_nodes?: unknown;
}

/** Keras 3's default LeakyReLU slope (`negative_slope`); Keras 2's and tfjs' `alpha` is LEAKY_RELU_ALPHA. */
const LEAKY_NEGATIVE_SLOPE = 0.2;

function invalid(message: string, cause?: unknown): DeepReplayError {
  return new DeepReplayError("INVALID_MODEL_CONFIG", message, {
    hint: "The model description must be Keras' model_config JSON (Sequential or a Functional chain).",
    cause,
  });
}

function parseJson(text: KerasJson, what: string): Json {
  if (typeof text !== "string") {
    if (isObject(text)) return text;
    throw invalid(`The ${what} is not a JSON object.`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Json;
  } catch (error) {
    throw invalid(`The ${what} is not valid JSON.`, error);
  }
  throw invalid(`The ${what} is not a JSON object.`);
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function asLayers(value: unknown): KerasLayer[] {
  if (!Array.isArray(value)) throw invalid("The model_config has no list of layers.");
  return value.map((layer, i) => {
    if (!isObject(layer) || typeof layer.class_name !== "string" || !isObject(layer.config)) {
      throw invalid(`Layer ${i} of the model_config has no class_name and config.`);
    }
    return layer as unknown as KerasLayer;
  });
}

/** `batch_input_shape` (Keras 2, tfjs) or `batch_shape` (Keras 3), without the batch axis. */
function declaredInputShape(config: Json): number[] | undefined {
  const batchShape = config.batch_input_shape ?? config.batch_shape;
  if (!Array.isArray(batchShape)) return undefined;
  const shape = batchShape.slice(1);
  if (!shape.every((n) => Number.isInteger(n) && n > 0)) {
    throw invalid(`The input shape ${JSON.stringify(batchShape)} has an unknown dimension.`);
  }
  return shape as number[];
}

function layerName(layer: KerasLayer, index: number): string {
  const name = layer.config.name;
  return typeof name === "string" ? name : `layer${index}`;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === "boolean" ? value : fallback;
}

/** The layer classes the replay computes, as `layerSpec` maps them. */
export const SUPPORTED_LAYERS = [
  "InputLayer",
  "Dense",
  "Activation",
  "ReLU",
  "LeakyReLU",
  "Softmax",
  "Dropout",
  "BatchNormalization",
  "Flatten",
] as const;

/** One Keras layer config as a LayerSpec; an unknown class is refused by name. */
function layerSpec(layer: KerasLayer, index: number): LayerSpec {
  const name = layerName(layer, index);
  const c = layer.config;
  switch (layer.class_name) {
    case "Dense": {
      const activation = activationName(c.activation, name);
      if (!Number.isInteger(c.units)) throw invalid(`Dense layer "${name}" has no integer units.`);
      return {
        kind: "Dense",
        name,
        units: c.units as number,
        activation,
        useBias: booleanOr(c.use_bias, true),
        ...(activation === "leaky_relu" ? { alpha: numberOr(c.alpha, LEAKY_NEGATIVE_SLOPE) } : {}),
      };
    }
    case "Activation": {
      const activation = activationName(c.activation, name);
      return {
        kind: "Activation",
        name,
        activation,
        ...(activation === "leaky_relu" ? { alpha: LEAKY_NEGATIVE_SLOPE } : {}),
      };
    }
    case "LeakyReLU":
      return {
        kind: "Activation",
        name,
        activation: "leaky_relu",
        alpha: typeof c.negative_slope === "number" ? c.negative_slope : numberOr(c.alpha, LEAKY_RELU_ALPHA),
      };
    case "ReLU":
      if (![c.max_value, c.negative_slope, c.threshold].every((v) => v === undefined || v === null || v === 0)) {
        throw unsupportedLayer(name, "a ReLU with max_value, negative_slope or threshold");
      }
      return { kind: "Activation", name, activation: "relu" };
    case "Softmax":
      if (
        c.axis !== undefined &&
        c.axis !== -1 &&
        !(Array.isArray(c.axis) && c.axis.length === 1 && c.axis[0] === -1)
      ) {
        throw unsupportedLayer(name, `a Softmax over axis ${JSON.stringify(c.axis)}`);
      }
      return { kind: "Activation", name, activation: "softmax" };
    case "Dropout":
      return { kind: "Dropout", name, rate: numberOr(c.rate, 0) };
    case "BatchNormalization":
      return {
        kind: "BatchNormalization",
        name,
        epsilon: numberOr(c.epsilon, 1e-3),
        center: booleanOr(c.center, true),
        scale: booleanOr(c.scale, true),
      };
    case "Flatten":
      return { kind: "Flatten", name };
    case "InputLayer": {
      const inputShape = declaredInputShape(c);
      if (!inputShape) throw invalid(`InputLayer "${name}" declares no input shape.`);
      return { kind: "InputLayer", name, inputShape };
    }
    default:
      throw unsupportedLayer(name, `a ${layer.class_name}`);
  }
}

function unsupportedLayer(name: string, what: string): DeepReplayError {
  return new DeepReplayError("UNSUPPORTED_LAYER", `Layer "${name}" is ${what}, which the replay cannot compute.`, {
    hint: `Supported layers: ${SUPPORTED_LAYERS.join(", ")}.`,
  });
}

/** Names of the layers feeding a Functional layer, in Keras 2 / tfjs or Keras 3 node format. */
function inboundLayerNames(layer: KerasLayer): string[] {
  const nodes = Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes : [];
  const names: string[] = [];
  for (const node of nodes) {
    if (Array.isArray(node)) {
      for (const tensor of node) if (Array.isArray(tensor) && typeof tensor[0] === "string") names.push(tensor[0]);
    } else if (isObject(node) && Array.isArray(node.args)) {
      for (const arg of node.args) {
        const history = isObject(arg) && isObject(arg.config) ? arg.config.keras_history : undefined;
        if (Array.isArray(history) && typeof history[0] === "string") names.push(history[0]);
      }
    }
  }
  return names;
}

function sequentialLayers(config: unknown): { layers: KerasLayer[]; inputShape?: number[] } {
  // Keras <= 2.2.2 stores the list itself; later versions {name, layers}.
  const all = asLayers(Array.isArray(config) ? config : isObject(config) ? config.layers : undefined);
  // A Sequential model's `layers` leaves out its InputLayer: the file's layer indices do too.
  const input = all.find((layer) => layer.class_name === "InputLayer");
  const layers = all.filter((layer) => layer.class_name !== "InputLayer");
  const inputShape =
    (input && declaredInputShape(input.config)) ??
    (layers[0] && declaredInputShape(layers[0].config)) ??
    // Keras 3 keeps the shape a Sequential was built with when it has no InputLayer.
    (isObject(config) ? declaredInputShape({ batch_shape: config.build_input_shape }) : undefined);
  return { layers, inputShape };
}

function functionalLayers(config: unknown): { layers: KerasLayer[]; inputShape?: number[] } {
  if (!isObject(config)) throw invalid("The Functional model_config has no config object.");
  const layers = asLayers(config.layers);
  layers.forEach((layer, i) => {
    const inbound = inboundLayerNames(layer);
    const expected = i === 0 ? [] : [layerName(layers[i - 1], i - 1)];
    if (inbound.length !== expected.length || inbound.some((name, k) => name !== expected[k])) {
      throw new DeepReplayError(
        "UNSUPPORTED_TOPOLOGY",
        `Layer "${layerName(layer, i)}" is fed by [${inbound.join(", ")}], not only by the layer before it.`,
        { hint: "The replay supports Functional models that are a single chain of layers." },
      );
    }
  });
  const first = layers[0];
  return { layers, inputShape: first && declaredInputShape(first.config) };
}

/** One layer of a Keras model as the replay computes it, with the Keras class it was (which names its weights). */
export interface KerasLayerInfo {
  spec: LayerSpec;
  className: string;
}

/**
 * The layers of a Keras model_config in the order of Keras' `model.layers` (a Sequential's InputLayer left
 * out, a Functional's kept), each with its class name.
 */
export function kerasLayers(modelConfig: KerasJson): { inputShape: number[]; layers: KerasLayerInfo[] } {
  const root = parseJson(modelConfig, "model_config");
  const className = root.class_name;
  const { layers, inputShape } =
    className === "Sequential"
      ? sequentialLayers(root.config)
      : className === "Model" || className === "Functional"
        ? functionalLayers(root.config)
        : (() => {
            throw invalid(`The model class ${JSON.stringify(className)} is neither Sequential nor Functional.`);
          })();
  if (!inputShape) throw invalid("The model_config declares no input shape.");
  return { inputShape, layers: layers.map((layer, i) => ({ spec: layerSpec(layer, i), className: layer.class_name })) };
}

/** The architecture in Keras' `model_config` JSON (Sequential or a Functional chain). */
export function parseModelConfig(modelConfig: KerasJson): Pick<ModelDescription, "inputShape" | "layers"> {
  const { inputShape, layers } = kerasLayers(modelConfig);
  return { inputShape, layers: layers.map((layer) => layer.spec) };
}

/** A loss or metric: a name, or a serialized Keras object naming one. */
function objectName(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!isObject(value)) return undefined;
  const config = isObject(value.config) ? value.config : {};
  if (typeof config.name === "string") return config.name;
  if (typeof value.class_name === "string") return snakeCase(value.class_name);
  return undefined;
}

function lossName(loss: unknown): string | undefined {
  // A one-output model may store {output_name: loss}.
  if (isObject(loss) && !("class_name" in loss)) {
    const values = Object.values(loss);
    return values.length === 1 ? lossName(values[0]) : undefined;
  }
  const name = objectName(loss);
  return name && (name.includes("_") ? name : snakeCase(name));
}

function metricNames(metrics: unknown): string[] {
  if (metrics === undefined || metrics === null) return [];
  if (isObject(metrics)) return Object.values(metrics).flatMap(metricNames);
  if (!Array.isArray(metrics)) return [];
  return metrics.flatMap((metric) =>
    Array.isArray(metric) || (isObject(metric) && !("class_name" in metric))
      ? metricNames(metric)
      : (objectName(metric) ?? []),
  );
}

function optimizer(config: unknown): ModelDescription["optimizer"] {
  if (!isObject(config) || typeof config.class_name !== "string") return undefined;
  // Keras 3 configs carry the instance name ("sgd_1"): the class names the optimizer.
  const {
    lr,
    learning_rate: learningRate = lr,
    name: _name,
    ...settings
  } = isObject(config.config) ? config.config : {};
  return { name: config.class_name, ...(typeof learningRate === "number" ? { learningRate } : {}), ...settings };
}

/**
 * Loss, metrics and optimizer from Keras' `training_config` JSON (an .h5 attribute) or the
 * `compile_config` of a .keras config.json (the optimizer under `optimizer`, not `optimizer_config`).
 */
export function parseTrainingConfig(
  trainingConfig: KerasJson,
): Pick<ModelDescription, "loss" | "metrics" | "optimizer"> {
  const root = parseJson(trainingConfig, "training_config");
  const loss = lossName(root.loss);
  if (!loss) throw invalid(`The training_config names no single loss: ${JSON.stringify(root.loss)}.`);
  const parsedOptimizer = optimizer(root.optimizer_config ?? root.optimizer);
  return { loss, metrics: metricNames(root.metrics), ...(parsedOptimizer ? { optimizer: parsedOptimizer } : {}) };
}

/** True when the compiled loss is a Keras loss object made with `from_logits=True` (the model ends in logits). */
export function lossFromLogits(trainingConfig: KerasJson): boolean {
  const { loss } = parseJson(trainingConfig, "training_config");
  const losses = isObject(loss) && !("class_name" in loss) ? Object.values(loss) : [loss];
  return losses.some((l) => isObject(l) && isObject(l.config) && l.config.from_logits === true);
}

/** A ModelDescription from Keras' two JSON attributes. */
export function parseKerasModel(modelConfig: KerasJson, trainingConfig: KerasJson): ModelDescription {
  return { ...parseModelConfig(modelConfig), ...parseTrainingConfig(trainingConfig) };
}
