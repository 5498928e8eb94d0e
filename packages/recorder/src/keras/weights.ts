import type { LayerSpec } from "@deepreplay/frames";

/** The weights a layer holds, in Keras' `layer.weights` order (the order of `layer{i}/weights{j}`). */
export function weightNames(layer: LayerSpec): string[] {
  switch (layer.kind) {
    case "Dense":
      return layer.useBias ? ["kernel", "bias"] : ["kernel"];
    case "BatchNormalization":
      return [...(layer.scale ? ["gamma"] : []), ...(layer.center ? ["beta"] : []), "moving_mean", "moving_variance"];
    default:
      return [];
  }
}

/** The name Keras' `activation.__name__` gives, stored in `activation_functions` ('' for a layer without one). */
export function activationFunctionName(layer: LayerSpec): string {
  return layer.kind === "Dense" || layer.kind === "Activation" ? layer.activation : "";
}
