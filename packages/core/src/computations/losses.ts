import type { Tensor2D } from "@tensorflow/tfjs-core";
import {
  finiteExtent,
  isAllFinite,
  unionExtent,
  type Extent,
  type LossAndMetricFrame,
  type LossHistogramFrame,
  type NdArray,
} from "@deepreplay/frames";
import { lossKind, sampleLosses } from "../engine/losses.js";
import { read } from "../engine/read.js";
import { defineLazy } from "../lazy.js";
import { metric as metricOf } from "../metrics.js";
import type { EpochRange, Replay } from "../replay.js";
import { Stack } from "../stack.js";
import { divergenceNote, eachEpoch } from "./epochs.js";

/** Loss of every input and the model's outputs, one epoch at a time. */
function lossesPerEpoch(replay: Replay, epochs: readonly number[]) {
  const kind = lossKind(replay.model.loss);
  return eachEpoch(replay, epochs, (network, { x, targets }, epoch) => {
    const { losses, outputs } = read(() => {
      const output = network.forward(x).output as Tensor2D;
      return { losses: sampleLosses(kind, output, targets), outputs: output };
    });
    return { epoch, network, losses, outputs };
  });
}

/**
 * Loss histogram frames: the loss of every input (cross-entropy or mean squared error, as Keras),
 * and the extent of the losses over the whole range, which every frame's bins span. That extent
 * needs a pass over the range of its own, made when a frame's `lossExtent` is first read (once per
 * call), so that a consumer that never reads it pays nothing.
 */
export function lossHistogramFrames(
  replay: Replay,
  range: EpochRange = {},
): Generator<LossHistogramFrame, void, undefined> {
  const epochs = replay.epochs(range);
  const perEpoch = lossesPerEpoch(replay, epochs);
  let extent: { value: Extent | undefined } | undefined;
  const rangeExtent = () => (extent ??= { value: lossExtent(replay, epochs) }).value;
  return (function* () {
    for (const { epoch, network, losses } of perEpoch) {
      const finite = network.finite && isAllFinite(losses);
      const frame: LossHistogramFrame = {
        kind: "loss-histogram",
        epoch,
        finite,
        ...(finite ? {} : { note: divergenceNote(network, epoch) }),
        lossName: replay.model.loss,
        losses,
      };
      // A range of one epoch bins over its own losses: no second pass.
      if (epochs.length === 1) Object.assign(frame, { lossExtent: finiteExtent(losses) });
      else defineLazy(frame, "lossExtent", rangeExtent);
      yield frame;
    }
  })();
}

/** The finite losses' extent over `epochs` (the original's histogram scale), one epoch at a time. */
function lossExtent(replay: Replay, epochs: readonly number[]): Extent | undefined {
  let extent: Extent | undefined;
  for (const { losses } of lossesPerEpoch(replay, epochs)) extent = unionExtent(extent, finiteExtent(losses));
  return extent;
}

/** The original's LossHistogramData: per-input loss, [epochs, samples]. */
export function lossHistogramData(replay: Replay, range: EpochRange = {}): { epochs: number[]; loss: NdArray } {
  const epochs = replay.epochs(range);
  const stack = new Stack(epochs.length);
  for (const frame of lossHistogramFrames(replay, range)) stack.push(frame.losses, [frame.losses.length]);
  return { epochs, loss: stack.toNdArray() };
}

export interface LossAndMetricOptions extends EpochRange {
  /** Metric to recompute (default the recording's first metric, else "acc", or "mae" for a regression run). */
  metric?: string;
}

/** The original's LossAndMetricData. */
export interface LossAndMetricData {
  epochs: number[];
  loss: Float32Array;
  metric: Float32Array;
  metricName: string;
}

/** Loss and metric recomputed over all inputs for every epoch of the range (a cheap pass). */
export function lossAndMetricData(replay: Replay, options: LossAndMetricOptions = {}): LossAndMetricData {
  const epochs = replay.epochs(options);
  const metricName = options.metric ?? replay.model.metrics[0] ?? (replay.classifies ? "acc" : "mae");
  const [meanLoss, recomputed] = [metricOf("loss"), metricOf(metricName)];
  const loss = new Float32Array(epochs.length);
  const metric = new Float32Array(epochs.length);
  const { outputUnits: units, targets } = replay;
  let i = 0;
  for (const { losses, outputs } of lossesPerEpoch(replay, epochs)) {
    const outcome = { outputs, units, targets: targets.data, losses };
    loss[i] = meanLoss(outcome);
    metric[i] = recomputed(outcome);
    i++;
  }
  return { epochs, loss, metric, metricName };
}

/** Loss-and-metric frames: each carries the whole range's series and marks its own epoch. */
export function lossAndMetricFrames(
  replay: Replay,
  options: LossAndMetricOptions = {},
): Generator<LossAndMetricFrame, void, undefined> {
  const data = lossAndMetricData(replay, options);
  const epochs = Int32Array.from(data.epochs);
  return (function* () {
    for (const [i, epoch] of data.epochs.entries()) {
      const finite = Number.isFinite(data.loss[i]) && Number.isFinite(data.metric[i]);
      yield {
        kind: "loss-and-metric",
        epoch,
        finite,
        ...(finite ? {} : { note: `Epoch ${epoch}: the loss is not finite (the run diverged).` }),
        lossName: replay.model.loss,
        metricName: data.metricName,
        epochs,
        loss: data.loss,
        metric: data.metric,
      };
    }
  })();
}
