import { DeepReplayError, type FeatureSpaceFrame } from "@deepreplay/frames";
import type { Replay } from "../replay.js";
import { SpaceComputation, type SpaceData, type SpaceOptions } from "./space.js";

export interface FeatureSpaceOptions extends SpaceOptions {
  /** Name of a layer with 2 units. */
  layer: string;
  /** One domain for all epochs of the range (default true), else each epoch's own extent. */
  scaleFixed?: boolean;
}

/**
 * The original's `build_feature_space`: inputs, grid lines and the contour grid bent through a 2-unit
 * layer, with predictions. With inputs of more than 2 features (or displayGrid false) the contour grid
 * is laid in the layer's own space, over the extent of the bent inputs, and predicted from there on.
 */
function featureSpaceComputation(replay: Replay, options: FeatureSpaceOptions): SpaceComputation {
  const layer = replay.layerIndex(options.layer);
  if (replay.widths[layer] !== 2) {
    throw new DeepReplayError("FEATURE_SPACE_NEEDS_2_UNITS", `Layer "${options.layer}" has ${replay.widths[layer]} units; a feature space needs a layer with exactly 2.`, {
      hint: "Use the decision boundary (2-D inputs) instead, or add a 2-unit linear bottleneck layer (Dense(2)) before the output and replay that layer, as the original's FAQ suggests.",
    });
  }
  const latent = replay.inputDims !== 2 || options.displayGrid === false;
  return new SpaceComputation(replay, { kind: "feature-space", layer, latent, scaleFixed: options.scaleFixed !== false }, options);
}

export function featureSpaceFrames(replay: Replay, options: FeatureSpaceOptions): Generator<FeatureSpaceFrame, void, undefined> {
  return featureSpaceComputation(replay, options).frames() as Generator<FeatureSpaceFrame, void, undefined>;
}

export function featureSpaceData(replay: Replay, options: FeatureSpaceOptions): SpaceData {
  return featureSpaceComputation(replay, options).data();
}
