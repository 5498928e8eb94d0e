import type * as tf from "@tensorflow/tfjs-core";
import type { ModelDescription, NdArray } from "@deepreplay/frames";
import type { BackendName } from "../backend.js";
import type { Network } from "../engine/forward.js";
import { inScope, peek } from "../engine/read.js";
import { predictedClasses } from "../targets.js";

/** How the points of a sampled contour are drawn and predicted. */
export interface ContourPlan {
  /** The layer the space shows (-1: the inputs); outputs are predicted from its successor on. */
  layer: number;
  /** Bend the regular points through layers 0..layer, else draw them as they are. */
  bent: boolean;
  /** Output units of the model. */
  units: number;
}

/** Where sampled rows go: their predicted classes and, for bent plans, their points as drawn. */
export interface SampledRows {
  points?: Float32Array;
  prediction: Int32Array;
}

/**
 * Samples rows of a contour, on whichever thread, into `out` (read in place from the backend). With
 * `alternate`, the regular points are the rows of one parity and their results go to their places
 * in the whole contour's arrays.
 */
export function sampleContour(network: Network, plan: ContourPlan, regular: tf.Tensor2D, out: SampledRows, alternate?: { size: number; parity: number }): void {
  inScope(() => {
    const drawn = plan.bent ? network.forward(regular, { to: plan.layer }).output : regular;
    const outputs = peek(network.forward(drawn, { from: plan.layer + 1 }).output);
    // Thresholding a million outputs in JS costs less than tfjs' greater + cast on WASM.
    if (!alternate) predictedClasses(outputs, plan.units, out.prediction);
    else {
      const { size, parity } = alternate;
      const width = size * plan.units;
      for (let i = 0; i * width < outputs.length; i++) {
        predictedClasses(outputs.subarray(i * width, (i + 1) * width), plan.units, out.prediction.subarray((2 * i + parity) * size, (2 * i + parity + 1) * size));
      }
    }
    if (!plan.bent) return;
    if (alternate) placeAlternateRows(peek(drawn), out.points!, 2 * alternate.size, alternate.parity);
    else out.points!.set(peek(drawn));
  });
}

/**
 * With a worker, the grid's rows alternate between the threads: the main thread samples the even
 * rows, the worker the odd ones. The cost of a point varies across the space (2.5-fold from one
 * side of the grid to the other for a sigmoid layer, measured), so halves cut in the middle could
 * leave one thread most of the work.
 */
export const MAIN_ROWS = 0;
export const WORKER_ROWS = 1;

/** Rows of one parity (of `size` rows), one after another. */
export function rowCount(size: number, parity: number): number {
  return (size + 1 - parity) >> 1;
}

/** The rows of one parity of an array holding `width` values per row, one after another. */
export function alternateRows<T extends Float32Array | Int32Array>(all: T, width: number, parity: number): T {
  const count = rowCount(all.length / width, parity);
  const rows = new (all.constructor as new (length: number) => T)(count * width);
  for (let i = 0; i < count; i++) rows.set(all.subarray((2 * i + parity) * width, (2 * i + parity + 1) * width), i * width);
  return rows;
}

/** Writes rows of one parity (as `alternateRows` gives them) back in their places in `all`. */
export function placeAlternateRows(rows: Float32Array | Int32Array, all: Float32Array | Int32Array, width: number, parity: number): void {
  for (let i = 0; i < rows.length / width; i++) all.set(rows.subarray(i * width, (i + 1) * width), (2 * i + parity) * width);
}

// What the main thread and a contour worker share.

/**
 * Shared memory of a contour worker, allocated once: its rows of the regular grid in, their points
 * as drawn (bent plans only) and predicted classes out. (Frames get ordinary arrays: a
 * SharedArrayBuffer per frame is freed late, since V8's GC barely counts them.)
 */
export interface ContourRows extends Required<SampledRows> {
  regular: Float32Array;
}

/** What a contour worker starts with. */
export interface ContourWorkerData {
  model: ModelDescription;
  plan: ContourPlan;
  /** The main thread's backend, started the same way so both compute the same numbers. */
  backend: { backend: BackendName; wasmPath?: string };
  /** Shared [STATUS, JOB] slots, each WAITING, OK or FAILED. */
  signals: Int32Array;
  rows: ContourRows;
}

/** One epoch's contour for the worker: its rows of it, from the regular points in `rows`. */
export interface ContourJob {
  epoch: number;
  weights: NdArray[][];
  /** Identifies the regular points: the same number, the same points (the worker keeps them uploaded). */
  gridId: number;
}

/** Slot of the worker's start-up, and of the job it was last sent. */
export const STATUS = 0;
export const JOB = 1;
export const WAITING = 0;
export const OK = 1;
export const FAILED = 2;
