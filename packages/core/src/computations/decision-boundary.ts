import { DeepReplayError, type DecisionBoundaryFrame } from "@deepreplay/frames";
import type { Replay } from "../replay.js";
import { SpaceComputation, type SpaceData, type SpaceOptions } from "./space.js";

/** The original's `build_decision_boundary`: inputs, grid lines and contour grid in input space, with predictions. */
function decisionBoundaryComputation(replay: Replay, options: SpaceOptions): SpaceComputation {
  if (replay.inputDims !== 2) {
    throw new DeepReplayError(
      "DECISION_BOUNDARY_NEEDS_2D_INPUTS",
      `The inputs have ${replay.inputDims} features; a decision boundary is drawn in a 2-D input space.`,
      {
        hint: "Replay the feature space of a layer with 2 units instead.",
      },
    );
  }
  return new SpaceComputation(
    replay,
    { kind: "decision-boundary", layer: -1, latent: false, scaleFixed: true },
    options,
  );
}

export function decisionBoundaryFrames(
  replay: Replay,
  options: SpaceOptions = {},
): Generator<DecisionBoundaryFrame, void, undefined> {
  return decisionBoundaryComputation(replay, options).frames() as Generator<DecisionBoundaryFrame, void, undefined>;
}

export function decisionBoundaryData(replay: Replay, options: SpaceOptions = {}): SpaceData {
  return decisionBoundaryComputation(replay, options).data();
}
