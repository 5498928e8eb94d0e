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
  lossLandscapeData,
  lossLandscapeFrames,
  probabilityHistogramData,
  probabilityHistogramFrames,
  type EpochRange,
  type FeatureSpaceOptions,
  type Replay,
  type SpaceOptions,
} from "@deepreplay/core";
import { DeepReplayError, type Frame, type LayerQuantity } from "@deepreplay/frames";
import type { ReplayFlags } from "../flags/shared.js";
import type { Kind } from "./kind-names.js";

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
    const { epochs, names, values, layers, selectedLayers } = layerViolinsData(
      replay,
      quantity,
      violinOptions(flags, range),
    );
    return { epochs, names, values, layers, selectedLayers };
  },
});

/** Each kind's computations in core side by side: the only place the command line meets core. */
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
    frames: (replay, { metric }, range) =>
      fromEpoch(
        range.epochStart ?? 0,
        lossAndMetricFrames(replay, { epochStart: 0, epochEnd: range.epochEnd, metric }),
      ),
    data: (replay, { metric }, range) => lossAndMetricData(replay, { ...range, metric }),
  },
  weights: violins("weights"),
  gradients: violins("gradients"),
  activations: violins("activations"),
  "z-values": violins("z-values"),
  "loss-landscape": {
    // A still (one epoch) shows that epoch on the landscape of the whole recording, as the animation's frame of it.
    frames: (replay, flags, range) =>
      withinRange(range, lossLandscapeFrames(replay, { ...stillOrRange(replay, range), ...landscapeOptions(flags) })),
    data: (replay, flags, range) => lossLandscapeData(replay, { ...range, ...landscapeOptions(flags) }),
  },
};

export function kindFrames(replay: Replay, kind: Kind, flags: ReplayFlags, range: EpochRange): Iterable<Frame> {
  return COMPUTATIONS[kind].frames(replay, flags, range);
}

export function kindData(replay: Replay, kind: Kind, flags: ReplayFlags, range: EpochRange): object {
  return COMPUTATIONS[kind].data(replay, flags, range);
}

function landscapeOptions({ landscapePoints, landscapeScale }: ReplayFlags) {
  return { points: landscapePoints, colorScale: landscapeScale };
}

/**
 * The epochs a whole-range view (a projection, a landscape) is fitted over: the range, or, for a
 * still of one epoch, the recording up to its last epoch, so the still is the animation's frame.
 */
function stillOrRange(replay: Replay, range: EpochRange): EpochRange {
  return range.epochStart !== undefined && range.epochStart === range.epochEnd
    ? { epochStart: 0, epochEnd: replay.lastEpoch }
    : range;
}

function* withinRange<F extends Frame>(
  { epochStart = 0, epochEnd = Infinity }: EpochRange,
  frames: Iterable<F>,
): Generator<F, void, undefined> {
  for (const frame of frames) if (frame.epoch >= epochStart && frame.epoch <= epochEnd) yield frame;
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
    contourPoints:
      purpose === "data" ? (flags.contourPoints ?? DATA_CONTOUR_POINTS) : sampled ? flags.contourPoints : 0,
    regions: purpose === "draw" && !sampled,
  };
}

function featureSpaceOptions(
  replay: Replay,
  flags: ReplayFlags,
  range: EpochRange,
  purpose: Purpose,
): FeatureSpaceOptions {
  const projectionEpochs = purpose === "draw" ? stillOrRange(replay, range) : range;
  return {
    ...spaceOptions(flags, range, purpose),
    layer: featureLayer(replay, flags),
    scaleFixed: flags.scaleFixed,
    projection: flags.projection,
    projectionEpochs,
  };
}

function violinOptions(flags: ReplayFlags, range: EpochRange) {
  return {
    ...range,
    layerNames: flags.layers,
    includeInputs: flags.includeInputs,
    excludeOutputs: flags.excludeOutputs,
  };
}

/**
 * --layer, else the last hidden layer with 2 units (the original always names one), else, to be
 * projected, the last hidden layer with more (--projection none asks for 2 units only).
 */
export function featureLayer(replay: Replay, flags: Pick<ReplayFlags, "layer" | "projection">): string {
  if (flags.layer) return flags.layer;
  const hidden = (fits: (width: number, kind: string) => boolean) =>
    replay.widths.flatMap((width, i) =>
      fits(width, replay.model.layers[i].kind) && i < replay.widths.length - 1 ? [replay.model.layers[i].name] : [],
    );
  const candidates = hidden((width) => width === 2);
  const wider = flags.projection === "none" ? [] : hidden((width, kind) => width > 2 && kind !== "InputLayer");
  const chosen = candidates.at(-1) ?? wider.at(-1);
  if (chosen === undefined) {
    throw new DeepReplayError(
      "NO_2_UNIT_LAYER",
      "The model has no hidden layer with 2 or more units to draw a feature space of.",
      {
        hint: "Draw the decision-boundary instead, or name a layer with --layer.",
      },
    );
  }
  return chosen;
}
