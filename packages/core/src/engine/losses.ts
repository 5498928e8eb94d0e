import type { Rank, Tensor, Tensor1D, Tensor2D } from "@tensorflow/tfjs-core";
import { tf } from "#tfjs";
import { DeepReplayError, LOSS_KINDS, lossKindOf, type LossKind } from "@deepreplay/frames";
import { rows } from "./read.js";

export type { LossKind } from "@deepreplay/frames";

/** Keras' epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON] before the log. */
export const EPSILON = 1e-7;

/** The loss of every input from outputs and targets of the same shape, as Keras computes it (the last axis is the units). */
type PerInputLoss = (output: Tensor, targets: Tensor) => Tensor;

/** Binary cross-entropy: the mean over output units, on clipped probabilities. */
const binaryCrossentropy: PerInputLoss = (output, targets) => {
  const p = clip(output);
  const logLikelihood = tf.add(tf.mul(targets, tf.log(p)), tf.mul(tf.sub(1, targets), tf.log(tf.sub(1, p))));
  return tf.neg(tf.mean(logLikelihood, -1));
};

/** Categorical cross-entropy on outputs normalised to sum 1, then clipped (targets one-hot, see targetTensor). */
const categoricalCrossentropy: PerInputLoss = (output, targets) => {
  const p = clip(tf.div(output, tf.sum(output, -1, true)));
  return tf.neg(tf.sum(tf.mul(targets, tf.log(p)), -1));
};

/** Mean squared error: the mean over output units of the squared difference (Keras' mean over the last axis). */
const meanSquaredError: PerInputLoss = (output, targets) => tf.mean(tf.squaredDifference(output, targets), -1);

/** How each loss is computed per input; its names and target kind are frames' LOSSES. */
const PER_INPUT: Record<LossKind, PerInputLoss> = {
  binary_crossentropy: binaryCrossentropy,
  categorical_crossentropy: categoricalCrossentropy,
  sparse_categorical_crossentropy: categoricalCrossentropy,
  mean_squared_error: meanSquaredError,
};

/** The loss kind a recorded Keras loss name stands for, or a typed error saying which are supported. */
export function lossKind(name: string): LossKind {
  const kind = lossKindOf(name);
  if (kind) return kind;
  throw new DeepReplayError("UNSUPPORTED_LOSS", `The replay cannot compute the loss "${name}" per input.`, {
    hint: `Per-input losses, the loss histogram, loss-and-metric and gradients support ${LOSS_KINDS.join(", ")}.`,
  });
}

/**
 * Loss of every input, as Keras computes it. `targets` has the output's shape (one-hot rows for
 * several classes); an output with leading axes more ([networks, samples, units], a batched forward
 * pass) is compared with the same targets.
 */
export function sampleLosses<R extends Rank = Rank.R2>(kind: LossKind, output: Tensor<R>, targets: Tensor2D): Tensor1D {
  return tf.tidy(() => PER_INPUT[kind](output, targets) as Tensor1D);
}

/**
 * Probabilities clipped to [EPSILON, 1 - EPSILON]. NaN stays NaN, as in Keras (tf.clip_by_value), so a
 * diverged run's loss is NaN; tfjs' ClipByValue on WASM would turn it into EPSILON.
 */
function clip(p: Tensor): Tensor {
  return tf.where(tf.isNaN(p), p, tf.clipByValue(p, EPSILON, 1 - EPSILON));
}

/**
 * Targets shaped like the model's output: a column for one unit, one-hot rows for several classes
 * given as labels; rows as recorded otherwise (one-hot rows, or a regression's values).
 */
export function targetTensor(
  classes: Int32Array | undefined,
  recorded: Float32Array | Float64Array,
  units: number,
): Tensor2D {
  if (!classes || units === 1 || recorded.length === classes.length * units) return rows(recorded, units);
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(classes, "int32"), units), "float32") as Tensor2D);
}
