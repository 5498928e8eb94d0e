/**
 * @deepreplay/core: replays recorded weights through the layers on tfjs-core (WASM backend) and
 * computes what Python deepreplay's Replay computes, as frames yielded lazily epoch by epoch, or as
 * the original's arrays for export.
 */
export { initBackend, activeBackend, type BackendName, type BackendOptions } from "./backend.js";
export { openReplay, Replay, type EpochRange } from "./replay.js";

export {
  featureSpaceFrames,
  featureSpaceData,
  type FeatureSpaceOptions,
  type ProjectionMethod,
} from "./computations/feature-space.js";
export { decisionBoundaryFrames, decisionBoundaryData } from "./computations/decision-boundary.js";
export type { SpaceOptions, SpaceData } from "./computations/space.js";
export {
  predictProba,
  probabilityHistogramFrames,
  probabilityHistogramData,
  type ProbabilityData,
} from "./computations/probabilities.js";
export {
  lossHistogramFrames,
  lossHistogramData,
  lossAndMetricFrames,
  lossAndMetricData,
  type LossAndMetricOptions,
  type LossAndMetricData,
} from "./computations/losses.js";
export { fitProjection, type Projection } from "./computations/projection.js";
export {
  lossLandscape,
  lossLandscapeData,
  lossLandscapeFrames,
  flatWeights,
  type LossLandscape,
  type LossLandscapeData,
  type LossLandscapeOptions,
} from "./computations/loss-landscape.js";
export {
  layerViolinsFrames,
  layerViolinsData,
  type LayerViolinsOptions,
  type LayerViolinsData,
} from "./computations/layer-violins.js";

export { Network, type ForwardOptions, type ForwardResult } from "./engine/forward.js";
export { activate } from "./engine/activations.js";
export { isActivationName, outputWidths } from "@deepreplay/frames";
export { predictClasses } from "./engine/decision.js";
export { sampleLosses, lossKind, EPSILON, type LossKind } from "./engine/losses.js";
export { batchedForward } from "./engine/batched.js";
export { symmetricEigen, type Eigen } from "./linalg.js";
export { kernelGradients } from "./engine/gradients.js";
export { build2dGrid } from "./grid.js";
export { linspace, std } from "@deepreplay/frames";
export { traceRegions, mapRegions, regionGrid } from "./regions.js";
export { toPlain } from "./plain.js";
