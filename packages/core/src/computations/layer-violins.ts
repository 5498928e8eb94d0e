import type { Tensor } from "@tensorflow/tfjs-core";
import {
  DeepReplayError,
  isAllFinite,
  std,
  type LayerQuantity,
  type LayerSpec,
  type LayerViolinsFrame,
  type NdArray,
} from "@deepreplay/frames";
import type { Network } from "../engine/forward.js";
import { kernelGradients } from "../engine/gradients.js";
import { readArrays } from "../engine/read.js";
import { lossKind } from "../engine/losses.js";
import type { EpochRange, Replay } from "../replay.js";
import { divergenceNote, eachEpoch, type OnDevice } from "./epochs.js";

export interface LayerViolinsOptions extends EpochRange {
  /** Layers to show (default: all of the quantity's layers, less the output layer when excludeOutputs). */
  layerNames?: string[];
  /** Leave out the output layer (default true; ignored when layerNames is given). */
  excludeOutputs?: boolean;
  /** Show the inputs as a first "layer" (activations and z-values only; default true). */
  includeInputs?: boolean;
}

/** The original's LayerViolinsData, plus the std of each array. */
export interface LayerViolinsData {
  epochs: number[];
  /** Name of each array in `values`. */
  names: string[];
  /** Per epoch, one array per name. */
  values: NdArray[][];
  /** The layers this quantity exists for. */
  layers: string[];
  selectedLayers: string[];
  /** Per epoch, the standard deviation of each array (the original's weights_std / gradients_std). */
  std: number[][];
}

const INPUTS = "inputs";

/** Activations and z-values start with the inputs themselves. */
const startsWithInputs = (quantity: LayerQuantity): boolean => quantity === "activations" || quantity === "z-values";

const isNonLinear = (spec: LayerSpec): boolean =>
  (spec.kind === "Dense" || spec.kind === "Activation") && spec.activation !== "linear";
const makesZ = (spec: LayerSpec): boolean => spec.kind === "Dense" || spec.kind === "BatchNormalization";

/**
 * Which layer indices each quantity reads. Activations: every layer applying a non-linear activation.
 * Z-values: for each of those, the nearest layer at or before it that computes an affine value (Dense,
 * BatchNormalization), as the original pairs them. Weights and gradients: the Dense kernels.
 */
function quantityLayers(replay: Replay, quantity: LayerQuantity): { names: string[]; indices: number[] } {
  const layers = replay.model.layers;
  let indices: number[];
  if (quantity === "weights" || quantity === "gradients") {
    indices = layers.flatMap((spec, i) => (spec.kind === "Dense" ? [i] : []));
  } else {
    const activations = layers.flatMap((spec, i) => (isNonLinear(spec) ? [i] : []));
    const zOf = (i: number): number => layers.slice(0, i + 1).findLastIndex(makesZ);
    indices =
      quantity === "activations" ? activations.filter((i) => zOf(i) >= 0) : activations.map(zOf).filter((i) => i >= 0);
  }
  return { names: indices.map((i) => layers[i].name), indices };
}

function selection(quantity: LayerQuantity, layers: string[], options: LayerViolinsOptions): string[] {
  const withInputs = startsWithInputs(quantity) && options.includeInputs !== false;
  if (options.layerNames) {
    const unknown = options.layerNames.filter((name) => !layers.includes(name));
    if (unknown.length) {
      throw new DeepReplayError(
        "UNKNOWN_LAYER",
        `No ${quantity} for layer(s) ${unknown.map((n) => `"${n}"`).join(", ")}.`,
        {
          hint: `Layers with ${quantity}: ${layers.join(", ") || "none"}.`,
        },
      );
    }
  }
  const chosen = options.layerNames ?? (options.excludeOutputs === false ? layers : layers.slice(0, -1));
  return withInputs ? [INPUTS, ...chosen] : chosen;
}

/** The tensors of one epoch, in the order of the quantity's names. */
function tensorsOf(
  replay: Replay,
  quantity: LayerQuantity,
  indices: number[],
): (network: Network, data: OnDevice) => Tensor[] {
  const kind = quantity === "gradients" ? lossKind(replay.model.loss) : undefined;
  return (network, { x, targets }) => {
    if (quantity === "weights") return indices.map((i) => network.weights[i][0]);
    if (kind) {
      const gradients = kernelGradients(network, x, targets, kind);
      return indices.map((i) => gradients.get(i)!);
    }
    const { outputs, zs } = network.forward(x, { keep: true, fused: false });
    const pick = quantity === "activations" ? outputs : zs.map((z, i) => z ?? outputs[i]);
    return [x, ...indices.map((i) => pick[i])];
  };
}

/** Arrays per epoch, with names and the layer selection (shared by frames and data). */
function violins(replay: Replay, quantity: LayerQuantity, options: LayerViolinsOptions) {
  const epochs = replay.epochs(options);
  const { names: layers, indices } = quantityLayers(replay, quantity);
  const selected = selection(quantity, layers, options);
  const names = startsWithInputs(quantity) ? [INPUTS, ...layers] : layers;
  const compute = tensorsOf(replay, quantity, indices);
  const perEpoch = eachEpoch(replay, epochs, (network, data, epoch) => ({
    epoch,
    network,
    arrays: readArrays(() => compute(network, data)),
  }));
  return { epochs, layers, selected, names, perEpoch };
}

/** Layer violin frames: the distribution of one quantity per selected layer, with its std. */
export function layerViolinsFrames(
  replay: Replay,
  quantity: LayerQuantity,
  options: LayerViolinsOptions = {},
): Generator<LayerViolinsFrame, void, undefined> {
  const { selected, names, perEpoch } = violins(replay, quantity, options);
  return (function* () {
    for (const { epoch, network, arrays } of perEpoch) {
      const layers = selected.map((name) => {
        const values = arrays[names.indexOf(name)].data as Float32Array;
        return { name, values, std: std(values) };
      });
      const finite = network.finite && layers.every((layer) => isAllFinite(layer.values));
      yield {
        kind: "layer-violins",
        epoch,
        finite,
        ...(finite ? {} : { note: divergenceNote(network, epoch) }),
        quantity,
        layers,
      };
    }
  })();
}

export function layerViolinsData(
  replay: Replay,
  quantity: LayerQuantity,
  options: LayerViolinsOptions = {},
): LayerViolinsData {
  const { epochs, layers, selected, names, perEpoch } = violins(replay, quantity, options);
  const values: NdArray[][] = [];
  for (const { arrays } of perEpoch) values.push(arrays);
  return {
    epochs,
    names,
    values,
    layers,
    selectedLayers: selected,
    std: values.map((arrays) => arrays.map((a) => std(a.data))),
  };
}
