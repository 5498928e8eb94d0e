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
  type FeatureSpaceOptions,
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

/** What one kind yields: frames, lazily, epoch by epoch (plot, animate), or the original's materialised arrays (data). */
interface KindComputation {
  frames(replay: Replay, flags: ReplayFlags, range: EpochRange): Iterable<Frame>;
  data(replay: Replay, flags: ReplayFlags, range: EpochRange): object;
}

const violins = (quantity: LayerQuantity): KindComputation => ({
  frames: (replay, flags, range) => layerViolinsFrames(replay, quantity, violinOptions(flags, range)),
  data(replay, flags, range) {
    // The original's LayerViolinsData fields; the std stays out as it does there.
    const { epochs, names, values, layers, selectedLayers } = layerViolinsData(replay, quantity, violinOptions(flags, range));
    return { epochs, names, values, layers, selectedLayers };
  },
});

/** Each kind's computations in core, side by side: the only place the command line meets core. */
const COMPUTATIONS: Record<Kind, KindComputation> = {
  "feature-space": {
    frames: (replay, flags, range) => featureSpaceFrames(replay, featureSpaceOptions(replay, flags, range, "draw")),
    data: (replay, flags, range) => featureSpaceData(replay, featureSpaceOptions(replay, flags, range, "data")),
  },
  "decision-boundary": {
    frames: (replay, flags, range) => decisionBoundaryFrames(replay, spaceOptions(flags, range, "draw")),
    data: (replay, flags, range) => decisionBoundaryData(replay, spaceOptions(flags, range, "data")),
  },
  "probability-histogram": {
    frames: (replay, _flags, range) => probabilityHistogramFrames(replay, range),
    data: (replay, _flags, range) => probabilityHistogramData(replay, range),
  },
  "loss-histogram": {
    frames: (replay, _flags, range) => lossHistogramFrames(replay, range),
    data: (replay, _flags, range) => lossHistogramData(replay, range),
  },
  "loss-and-metric": {
    // The curve always runs from epoch 0, as far as the frame's epoch, like the original's plot.
    frames: (replay, { metric }, range) => fromEpoch(range.epochStart ?? 0, lossAndMetricFrames(replay, { epochStart: 0, epochEnd: range.epochEnd, metric })),
    data: (replay, { metric }, range) => lossAndMetricData(replay, { ...range, metric }),
  },
  weights: violins("weights"),
  gradients: violins("gradients"),
  activations: violins("activations"),
  "z-values": violins("z-values"),
};

export function kindFrames(replay: Replay, kind: Kind, flags: ReplayFlags, range: EpochRange): Iterable<Frame> {
  return COMPUTATIONS[kind].frames(replay, flags, range);
}

export function kindData(replay: Replay, kind: Kind, flags: ReplayFlags, range: EpochRange): object {
  return COMPUTATIONS[kind].data(replay, flags, range);
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

function featureSpaceOptions(replay: Replay, flags: ReplayFlags, range: EpochRange, purpose: Purpose): FeatureSpaceOptions {
  return { ...spaceOptions(flags, range, purpose), layer: featureLayer(replay, flags), scaleFixed: flags.scaleFixed };
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
