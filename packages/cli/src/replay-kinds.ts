import {
  decisionBoundaryData,
  decisionBoundaryFrames,
  featureSpaceData,
  featureSpaceFrames,
  layerViolinsData,
  layerViolinsFrames,
  lossAndMetricData,
  lossAndMetricFrames,
  lossHistogramData,
  lossHistogramFrames,
  probabilityHistogramData,
  probabilityHistogramFrames,
  type EpochRange,
  type Replay,
  type SpaceOptions,
} from "@deepreplay/core";
import { DeepReplayError, type Frame, type LayerQuantity } from "@deepreplay/frames";
import type { ReplayFlags } from "./flags.js";
import type { Kind } from "./kinds.js";

/** For pictures or for data: pictures draw exact regions, data keeps the original's sampled contour. */
export type Purpose = "draw" | "data";

/** Contour points per axis `deepreplay data` samples unless told: the original's 1000 gives gigabytes of JSON. */
export const DATA_CONTOUR_POINTS = 100;

/**
 * What one kind yields: frames, lazily, epoch by epoch (plot, animate), or the original's
 * materialised arrays (data). The only place the command line meets core.
 */
export function kindFrames(replay: Replay, kind: Kind, flags: ReplayFlags, range: EpochRange): Generator<Frame, void, undefined> {
  switch (kind) {
    case "feature-space":
      return featureSpaceFrames(replay, { ...spaceOptions(flags, range, "draw"), layer: featureLayer(replay, flags), scaleFixed: flags.scaleFixed });
    case "decision-boundary":
      return decisionBoundaryFrames(replay, spaceOptions(flags, range, "draw"));
    case "probability-histogram":
      return probabilityHistogramFrames(replay, range);
    case "loss-histogram":
      return lossHistogramFrames(replay, range);
    case "loss-and-metric":
      // The curve always runs from epoch 0, as far as the frame's epoch, like the original's plot.
      return fromEpoch(range.epochStart ?? 0, lossAndMetricFrames(replay, { epochStart: 0, epochEnd: range.epochEnd, metric: flags.metric }));
    default:
      return layerViolinsFrames(replay, kind, violinOptions(flags, range));
  }
}

export function kindData(replay: Replay, kind: Kind, flags: ReplayFlags, range: EpochRange): object {
  switch (kind) {
    case "feature-space":
      return featureSpaceData(replay, { ...spaceOptions(flags, range, "data"), layer: featureLayer(replay, flags), scaleFixed: flags.scaleFixed });
    case "decision-boundary":
      return decisionBoundaryData(replay, spaceOptions(flags, range, "data"));
    case "probability-histogram":
      return probabilityHistogramData(replay, range);
    case "loss-histogram":
      return lossHistogramData(replay, range);
    case "loss-and-metric":
      return lossAndMetricData(replay, { ...range, metric: flags.metric });
    default: {
      // The original's LayerViolinsData fields; the std stays out as it does there.
      const { epochs, names, values, layers, selectedLayers } = layerViolinsData(replay, kind satisfies LayerQuantity, violinOptions(flags, range));
      return { epochs, names, values, layers, selectedLayers };
    }
  }
}

function* fromEpoch<F extends Frame>(first: number, frames: Iterable<F>): Generator<F, void, undefined> {
  for (const frame of frames) if (frame.epoch >= first) yield frame;
}

/**
 * Pictures draw the exact decision regions unless --contour-points asks for the original's sampled
 * contour; data always carries the sampled contour.
 */
function spaceOptions(flags: ReplayFlags, range: EpochRange, purpose: Purpose): SpaceOptions {
  const sampled = flags.contourPoints !== undefined;
  return {
    ...range,
    xlim: flags.xlim,
    ylim: flags.ylim,
    displayGrid: flags.displayGrid,
    contourPoints: purpose === "data" ? (flags.contourPoints ?? DATA_CONTOUR_POINTS) : sampled ? flags.contourPoints : 0,
    regions: purpose === "draw" && !sampled,
  };
}

function violinOptions(flags: ReplayFlags, range: EpochRange) {
  return { ...range, layerNames: flags.layers, includeInputs: flags.includeInputs, excludeOutputs: flags.excludeOutputs };
}

/** --layer, else the last hidden layer with 2 units (the original always names one). */
export function featureLayer(replay: Replay, flags: Pick<ReplayFlags, "layer">): string {
  if (flags.layer) return flags.layer;
  const last = replay.widths.length - 1;
  const candidates = replay.widths.flatMap((width, i) => (width === 2 && i < last ? [replay.model.layers[i].name] : []));
  if (candidates.length === 0) {
    throw new DeepReplayError("NO_2_UNIT_LAYER", "The model has no hidden layer with 2 units to draw a feature space of.", {
      hint: "Add a 2-unit layer (e.g. a linear Dense(2) bottleneck before the output) or draw the decision-boundary instead.",
    });
  }
  return candidates[candidates.length - 1];
}
