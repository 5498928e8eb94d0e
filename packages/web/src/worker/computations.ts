import {
  decisionBoundaryFrames,
  featureSpaceFrames,
  layerViolinsFrames,
  lossAndMetricFrames,
  lossHistogramFrames,
  lossLandscapeFrames,
  probabilityHistogramFrames,
  type Replay,
} from "@deepreplay/core";
import type { Frame, LayerQuantity, LossAndMetricFrame, LossLandscapeFrame } from "@deepreplay/frames";
import type { PanelFrame, PanelKind, PanelSpec } from "../app/protocol.js";

/**
 * A run in the worker: its replay, and what its panels compute once for every epoch (the fixed
 * axes of a feature space, the loss extent, the loss curve), kept until the run is reloaded.
 */
export interface Run {
  readonly replay: Replay;
  readonly once: Map<string, unknown>;
}

function once<T>(run: Run, key: string, compute: () => T): T {
  if (!run.once.has(key)) run.once.set(key, compute());
  return run.once.get(key) as T;
}

/** How one kind of panel is computed: whether a run has it, and one epoch of it. */
interface PanelComputation {
  /** Why the run cannot show it; undefined when it can. */
  unavailable(replay: Replay): string | undefined;
  frame(run: Run, epoch: number, panel: PanelSpec): PanelFrame;
}

/** The only frame of a one-epoch range, read inside the loop: its lazy parts need the generator's tensors. */
function single<F extends Frame>(frames: Iterable<F>, read: (frame: F) => F = (frame) => frame): F {
  for (const frame of frames) return read(frame);
  throw new Error("no frame");
}

const oneEpoch = (epoch: number) => ({ epochStart: epoch, epochEnd: epoch });

/** Hidden layers with 2 units, the last first (the one the command line draws by default). */
export function featureLayers(replay: Replay): string[] {
  const last = replay.widths.length - 1;
  return replay.widths.flatMap((width, i) => (width === 2 && i < last ? [replay.model.layers[i].name] : [])).reverse();
}

const spaceRead = <F extends Frame>(frame: F): F => ({ ...frame });

/** Why a panel that draws classes has nothing to draw for a regression run (core refuses with NOT_A_CLASSIFIER). */
const regression = (replay: Replay): string | undefined =>
  replay.classifies ? undefined : `the run's loss, ${replay.model.loss}, is a regression's: its targets are no classes`;

const featureSpace: PanelComputation = {
  unavailable: (replay) =>
    regression(replay) ?? (featureLayers(replay).length ? undefined : "the model has no hidden layer with 2 units"),
  frame(run, epoch, panel) {
    const layer = panel.layer ?? featureLayers(run.replay)[0];
    const options = { layer, contourPoints: 0 };
    // The original fixes the axes to the extent over every epoch; the first frame of the whole range carries it.
    const fixed =
      run.replay.inputDims === 2
        ? once(run, `domain:${layer}`, () =>
            single(featureSpaceFrames(run.replay, { ...options, regions: false, displayGrid: false })),
          )
        : undefined;
    const frame = single(
      featureSpaceFrames(run.replay, { ...options, ...oneEpoch(epoch), scaleFixed: false }),
      spaceRead,
    );
    return { frame: fixed ? { ...frame, xDomain: fixed.xDomain, yDomain: fixed.yDomain } : frame };
  },
};

const violins = (quantity: LayerQuantity): PanelComputation => ({
  unavailable: () => undefined,
  frame: (run, epoch) => ({ frame: single(layerViolinsFrames(run.replay, quantity, oneEpoch(epoch))) }),
});

/** Every panel kind's computation in core, side by side. */
export const COMPUTATIONS: Record<PanelKind, PanelComputation> = {
  "feature-space": featureSpace,
  "decision-boundary": {
    unavailable: (replay) =>
      regression(replay) ??
      (replay.inputDims === 2 ? undefined : `the inputs have ${replay.inputDims} features, not 2`),
    frame: (run, epoch) => ({
      frame: single(decisionBoundaryFrames(run.replay, { ...oneEpoch(epoch), contourPoints: 0 }), spaceRead),
    }),
  },
  "probability-histogram": {
    unavailable: regression,
    frame: (run, epoch) => ({ frame: single(probabilityHistogramFrames(run.replay, oneEpoch(epoch))) }),
  },
  "loss-histogram": {
    unavailable: () => undefined,
    // The bins span the losses of every epoch, as an animation's do: the first frame of the whole run carries that extent.
    frame: (run, epoch) => ({
      frame: {
        ...single(lossHistogramFrames(run.replay, oneEpoch(epoch))),
        lossExtent: once(run, "loss-extent", () => single(lossHistogramFrames(run.replay)).lossExtent),
      },
    }),
  },
  "loss-and-metric": {
    unavailable: () => undefined,
    // One frame per epoch over the whole run, sharing the series: computed once, as the curve runs from 0 to the last epoch.
    frame: (run, epoch) => ({
      frame: once(run, "loss-and-metric", () => Array.from(lossAndMetricFrames(run.replay)))[
        epoch
      ] as LossAndMetricFrame,
    }),
  },
  weights: violins("weights"),
  gradients: violins("gradients"),
  activations: violins("activations"),
  "z-values": violins("z-values"),
  "loss-landscape": {
    unavailable: (replay) =>
      replay.lastEpoch < 2
        ? `a loss landscape needs at least 3 epochs; the run has ${replay.lastEpoch + 1}`
        : undefined,
    // Every frame shares the whole run's grid and trajectory: computed once, as the command line's still is.
    frame: (run, epoch) => ({
      frame: once(run, "loss-landscape", () => Array.from(lossLandscapeFrames(run.replay)))[
        epoch
      ] as LossLandscapeFrame,
    }),
  },
};
