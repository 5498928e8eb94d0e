/**
 * What every package knows of a layer kind, in one table: the weights it holds (Keras' names and
 * order, and their shapes) and the shape of its output; and the activations the replay computes,
 * with Keras' defaults. Core, the recorder and the command line read these instead of switching.
 */
import type { ActivationName, LayerKind, LayerSpec } from "./recording.js";

/** The activations the replay computes, by Keras' names (Python deepreplay's `activation_functions`). */
export const ACTIVATION_NAMES: readonly ActivationName[] = [
  "linear",
  "sigmoid",
  "tanh",
  "relu",
  "elu",
  "selu",
  "softplus",
  "softsign",
  "hard_sigmoid",
  "softmax",
  "leaky_relu",
];

/** Keras' LeakyReLU slope when a recording does not say (`alpha` of Keras 2 and tfjs). */
export const LEAKY_RELU_ALPHA = 0.3;

export function isActivationName(name: string): name is ActivationName {
  return (ACTIVATION_NAMES as readonly string[]).includes(name);
}

type LayerOfKind<K extends LayerKind> = Extract<LayerSpec, { kind: K }>;

interface LayerKindDescriptor<K extends LayerKind> {
  /** The weights it holds, in Keras' `layer.weights` order (the order of `layer{i}/weights{j}`). */
  readonly weightNames: (layer: LayerOfKind<K>) => string[];
  /** Their shapes, for an input whose last axis is `inputWidth`. */
  readonly weightShapes: (layer: LayerOfKind<K>, inputWidth: number) => number[][];
  /** Its output's shape (without the batch axis) for an input of shape `input`. */
  readonly outputShape: (layer: LayerOfKind<K>, input: readonly number[]) => number[];
}

const none = () => [];
const same = (_: unknown, input: readonly number[]) => [...input];

const LAYER_KINDS: { readonly [K in LayerKind]: LayerKindDescriptor<K> } = {
  InputLayer: { weightNames: none, weightShapes: none, outputShape: (layer) => [...layer.inputShape] },
  Dense: {
    weightNames: (layer) => (layer.useBias ? ["kernel", "bias"] : ["kernel"]),
    weightShapes: (layer, inputWidth) =>
      layer.useBias ? [[inputWidth, layer.units], [layer.units]] : [[inputWidth, layer.units]],
    outputShape: (layer, input) => [...input.slice(0, -1), layer.units],
  },
  Activation: { weightNames: none, weightShapes: none, outputShape: same },
  Dropout: { weightNames: none, weightShapes: none, outputShape: same },
  BatchNormalization: {
    weightNames: (layer) => [
      ...(layer.scale ? ["gamma"] : []),
      ...(layer.center ? ["beta"] : []),
      "moving_mean",
      "moving_variance",
    ],
    weightShapes: (layer, inputWidth) => LAYER_KINDS.BatchNormalization.weightNames(layer).map(() => [inputWidth]),
    outputShape: same,
  },
  Flatten: { weightNames: none, weightShapes: none, outputShape: (_, input) => [input.reduce((a, b) => a * b, 1)] },
};

function describe<K extends LayerKind>(layer: LayerOfKind<K>): LayerKindDescriptor<K> {
  return LAYER_KINDS[layer.kind as K] as unknown as LayerKindDescriptor<K>;
}

/** The weights a layer holds, in Keras' `layer.weights` order. */
export function weightNames(layer: LayerSpec): string[] {
  return describe(layer).weightNames(layer as never);
}

/** The shapes of a layer's weight arrays, in Keras' order, for an input whose last axis is `inputWidth`. */
export function weightShapes(layer: LayerSpec, inputWidth: number): number[][] {
  return describe(layer).weightShapes(layer as never, inputWidth);
}

/** Output shape (without the batch axis) of every layer, following the chain from the input. */
export function outputShapes(inputShape: readonly number[], layers: readonly LayerSpec[]): number[][] {
  let shape = inputShape;
  return layers.map((layer) => (shape = describe(layer).outputShape(layer as never, shape)));
}

/** Width (last axis) of every layer's output. */
export function outputWidths(inputShape: readonly number[], layers: readonly LayerSpec[]): number[] {
  return outputShapes(inputShape, layers).map((shape) => shape[shape.length - 1]);
}

/** The activation a layer applies, if any. */
export function layerActivation(layer: LayerSpec): ActivationName | undefined {
  return layer.kind === "Dense" || layer.kind === "Activation" ? layer.activation : undefined;
}

/** LeakyReLU's slope of a layer: the one recorded, else Keras' default. */
export function leakyAlpha(layer: LayerSpec): number {
  return ("alpha" in layer ? layer.alpha : undefined) ?? LEAKY_RELU_ALPHA;
}
