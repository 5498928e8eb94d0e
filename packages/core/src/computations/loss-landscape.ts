import { tf } from "#tfjs";
import {
  DeepReplayError,
  finiteExtent,
  integerOption,
  isAllFinite,
  linspace,
  ndarray,
  numberOption,
  type LossLandscapeFrame,
  type NdArray,
} from "@deepreplay/frames";
import { batchedForward } from "../engine/batched.js";
import { lossKind, sampleLosses } from "../engine/losses.js";
import { inScope } from "../engine/read.js";
import { dot, symmetricEigen, withPositiveLargest } from "../linalg.js";
import type { EpochRange, Replay } from "../replay.js";

export interface LossLandscapeOptions extends EpochRange {
  /** Grid points K per axis of the K × K grid the loss is evaluated on (default 31). */
  points?: number;
  /** Room left around the trajectory on each side, as a share of its extent on that axis (default 0.25). */
  margin?: number;
  /** How frames map the loss to colour (default "linear"; "log" spreads the levels near a minimum). */
  colorScale?: LossLandscapeFrame["colorScale"];
}

const defaults = { points: 31, margin: 0.25, colorScale: "linear" } as const;

/**
 * The loss around the path training took (Li et al. 2018, section 7): the plane through the
 * reference weights θ_ref spanned by the two leading right singular vectors of the rows θ_e − θ_ref.
 */
export interface LossLandscape {
  epochs: number[];
  /** The epoch whose weights are the origin: the last of the range, or the last with finite weights. */
  reference: number;
  /** d1, d2: unit vectors over every weight and bias, flattened in the recording's order; each one's largest-magnitude entry is positive. */
  directions: [Float64Array, Float64Array];
  /** (a_e, b_e) = ((θ_e − θ_ref)·d1, (θ_e − θ_ref)·d2) per epoch of the range, flat; NaN where θ_e is not finite. */
  trajectory: Float64Array;
  /** σ1², σ2² over the sum of all squared singular values. */
  explained: [number, number];
  /** Grid coordinates along d1 and d2, K each. */
  a: Float64Array;
  b: Float64Array;
  /** Mean loss over all inputs at θ_ref + a_i d1 + b_j d2: K rows (one per b_j) of K columns (one per a_i). */
  loss: Float32Array;
  lossName: string;
}

/** The original-style export: `deepreplay data … loss-landscape` prints these keys. */
export interface LossLandscapeData {
  epochs: number[];
  trajectory: NdArray;
  a: Float64Array;
  b: Float64Array;
  loss: NdArray;
  explained: [number, number];
}

/** Every weight and bias of one epoch in the recording's order (layer0/weights0, layer0/weights1, layer1/weights0, …), each row-major. */
export function flatWeights(replay: Replay, epoch: number): Float64Array {
  const arrays = replay.source.weights(epoch).flat();
  const theta = new Float64Array(arrays.reduce((n, w) => n + w.data.length, 0));
  let offset = 0;
  for (const w of arrays) {
    theta.set(w.data, offset);
    offset += w.data.length;
  }
  return theta;
}

/** Computes the directions, the trajectory and the loss on the grid for a range of epochs. */
export function lossLandscape(replay: Replay, options: LossLandscapeOptions = {}): LossLandscape {
  const { points = defaults.points, margin = defaults.margin } = options;
  const size = integerOption("points", points, { min: 2, max: 501 });
  numberOption("margin", margin, { min: 0 });
  const kind = lossKind(replay.model.loss);
  const epochs = replay.epochs(options);
  if (epochs.length < 3) {
    throw new DeepReplayError(
      "LANDSCAPE_NEEDS_3_EPOCHS",
      `A loss landscape needs a range of at least 3 epochs; epochs ${epochs[0]}..${epochs[epochs.length - 1]} hold ${epochs.length}.`,
      {
        hint: "Widen the range (--epoch-start, --epoch-end): two directions need at least three sets of weights.",
      },
    );
  }
  const thetas = epochs.map((epoch) => flatWeights(replay, epoch));
  const finite = epochs.filter((_, i) => isAllFinite(thetas[i]));
  if (finite.length < 3) {
    throw new DeepReplayError(
      "LANDSCAPE_NEEDS_3_EPOCHS",
      `A loss landscape needs at least 3 epochs with finite weights; epochs ${epochs[0]}..${epochs[epochs.length - 1]} hold ${finite.length}.`,
      {
        hint: "The run diverged early: pick a range that ends before the weights turn NaN or infinite.",
      },
    );
  }
  const reference = finite[finite.length - 1];
  const origin = thetas[epochs.indexOf(reference)];
  const deltas = finite.map((epoch) => thetas[epochs.indexOf(epoch)].map((v, j) => v - origin[j]));
  const { directions, explained } = leadingDirections(deltas);
  const trajectory = new Float64Array(2 * epochs.length).fill(Number.NaN);
  for (const [i, epoch] of epochs.entries()) {
    const k = finite.indexOf(epoch);
    if (k >= 0) trajectory.set([dot(deltas[k], directions[0]), dot(deltas[k], directions[1])], 2 * i);
  }
  const [a, b] = [0, 1].map((axis) => axisAround(trajectory, axis, margin, size));
  const loss = gridLoss(replay, kind, origin, directions, a, b);
  return { epochs, reference, directions, trajectory, explained, a, b, loss, lossName: replay.model.loss };
}

/** The original-style arrays of a loss landscape. */
export function lossLandscapeData(replay: Replay, options: LossLandscapeOptions = {}): LossLandscapeData {
  const { epochs, trajectory, a, b, loss, explained } = lossLandscape(replay, options);
  return {
    epochs,
    trajectory: ndarray(trajectory, [epochs.length, 2]),
    a,
    b,
    loss: ndarray(loss, [b.length, a.length]),
    explained,
  };
}

/**
 * Loss landscape frames, one per epoch of the range: each shares the landscape (computed once, up
 * front) and marks its own epoch on the trajectory.
 */
export function lossLandscapeFrames(
  replay: Replay,
  options: LossLandscapeOptions = {},
): Generator<LossLandscapeFrame, void, undefined> {
  const { colorScale = defaults.colorScale } = options;
  if (colorScale !== "linear" && colorScale !== "log") {
    throw new DeepReplayError("INVALID_OPTION", `The option colorScale is ${JSON.stringify(colorScale)}.`, {
      hint: 'It must be "linear" or "log".',
    });
  }
  const landscape = lossLandscape(replay, options);
  const shared = {
    kind: "loss-landscape",
    lossName: landscape.lossName,
    epochs: Int32Array.from(landscape.epochs),
    reference: landscape.reference,
    trajectory: Float32Array.from(landscape.trajectory),
    a: Float32Array.from(landscape.a),
    b: Float32Array.from(landscape.b),
    loss: landscape.loss,
    explained: landscape.explained,
    colorScale,
  } as const;
  const lastEpoch = landscape.epochs[landscape.epochs.length - 1];
  const centred =
    landscape.reference === lastEpoch
      ? undefined
      : `The landscape is centred on epoch ${landscape.reference}, the last with finite weights.`;
  return (function* () {
    for (const [i, epoch] of landscape.epochs.entries()) {
      const finite = Number.isFinite(landscape.trajectory[2 * i]);
      const note = [
        finite ? undefined : `Epoch ${epoch}: the weights hold NaN or infinite values (the run diverged).`,
        centred,
      ]
        .filter(Boolean)
        .join(" ");
      yield { ...shared, epoch, finite, ...(note ? { note } : {}) };
    }
  })();
}

/**
 * The two leading right singular vectors of the matrix M whose rows are `deltas`, with their share
 * σ² / Σσ², from the smaller of the two symmetric problems: the eigenvectors of MᵀM (weights ×
 * weights) when there are fewer weights than epochs, else those u of the Gram matrix MMᵀ (epochs ×
 * epochs), as v = Mᵀu / σ.
 */
function leadingDirections(deltas: readonly Float64Array[]): {
  directions: [Float64Array, Float64Array];
  explained: [number, number];
} {
  const [rows, weights] = [deltas.length, deltas[0].length];
  const byWeights = weights <= rows;
  const n = Math.min(rows, weights);
  const product = new Float64Array(n * n);
  const entry = byWeights
    ? (i: number, j: number) => deltas.reduce((sum, row) => sum + row[i] * row[j], 0)
    : (i: number, j: number) => dot(deltas[i], deltas[j]);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) product[i * n + j] = product[j * n + i] = entry(i, j);
  const { values, vectors } = symmetricEigen(product, n);
  const total = values.reduce((sum, v) => sum + Math.max(v, 0), 0);
  if (!(values[0] > 0)) {
    throw new DeepReplayError(
      "LANDSCAPE_WEIGHTS_STILL",
      "The weights do not change over the range, so there is no direction to draw a loss landscape along.",
      {
        hint: "Pick a range over which the model trained (a learning rate above 0).",
      },
    );
  }
  const direction = (k: number): Float64Array => {
    if (byWeights) return vectors[k];
    const v = new Float64Array(weights);
    deltas.forEach((row, i) => row.forEach((x, j) => (v[j] += x * vectors[k][i])));
    return scale(v, 1 / Math.sqrt(values[k]));
  };
  const d1 = withPositiveLargest(direction(0));
  // A straight trajectory spans one direction only: any unit vector orthogonal to d1 will do for the second.
  const d2 = withPositiveLargest(n > 1 && values[1] > values[0] * 1e-12 ? direction(1) : orthogonalTo(d1));
  return { directions: [d1, d2], explained: [Math.max(values[0], 0) / total, Math.max(values[1] ?? 0, 0) / total] };
}

function scale(v: Float64Array, factor: number): Float64Array {
  return v.map((x) => x * factor);
}

/** A unit vector orthogonal to unit `d`: the axis d leans on least, with its d part removed. */
function orthogonalTo(d: Float64Array): Float64Array {
  let axis = 0;
  for (let i = 1; i < d.length; i++) if (Math.abs(d[i]) < Math.abs(d[axis])) axis = i;
  const v = scale(d, -d[axis]);
  v[axis] += 1;
  return scale(v, 1 / Math.hypot(...v));
}

/** K grid coordinates covering the finite trajectory's values on one axis, with `margin` of its extent on each side. */
function axisAround(trajectory: Float64Array, axis: number, margin: number, size: number): Float64Array {
  const [lo, hi] = finiteExtent(trajectory, 2, axis) ?? [Infinity, -Infinity];
  // A trajectory flat along this axis still gets a grid: as wide as the other axis' extent.
  const other = axisSpan(trajectory, 1 - axis);
  const span = hi - lo || other || 1;
  return linspace(lo - margin * span, hi + margin * span, size);
}

function axisSpan(trajectory: Float64Array, axis: number): number {
  const [lo, hi] = finiteExtent(trajectory, 2, axis) ?? [Infinity, -Infinity];
  return hi - lo;
}

/** Float32 values held per grid point in one batch, at most: the batch's tensors stay well under 100 MB. */
const BATCH_BUDGET = 1 << 24;

/**
 * The mean loss over all inputs at θ_ref + a_i d1 + b_j d2 for every grid point, evaluated in batches
 * of grid points: each batch's weights are built on the device (one matMul) and run through one
 * batched forward pass.
 */
function gridLoss(
  replay: Replay,
  kind: ReturnType<typeof lossKind>,
  origin: Float64Array,
  directions: [Float64Array, Float64Array],
  a: Float64Array,
  b: Float64Array,
): Float32Array {
  const shapes = replay.source.weights(replay.lastEpoch).map((layer) => layer.map((w) => w.shape));
  const sizes = shapes.flat().map((shape) => shape.reduce((n, d) => n * d, 1));
  const samples = replay.samples;
  const perPoint =
    samples * (replay.inputDims + replay.widths.reduce((sum, w) => sum + w, 0) + 8 * replay.outputUnits) +
    origin.length;
  const batch = Math.max(1, Math.floor(BATCH_BUDGET / perPoint));
  const count = a.length * b.length;
  const loss = new Float32Array(count);
  const x = replay.inputTensor();
  const targets = replay.targetTensor();
  const theta0 = tf.tensor1d(Float32Array.from(origin));
  const plane = tf.tensor2d(Float32Array.from([...directions[0], ...directions[1]]), [2, origin.length]);
  try {
    for (let start = 0; start < count; start += batch) {
      const networks = Math.min(batch, count - start);
      const coefficients = new Float32Array(2 * networks);
      for (let g = 0; g < networks; g++)
        coefficients.set([a[(start + g) % a.length], b[Math.floor((start + g) / a.length)]], 2 * g);
      const values = inScope(() => {
        const thetas = tf.add(theta0, tf.matMul(tf.tensor2d(coefficients, [networks, 2]), plane));
        const columns = tf.split(thetas, sizes, 1);
        let next = 0;
        const weights = shapes.map((layer) => layer.map((shape) => tf.reshape(columns[next++], [networks, ...shape])));
        const output = batchedForward(replay.model, x, weights, networks);
        return tf.mean(sampleLosses(kind, output, targets), -1).dataSync() as Float32Array;
      });
      loss.set(values, start);
    }
  } finally {
    tf.dispose([x, targets, theta0, plane]);
  }
  return loss;
}
