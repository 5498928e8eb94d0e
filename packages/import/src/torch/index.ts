export { readStateDict } from "./state-dict.js";
export { readOnnxArchitecture } from "./onnx.js";
export { layerWeights } from "../layer-weights.js";
