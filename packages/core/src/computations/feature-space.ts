import { DeepReplayError, type FeatureSpaceFrame } from "@deepreplay/frames";
import type { EpochRange, Replay } from "../replay.js";
import { fitProjection } from "./projection.js";
import { SpaceComputation, type SpaceData, type SpaceOptions } from "./space.js";

export type ProjectionMethod = "pca" | "none";

export interface FeatureSpaceOptions extends SpaceOptions {
  /** Name of the layer whose output is drawn. */
  layer: string;
  /**
   * "pca": the layer's outputs on their two principal components, one projection fitted over the
   * whole range (the default for a layer of more than 2 units; no decision regions, each input's
   * predicted class instead); "none": the layer's 2 units are the axes (the original's, and the
   * default for a 2-unit layer).
   */
  projection?: ProjectionMethod;
  /** The epochs the projection is fitted over (default the frames' range): a still of one epoch can share an animation's projection. */
  projectionEpochs?: EpochRange;
  /** One domain for all epochs of the range (default true), else each epoch's own extent. */
  scaleFixed?: boolean;
}

const PROJECTIONS: readonly ProjectionMethod[] = ["pca", "none"];

/**
 * The original's `build_feature_space`: inputs, grid lines and the contour grid bent through a 2-unit
 * layer, with predictions. With inputs of more than 2 features (or displayGrid false) the contour grid
 * is laid in the layer's own space, over the extent of the bent inputs, and predicted from there on.
 * A wider layer's outputs (and the bent grid lines) are projected onto their principal components.
 */
function featureSpaceComputation(replay: Replay, options: FeatureSpaceOptions): SpaceComputation {
  const layer = replay.layerIndex(options.layer);
  const units = replay.widths[layer];
  const method = options.projection ?? (units > 2 ? "pca" : "none");
  if (!PROJECTIONS.includes(method)) {
    throw new DeepReplayError("INVALID_OPTION", `The option projection is ${JSON.stringify(method)}.`, {
      hint: `It must be one of ${PROJECTIONS.join(", ")}.`,
    });
  }
  if (method === "none" && units !== 2) {
    throw new DeepReplayError(
      "FEATURE_SPACE_NEEDS_2_UNITS",
      `Layer "${options.layer}" has ${units} units; a feature space without a projection needs a layer with exactly 2.`,
      {
        hint:
          units > 2
            ? 'Project it onto its principal components (projection "pca", the default for a layer of more than 2 units), or draw the decision boundary (2-D inputs) instead.'
            : "Use the decision boundary (2-D inputs) instead, or add a 2-unit linear bottleneck layer (Dense(2)) before the output and replay that layer, as the original's FAQ suggests.",
      },
    );
  }
  const latent = replay.inputDims !== 2 || options.displayGrid === false;
  const scaleFixed = options.scaleFixed !== false;
  if (method === "none")
    return new SpaceComputation(replay, { kind: "feature-space", layer, latent, scaleFixed }, options);
  const projection = fitProjection(replay, options.layer, options.projectionEpochs ?? options);
  return new SpaceComputation(
    replay,
    { kind: "feature-space", layer, latent, scaleFixed, projection },
    { ...options, contourPoints: 0, regions: false },
  );
}

export function featureSpaceFrames(
  replay: Replay,
  options: FeatureSpaceOptions,
): Generator<FeatureSpaceFrame, void, undefined> {
  return featureSpaceComputation(replay, options).frames() as Generator<FeatureSpaceFrame, void, undefined>;
}

export function featureSpaceData(replay: Replay, options: FeatureSpaceOptions): SpaceData {
  return featureSpaceComputation(replay, options).data();
}
