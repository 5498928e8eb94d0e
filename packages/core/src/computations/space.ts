import type { Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import { tf } from "#tfjs";
import {
  extentOption,
  integerOption,
  isAllFinite,
  ndarray,
  numberOption,
  type DecisionRegion,
  type Extent,
  type GridLines,
  type NdArray,
  type SampledContour,
  type SpaceFrame,
  type SpaceProjection,
} from "@deepreplay/frames";
import { predictClasses } from "../engine/decision.js";
import type { Network } from "../engine/forward.js";
import { inScope, peek, read, rows } from "../engine/read.js";
import { build2dGrid, extent2d, pad } from "../grid.js";
import { mapRegions, regionGrid, traceRegions } from "../regions.js";
import type { EpochRange, Replay } from "../replay.js";
import { EMPTY, Stack } from "../stack.js";
import { orderByClass, takeRows } from "../targets.js";
import { defineLazy } from "../lazy.js";
import { divergenceNote } from "./epochs.js";
import { ProjectionOnDevice, type Projection } from "./projection.js";

export interface SpaceOptions extends EpochRange {
  /** Points per axis of the sampled contour grid (the original's 1000; 0 skips it). */
  contourPoints?: number;
  /** Extent of the grid on the x axis. */
  xlim?: Extent;
  /** Extent of the grid on the y axis. */
  ylim?: Extent;
  /** Draw the grid lines (default true; 2-D inputs only). */
  displayGrid?: boolean;
  /** Trace exact decision regions. */
  regions?: boolean;
  /** Points per axis of the grid the regions are traced on. */
  regionPoints?: number;
  /** Margin added around the domain on each side (the original's axes have 0.05). */
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
  /** The map of a projected layer: mean [units], components [units, 2], explained ratio of each. */
  projection?: { mean: Float64Array; components: NdArray; explained: readonly [number, number] };
}

/** What a space shows: a layer's output (feature space: its 2 units, or a projection) or the inputs (decision boundary). */
export interface SpacePlan {
  kind: SpaceFrame["kind"];
  /** Index of the 2-unit layer; -1 for the input space. */
  layer: number;
  /** True when the contour is laid in the layer's own (latent) space, not bent from the inputs. */
  latent: boolean;
  /** Use one domain for every epoch of the range. */
  scaleFixed: boolean;
  /** The projection of a layer's outputs onto the plane, fitted over the range; none when its 2 units are the axes. */
  projection?: Projection;
}

/** The options' defaults: the original's axes, its 1000 × 1000 contour, regions traced on 200 × 200 points. */
const spaceDefaults = {
  xlim: [-1, 1] as Extent,
  ylim: [-1, 1] as Extent,
  contourPoints: 1000,
  regions: true,
  regionPoints: 200,
  padding: 0.05,
};

/** The options given a value: an option passed as undefined takes its default. */
function definedOptions<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

const PROBE_POINTS = 101;

/** An x extent and a y extent. */
type Box = { x: Extent; y: Extent };

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
  /** `contour` once made: a million points at the default size, which a drawing of regions never reads. */
  #contour: Float32Array | undefined;
  /** `contour` on the device while frames are being made, uploaded when first needed (contours read later upload it again). */
  #contourTensor: (() => Tensor2D) | undefined;
  /** The regular grid regions are traced on, on the device while frames are made (input space only). */
  #regionTensor: Tensor2D | undefined;
  /** The plan's projection on the device while frames are made. */
  #projection: ProjectionOnDevice | undefined;

  constructor(replay: Replay, plan: SpacePlan, options: SpaceOptions) {
    this.epochs = replay.epochs(options);
    this.#replay = replay;
    this.#plan = plan;
    const { xlim, ylim, contourPoints, regions, regionPoints, padding } = {
      ...spaceDefaults,
      ...definedOptions(options),
    };
    this.#xlim = extentOption("xlim", xlim);
    this.#ylim = extentOption("ylim", ylim);
    this.#contourPoints =
      contourPoints === 0 ? 0 : integerOption("contourPoints", contourPoints, { min: 2, max: 4000 });
    this.#regionPoints = regions ? integerOption("regionPoints", regionPoints, { min: 2, max: 4000 }) : 0;
    this.#padding = numberOption("padding", padding, { min: 0 });
    const dims = replay.inputDims;
    const order =
      options.sortByTarget === false
        ? Int32Array.from(replay.targetClasses.keys())
        : orderByClass(replay.targetClasses);
    this.inputs = takeRows(Float32Array.from(replay.inputs.data), dims, order);
    this.classes = takeRows(replay.targetClasses, 1, order);
    const inputSpace = !plan.latent;
    this.grid = inputSpace && options.displayGrid !== false ? build2dGrid(this.#xlim, this.#ylim) : undefined;
  }

  /** Regular contour grid in input space (not latent), made when first read. */
  get contour(): Float32Array | undefined {
    if (this.#plan.latent || !this.#contourPoints) return undefined;
    this.#contour ??= build2dGrid(this.#xlim, this.#ylim, this.#contourPoints, this.#contourPoints).points;
    return this.#contour;
  }

  /** True when grid points are bent through the layer (2-D inputs, feature space). */
  get #bent(): boolean {
    return this.#plan.layer >= 0 && !this.#plan.latent;
  }

  *frames(): Generator<SpaceFrame, void, undefined> {
    const replay = this.#replay;
    const tensors: Tensor[] = [];
    const keep = <T extends Tensor>(t: T): T => (tensors.push(t), t);
    try {
      const x = keep(tf.tensor(this.inputs, [this.classes.length, ...replay.model.inputShape], "float32"));
      if (this.#plan.projection) this.#projection = new ProjectionOnDevice(this.#plan.projection);
      const grid = this.grid && keep(rows(this.grid.points, 2));
      const probe = this.#bent ? keep(rows(this.#probe(), 2)) : undefined;
      let contourTensor: Tensor2D | undefined;
      this.#contourTensor = () => (contourTensor ??= keep(rows(this.contour!, 2)));
      this.#regionTensor =
        !this.#plan.latent && this.#regionPoints
          ? keep(rows(regionGrid(this.#xlim, this.#ylim, this.#regionPoints), 2))
          : undefined;
      const latentExtents = this.#plan.latent ? this.#extents(x) : undefined;
      const fixed = this.#plan.scaleFixed
        ? this.#fixedDomain(latentExtents ?? (probe && this.#extents(probe)))
        : undefined;
      for (const [i, epoch] of this.epochs.entries()) {
        const network = replay.network(epoch);
        try {
          // The regular space: the input square, or the latent extent (the whole range's when scaleFixed).
          const space = latentExtents ? (fixed ?? latentExtents[i]) : { x: this.#xlim, y: this.#ylim };
          yield this.#frame(epoch, network, { x, grid, probe }, space, fixed);
        } finally {
          network.dispose();
        }
      }
    } finally {
      this.#contourTensor = undefined;
      this.#regionTensor = undefined;
      this.#projection?.dispose();
      this.#projection = undefined;
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
      ...(this.#plan.projection ? { projection: projectionData(this.#plan.projection) } : {}),
    };
  }

  /** Points of the regular space drawn in the frame's space (bent through the layer, or as they are). */
  #toSpace(network: Network, points: Tensor): Tensor {
    return this.#bent ? this.#layerOutput(network, points) : points;
  }

  /** The layer's output for `points` in the plane drawn: its 2 units, or their projection. */
  #layerOutput(network: Network, points: Tensor): Tensor {
    const output = network.forward(points, { to: this.#plan.layer }).output;
    return this.#projection ? this.#projection.apply(output) : output;
  }

  /** Model outputs for points of the drawn space: the network from the layer's successor on. */
  #predict(network: Network, points: Tensor): Tensor {
    return network.forward(points, { from: this.#plan.layer + 1 }).output;
  }

  #frame(
    epoch: number,
    network: Network,
    inputs: { x: Tensor; grid?: Tensor2D; probe?: Tensor2D },
    space: Box,
    fixed: Box | undefined,
  ): SpaceFrame {
    const { layer } = this.#plan;
    const values = read(() => {
      const out: Record<string, Tensor> = {};
      out.inputs = layer >= 0 ? this.#layerOutput(network, inputs.x) : inputs.x;
      if (inputs.grid) out.grid = this.#toSpace(network, inputs.grid);
      if (inputs.probe && !fixed) out.probe = this.#toSpace(network, inputs.probe);
      return out;
    });
    const grid = this.grid && values.grid ? { ...this.grid, points: values.grid } : undefined;
    const finite = network.finite && [values.inputs, values.grid].every((v) => !v || isAllFinite(v));
    const domain = fixed ?? (values.probe ? extent2d(values.probe) : space);
    const { projection } = this.#plan;
    // A projection has no decision regions: the frame says what each input is predicted instead.
    const predicted = projection ? inScope(() => predictClasses(network, inputs.x)) : undefined;
    const note = [finite ? undefined : divergenceNote(network, epoch), projection && this.#projectionNote(projection)]
      .filter(Boolean)
      .join(" ");
    const frame: SpaceFrame = {
      kind: this.#plan.kind,
      epoch,
      finite,
      ...(note ? { note } : {}),
      ...(layer >= 0 ? { layer: this.#replay.model.layers[layer].name } : {}),
      xDomain: pad(domain.x, this.#padding),
      yDomain: pad(domain.y, this.#padding),
      classes: this.#replay.classNames,
      inputs: { points: values.inputs, classes: this.classes, ...(predicted ? { predicted } : {}) },
      ...(grid ? { grid } : {}),
      regions: [],
      ...(projection ? { projection: frameProjection(projection) } : {}),
    };
    if (this.#regionPoints) defineLazy(frame, "regions", () => this.#regions(epoch, space));
    if (this.#contourPoints) defineLazy(frame, "contour", () => this.#sampledContour(epoch, space));
    return frame;
  }

  /**
   * The exact decision regions of one epoch: traced on a regular grid where the space is regular (the
   * input square, or the latent extent), then, when bent, every vertex mapped through the layer.
   * Computed when first read, like the contour, since a consumer of the original's data never reads them.
   */
  #regions(epoch: number, space: Box): DecisionRegion[] {
    const size = this.#regionPoints;
    return this.#withNetwork(epoch, (network) => {
      const outputs = read(() => {
        const regular = this.#regionTensor ?? rows(regionGrid(space.x, space.y, size), 2);
        return { o: this.#predict(network, this.#toSpace(network, regular)) };
      }).o;
      const regions = traceRegions(
        outputs,
        this.#replay.outputUnits,
        this.#replay.classNames.length,
        size,
        space.x,
        space.y,
      );
      return this.#bent
        ? mapRegions(regions, (points) => read(() => ({ p: this.#toSpace(network, rows(points, 2)) })).p)
        : regions;
    });
  }

  /**
   * The original's sampled contour of one epoch: a million points at the default size, the costliest
   * part of a frame, so it is computed when first read (with its own network and tensors).
   */
  #sampledContour(epoch: number, space: Box): SampledContour {
    const size = this.#contourPoints;
    const regular = this.contour ?? build2dGrid(space.x, space.y, size, size).points;
    // Made outside the scope below, which would dispose it: it lives until the frames are done.
    const onDevice = this.contour && this.#contourTensor?.();
    return this.#withNetwork(epoch, (network) =>
      inScope(() => {
        const drawn = this.#toSpace(network, onDevice ?? rows(regular, 2));
        const prediction = predictClasses(network, drawn, this.#plan.layer + 1);
        return { points: this.#bent ? peek(drawn).slice() : regular, size, prediction };
      }),
    );
  }

  /** Extent of the layer's output for `points`, per epoch of the range (a cheap first pass). */
  #extents(points: Tensor): Box[] {
    return this.epochs.map((epoch) =>
      this.#withNetwork(epoch, (network) => extent2d(read(() => ({ p: this.#layerOutput(network, points) })).p)),
    );
  }

  #projectionNote(projection: Projection): string {
    const fitted = projection.epochs.length ? projection.epochs : this.epochs;
    const [first, last] = [fitted[0], fitted[fitted.length - 1]];
    const units = projection.mean.length;
    return `Layer "${this.#replay.model.layers[this.#plan.layer].name}" (${units} units) on its principal components over epochs ${first}-${last}; a projection has no decision regions: inputs predicted wrong are ringed.`;
  }

  /** `compute` on a network of its own for the epoch, disposed after. */
  #withNetwork<T>(epoch: number, compute: (network: Network) => T): T {
    const network = this.#replay.network(epoch);
    try {
      return compute(network);
    } finally {
      network.dispose();
    }
  }

  /** The domain of every frame when scaleFixed: the input square, else the union of per-epoch extents. */
  #fixedDomain(extents: Box[] | undefined): Box {
    return extents ? union(extents) : { x: this.#xlim, y: this.#ylim };
  }

  /**
   * Points whose image bounds a bent frame: the grid lines and a 101 × 101 grid over the same square
   * (the original takes the extent of the full contour; that would cost as much as the contour itself).
   */
  #probe(): Float32Array {
    const probe = build2dGrid(this.#xlim, this.#ylim, PROBE_POINTS, PROBE_POINTS).points;
    return this.grid ? concat(probe, this.grid.points) : probe;
  }
}

/** The projection as a frame carries it: plain float32 arrays. */
function frameProjection({ mean, components, explained }: Projection): SpaceProjection {
  return { method: "pca", mean: Float32Array.from(mean), components: Float32Array.from(components), explained };
}

function projectionData({ mean, components, explained }: Projection): NonNullable<SpaceData["projection"]> {
  return { mean, components: ndarray(components, [mean.length, 2]), explained };
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function union(extents: readonly Box[]): Box {
  const lo = (values: number[]): number => Math.min(...values.filter(Number.isFinite));
  const hi = (values: number[]): number => Math.max(...values.filter(Number.isFinite));
  return {
    x: [lo(extents.map((e) => e.x[0])), hi(extents.map((e) => e.x[1]))],
    y: [lo(extents.map((e) => e.y[0])), hi(extents.map((e) => e.y[1]))],
  };
}
