import type { Tensor, Tensor1D, Tensor2D } from "@tensorflow/tfjs-core";
import { tf } from "#tfjs";
import { DeepReplayError, isAllFinite } from "@deepreplay/frames";
import { read } from "../engine/read.js";
import { symmetricEigen, withPositiveLargest } from "../linalg.js";
import type { EpochRange, Replay } from "../replay.js";
import { eachEpoch } from "./epochs.js";

/** A linear map of a layer's outputs onto their two principal components, fitted over a range of epochs. */
export interface Projection {
  /** Mean μ of the layer's outputs over every input at every epoch fitted: [units]. */
  readonly mean: Float64Array;
  /** P: the two leading principal components as columns, row-major [units, 2]; each component's largest-magnitude entry is positive. */
  readonly components: Float64Array;
  /** The share of the total variance each component explains. */
  readonly explained: readonly [number, number];
  /** The epochs whose outputs were fitted (those with finite values). */
  readonly epochs: readonly number[];
}

/**
 * The principal components of a layer's outputs for all inputs at every epoch of `epochs`, stacked.
 * Each epoch's scatter about its own mean is computed on the device and the epochs are combined in
 * float64 about the overall mean (the parallel-variance formula), so a large mean costs no precision.
 * Epochs whose outputs are not finite (a diverged run) are left out of the fit.
 */
export function fitProjection(replay: Replay, layerName: string, range: EpochRange = {}): Projection {
  const layer = replay.layerIndex(layerName);
  const epochs = replay.epochs(range);
  const units = replay.widths[layer];
  if (units < 2) {
    throw new DeepReplayError(
      "PROJECTION_NEEDS_2_UNITS",
      `Layer "${layerName}" has ${units} unit; a projection onto two components needs at least 2.`,
      {
        hint: "Replay a layer with 2 or more units.",
      },
    );
  }
  const moments = [
    ...eachEpoch(replay, epochs, (network, { x }, epoch) => {
      const { mean, scatter, rows } = read(() => {
        const outputs = tf.reshape(network.forward(x, { to: layer }).output, [-1, units]) as Tensor2D;
        const mean = tf.mean(outputs, 0);
        const centred = tf.sub(outputs, mean);
        return { mean, scatter: tf.matMul(centred, centred, true, false), rows: tf.scalar(outputs.shape[0]) };
      });
      return { epoch, mean, scatter, rows: rows[0] };
    }),
  ].filter(({ mean, scatter }) => isAllFinite(mean) && isAllFinite(scatter));
  if (moments.length === 0) return identityProjection(units);
  const mean = new Float64Array(units);
  for (const m of moments) for (let i = 0; i < units; i++) mean[i] += m.mean[i] / moments.length;
  const total = new Float64Array(units * units);
  for (const m of moments) {
    for (let i = 0; i < units; i++) {
      const di = m.mean[i] - mean[i];
      for (let j = 0; j < units; j++)
        total[i * units + j] += m.scatter[i * units + j] + m.rows * di * (m.mean[j] - mean[j]);
    }
  }
  const { values, vectors } = symmetricEigen(total, units);
  const variance = values.reduce((sum, v) => sum + Math.max(v, 0), 0);
  const [first, second] = [withPositiveLargest(vectors[0]), withPositiveLargest(vectors[1])];
  const components = new Float64Array(units * 2);
  for (let i = 0; i < units; i++) components.set([first[i], second[i]], 2 * i);
  const ratio = (v: number): number => (variance > 0 ? Math.max(v, 0) / variance : 0);
  return { mean, components, explained: [ratio(values[0]), ratio(values[1])], epochs: moments.map((m) => m.epoch) };
}

/** When no epoch has finite outputs: the first two units as they are, explaining nothing known. */
function identityProjection(units: number): Projection {
  const components = new Float64Array(units * 2);
  components[0] = 1;
  components[3] = 1;
  return { mean: new Float64Array(units), components, explained: [Number.NaN, Number.NaN], epochs: [] };
}

/** The projection on the device: `apply` maps layer outputs [rows, units] to (A − μ)P, [rows, 2]. */
export class ProjectionOnDevice {
  readonly #mean: Tensor1D;
  readonly #components: Tensor2D;

  constructor(projection: Projection) {
    const units = projection.mean.length;
    this.#mean = tf.tensor1d(Float32Array.from(projection.mean));
    this.#components = tf.tensor2d(Float32Array.from(projection.components), [units, 2]);
  }

  apply(outputs: Tensor): Tensor2D {
    return tf.matMul(tf.sub(tf.reshape(outputs, [-1, this.#mean.shape[0]]), this.#mean), this.#components);
  }

  dispose(): void {
    tf.dispose([this.#mean, this.#components]);
  }
}
