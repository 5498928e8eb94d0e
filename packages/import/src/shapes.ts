import type { LayerSpec } from "@deepreplay/frames";
import { weightNames } from "@deepreplay/recorder/keras";

/**
 * The shape of every weight array of every layer (Keras order), from the input shape through the
 * layers: what a checkpoint must hold, checked before its arrays are read.
 */
export function expectedWeightShapes(inputShape: readonly number[], layers: readonly LayerSpec[]): number[][][] {
  let shape = [...inputShape];
  return layers.map((layer) => {
    const width = shape[shape.length - 1];
    if (layer.kind === "Flatten") shape = [shape.reduce((a, b) => a * b, 1)];
    if (layer.kind !== "Dense") return weightNames(layer).map(() => [width]);
    shape = [...shape.slice(0, -1), layer.units];
    return layer.useBias ? [[width, layer.units], [layer.units]] : [[width, layer.units]];
  });
}

export const shapeText = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((n, i) => n === b[i]);
