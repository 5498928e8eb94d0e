import { type LayerSpec, outputWidths, weightShapes } from "@deepreplay/frames";

/**
 * The shape of every weight array of every layer (Keras order), from the input shape through the
 * layers: what a checkpoint must hold, checked before its arrays are read.
 */
export function expectedWeightShapes(inputShape: readonly number[], layers: readonly LayerSpec[]): number[][][] {
  const inputWidths = [inputShape[inputShape.length - 1], ...outputWidths(inputShape, layers)];
  return layers.map((layer, i) => weightShapes(layer, inputWidths[i]));
}

export const shapeText = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((n, i) => n === b[i]);
