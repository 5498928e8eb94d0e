import { layerActivation, type LayerSpec } from "@deepreplay/frames";

/** The name Keras' `activation.__name__` gives, stored in `activation_functions` ('' for a layer without one). */
export function activationFunctionName(layer: LayerSpec): string {
  return layerActivation(layer) ?? "";
}
