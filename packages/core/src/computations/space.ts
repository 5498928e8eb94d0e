import * as tf from "@tensorflow/tfjs-core";
import { ndarray, type DecisionRegion, type Extent, type GridLines, type NdArray, type SpaceFrame } from "@deepreplay/frames";
import type { Network } from "../engine/forward.js";
import { read, rows } from "../engine/read.js";
import { build2dGrid, extent2d, pad } from "../grid.js";
import { extentOption, integerOption, nonNegativeOption } from "../options.js";
import { mapRegions, regionGrid, traceRegions } from "../regions.js";
import type { EpochRange, Replay } from "../replay.js";
import { EMPTY, Stack } from "../stack.js";
import { divergenceNote } from "./epochs.js";
import { classify, orderByClass, takeRows } from "../targets.js";

export interface SpaceOptions extends EpochRange {
  /** Points per axis of the sampled contour grid (default 1000, as the original; 0 skips it). */
  contourPoints?: number;
  /** Extent of the grid on the x axis (default [-1, 1]). */
  xlim?: Extent;
  /** Extent of the grid on the y axis (default [-1, 1]). */
  ylim?: Extent;
  /** Draw the grid lines (default true; 2-D inputs only). */
  displayGrid?: boolean;
  /** Trace exact decision regions (default true). */
  regions?: boolean;
  /** Points per axis of the grid the regions are traced on (default 200). */
  regionPoints?: number;
  /** Margin added around the domain on each side (default 0.05, as the original's axes). */
  padding?: number;
  /** Order the inputs by target class, as the original (default true). */
  sortByTarget?: boolean;
}

/** The original's FeatureSpaceData, flattened to camelCase keys. */
export interface SpaceData {
  epochs: number[];
  /** Grid lines in input space: [2 × 11, 1000, 2], or [0] when not drawn. */
  grid: NdArray;
  /** Inputs (ordered by target unless `sortByTarget` is false): [samples, features]. */
  inputs: NdArray;
  /** Sampled contour grid in input space: [n, n, 2], or [0] when it lies in the latent space. */
  contour: NdArray;
  bentGrid: NdArray;
  bentInputs: NdArray;
  /** The contour as drawn: bent through the layer, or the latent/input grid itself. */
  bentContour: NdArray;
  /** Predicted class at each contour point: [epochs, n, n]. */
  prediction: NdArray;
  /** Target class of each input, in the order of `inputs`. */
  target: NdArray;
}

/** What a space shows: the output of a 2-unit layer (feature space) or the inputs (decision boundary). */
export interface SpacePlan {
  kind: SpaceFrame["kind"];
  /** Index of the 2-unit layer; -1 for the input space. */
  layer: number;
  /** True when the contour is laid in the layer's own (latent) space, not bent from the inputs. */
  latent: boolean;
  /** Use one domain for every epoch of the range. */
  scaleFixed: boolean;
}

const PROBE_POINTS = 101;

/**
 * The feature space / decision boundary computation of one range of epochs. Frames come lazily, one
 * epoch at a time, and hold only that epoch's arrays.
 */
export class SpaceComputation {
  readonly epochs: number[];
  readonly #replay: Replay;
  readonly #plan: SpacePlan;
  readonly #xlim: Extent;
  readonly #ylim: Extent;
  readonly #contourPoints: number;
  readonly #regionPoints: number;
  readonly #padding: number;
  readonly inputs: Float32Array;
  readonly classes: Int32Array;
  /** Grid lines in input space (bent mode and decision boundary). */
  readonly grid: GridLines | undefined;
  /** Regular contour grid in input space (not latent). */
  readonly contour: Float32Array | undefined;

  constructor(replay: Replay, plan: SpacePlan, options: SpaceOptions) {
    this.epochs = replay.epochs(options);
    this.#replay = replay;
    this.#plan = plan;
    this.#xlim = extentOption("xlim", options.xlim ?? [-1, 1]);
    this.#ylim = extentOption("ylim", options.ylim ?? [-1, 1]);
    this.#contourPoints = options.contourPoints === 0 ? 0 : integerOption("contourPoints", options.contourPoints ?? 1000, 2, 4000);
    this.#regionPoints = options.regions === false ? 0 : integerOption("regionPoints", options.regionPoints ?? 200, 2, 4000);
    this.#padding = nonNegativeOption("padding", options.padding ?? 0.05);
    const dims = replay.inputDims;
    const order = options.sortByTarget === false ? Int32Array.from(replay.targetClasses.keys()) : orderByClass(replay.targetClasses);
    this.inputs = takeRows(Float32Array.from(replay.inputs.data), dims, order);
    this.classes = takeRows(replay.targetClasses, 1, order);
    const inputSpace = !plan.latent;
    this.grid = inputSpace && options.displayGrid !== false ? build2dGrid(this.#xlim, this.#ylim) : undefined;
    this.contour = inputSpace && this.#contourPoints ? build2dGrid(this.#xlim, this.#ylim, this.#contourPoints, this.#contourPoints).points : undefined;
  }

  /** True when grid points are bent through the layer (2-D inputs, feature space). */
  get #bent(): boolean {
    return this.#plan.layer >= 0 && !this.#plan.latent;
  }

  *frames(): Generator<SpaceFrame, void, undefined> {
    const replay = this.#replay;
    const tensors: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => (tensors.push(t), t);
    try {
      const x = keep(tf.tensor(this.inputs, [this.classes.length, ...replay.model.inputShape], "float32"));
      const grid = this.grid && keep(rows(this.grid.points, 2));
      const contour = this.contour && keep(rows(this.contour, 2));
      const regionInputs = !this.#plan.latent && this.#regionPoints ? keep(rows(regionGrid(this.#xlim, this.#ylim, this.#regionPoints), 2)) : undefined;
      const latentExtents = this.#plan.latent ? this.#extents(x) : undefined;
      const fixed = this.#fixedDomain(latentExtents);
      for (const [i, epoch] of this.epochs.entries()) {
        const network = replay.network(epoch);
        try {
          // The regular space: the input square, or the latent extent (the whole range's when scaleFixed).
          const space = latentExtents ? (fixed ?? latentExtents[i]) : { x: this.#xlim, y: this.#ylim };
          yield this.#frame(epoch, network, { x, grid, contour, regionInputs }, space, fixed);
        } finally {
          network.dispose();
        }
      }
    } finally {
      tf.dispose(tensors);
    }
  }

  /** Every frame's arrays stacked per epoch, under the original's names. */
  data(): SpaceData {
    const n = this.epochs.length;
    const [bentGrid, bentInputs, bentContour, prediction] = [new Stack(n), new Stack(n), new Stack(n), new Stack(n)];
    const size = this.#contourPoints;
    for (const frame of this.frames()) {
      if (frame.grid) bentGrid.push(frame.grid.points, [frame.grid.lines, frame.grid.pointsPerLine, 2]);
      bentInputs.push(frame.inputs.points, [this.classes.length, 2]);
      if (frame.contour) {
        bentContour.push(frame.contour.points, [size, size, 2]);
        prediction.push(frame.contour.prediction, [size, size]);
      }
    }
    const dims = this.#replay.inputDims;
    return {
      epochs: this.epochs,
      grid: this.grid ? ndarray(this.grid.points, [this.grid.lines, this.grid.pointsPerLine, 2]) : EMPTY(),
      inputs: ndarray(this.inputs, [this.classes.length, dims]),
      contour: this.contour ? ndarray(this.contour, [size, size, 2]) : EMPTY(),
      bentGrid: bentGrid.toNdArray(),
      bentInputs: bentInputs.toNdArray(),
      bentContour: bentContour.toNdArray(),
      prediction: prediction.toNdArray(),
      target: ndarray(Float32Array.from(this.classes), [this.classes.length]),
    };
  }

  #frame(
    epoch: number,
    network: Network,
    inputs: { x: tf.Tensor; grid?: tf.Tensor2D; contour?: tf.Tensor2D; regionInputs?: tf.Tensor2D },
    space: { x: Extent; y: Extent },
    fixed: { x: Extent; y: Extent } | undefined,
  ): SpaceFrame {
    const { layer, latent } = this.#plan;
    const toSpace = (t: tf.Tensor): tf.Tensor => (this.#bent ? network.forward(t, { to: layer }).output : t);
    const predict = (t: tf.Tensor): tf.Tensor => network.forward(t, { from: layer + 1 }).output;
    const size = this.#contourPoints;
    const latentContour = latent && size ? build2dGrid(space.x, space.y, size, size).points : undefined;
    const regionInputs = inputs.regionInputs ?? (latent && this.#regionPoints ? rows(regionGrid(space.x, space.y, this.#regionPoints), 2) : undefined);
    const contourInput = inputs.contour ?? (latentContour && rows(latentContour, 2));
    const values = read(() => {
      const out: Record<string, tf.Tensor> = {};
      out.inputs = layer >= 0 ? network.forward(inputs.x, { to: layer }).output : inputs.x;
      if (inputs.grid) out.grid = toSpace(inputs.grid);
      if (contourInput) {
        const drawn = toSpace(contourInput);
        if (this.#bent) out.contour = drawn;
        out.outputs = predict(drawn);
      }
      if (regionInputs) out.regionOutputs = predict(toSpace(regionInputs));
      return out;
    });
    if (!inputs.regionInputs) regionInputs?.dispose();
    if (!inputs.contour) contourInput?.dispose();

    const units = this.#replay.outputUnits;
    const classCount = this.#replay.classNames.length;
    let regions: DecisionRegion[] = [];
    if (values.regionOutputs) {
      regions = traceRegions(values.regionOutputs, units, classCount, this.#regionPoints, space.x, space.y);
      if (this.#bent) regions = mapRegions(regions, (points) => read(() => ({ p: network.forward(rows(points, 2), { to: layer }).output })).p);
    }
    const contourPoints = values.contour ?? this.contour ?? latentContour;
    const grid = this.grid && values.grid ? { ...this.grid, points: values.grid } : undefined;
    const drawn = [values.inputs, ...(grid ? [grid.points] : []), ...(contourPoints ? [contourPoints] : [])];
    const seen = extent2d(...drawn);
    const predicted = values.outputs && classify(values.outputs, units);
    const outputsFinite = !predicted || predicted.finite;
    const finite = network.finite && seen.finite && outputsFinite;
    const domain = fixed ?? (latent || layer < 0 ? space : seen);
    return {
      kind: this.#plan.kind,
      epoch,
      finite,
      ...(finite ? {} : { note: divergenceNote(network, epoch) }),
      ...(layer >= 0 ? { layer: this.#replay.model.layers[layer].name } : {}),
      xDomain: pad(domain.x, this.#padding),
      yDomain: pad(domain.y, this.#padding),
      classes: this.#replay.classNames,
      inputs: { points: values.inputs, classes: this.classes },
      ...(grid ? { grid } : {}),
      ...(contourPoints && predicted ? { contour: { points: contourPoints, size, prediction: predicted.classes } } : {}),
      regions,
    };
  }

  /** Extent of the layer's output for `points`, per epoch of the range (a cheap first pass). */
  #extents(points: tf.Tensor): { x: Extent; y: Extent }[] {
    return this.epochs.map((epoch) => {
      const network = this.#replay.network(epoch);
      try {
        return extent2d(read(() => ({ p: network.forward(points, { to: this.#plan.layer }).output })).p);
      } finally {
        network.dispose();
      }
    });
  }

  /**
   * One domain for the whole range when scaleFixed: the input square for the decision boundary, the
   * latent grid's extent, or, for a bent grid, the extent over all epochs of the layer's image of the
   * grid lines and of a 101 × 101 probe of the contour square (the full contour would double the work).
   */
  #fixedDomain(latentExtents: { x: Extent; y: Extent }[] | undefined): { x: Extent; y: Extent } | undefined {
    if (!this.#plan.scaleFixed) return undefined;
    if (this.#plan.layer < 0) return { x: this.#xlim, y: this.#ylim };
    let extents = latentExtents;
    if (!extents) {
      const probe = build2dGrid(this.#xlim, this.#ylim, PROBE_POINTS, PROBE_POINTS).points;
      const points = rows(this.grid ? concat(probe, this.grid.points) : probe, 2);
      try {
        extents = this.#extents(points);
      } finally {
        points.dispose();
      }
    }
    return union(extents);
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function union(extents: readonly { x: Extent; y: Extent }[]): { x: Extent; y: Extent } {
  const lo = (values: number[]): number => Math.min(...values.filter(Number.isFinite));
  const hi = (values: number[]): number => Math.max(...values.filter(Number.isFinite));
  return {
    x: [lo(extents.map((e) => e.x[0])), hi(extents.map((e) => e.x[1]))],
    y: [lo(extents.map((e) => e.y[0])), hi(extents.map((e) => e.y[1]))],
  };
}
