/** Keras' JSON and weight naming, without HDF5 or Node: what importers running in a browser use. */
export {
  kerasLayers,
  lossFromLogits,
  parseKerasModel,
  parseModelConfig,
  parseTrainingConfig,
  SUPPORTED_LAYERS,
  type KerasJson,
  type KerasLayerInfo,
} from "./parse-model.js";
export { kerasModelConfig, kerasTrainingConfig } from "./to-keras.js";
export { activationFunctionName } from "./weights.js";
export { weightNames } from "@deepreplay/frames";
