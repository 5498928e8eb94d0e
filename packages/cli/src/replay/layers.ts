import type { LayerSpec, ModelDescription } from "@deepreplay/frames";

/** Output shape (without the batch axis) of every layer, following the chain from the input. */
export function layerOutputShapes(model: ModelDescription): number[][] {
  let shape = model.inputShape;
  return model.layers.map((layer) => (shape = outputShape(layer, shape)));
}

function outputShape(layer: LayerSpec, input: number[]): number[] {
  switch (layer.kind) {
    case "InputLayer":
      return layer.inputShape;
    case "Dense":
      return [...input.slice(0, -1), layer.units];
    case "Flatten":
      return [input.reduce((a, b) => a * b, 1)];
    default:
      return input;
  }
}

/** The activation a layer applies, if any. */
export function layerActivation(layer: LayerSpec): string | undefined {
  return layer.kind === "Dense" || layer.kind === "Activation" ? layer.activation : undefined;
}
