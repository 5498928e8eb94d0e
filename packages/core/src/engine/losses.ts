import * as tf from "@tensorflow/tfjs-core";
import { DeepReplayError } from "@deepreplay/frames";
import { rows } from "./read.js";

/** Keras' epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON] before the log. */
export const EPSILON = 1e-7;

export type LossKind = "binary_crossentropy" | "categorical_crossentropy" | "sparse_categorical_crossentropy";

const LOSS_ALIASES: Record<string, LossKind> = {
  binary_crossentropy: "binary_crossentropy",
  binarycrossentropy: "binary_crossentropy",
  bce: "binary_crossentropy",
  categorical_crossentropy: "categorical_crossentropy",
  categoricalcrossentropy: "categorical_crossentropy",
  sparse_categorical_crossentropy: "sparse_categorical_crossentropy",
  sparsecategoricalcrossentropy: "sparse_categorical_crossentropy",
};

/** The loss kind a recorded Keras loss name stands for, or a typed error saying which are supported. */
export function lossKind(name: string): LossKind {
  const kind = LOSS_ALIASES[name.toLowerCase()];
  if (kind) return kind;
  throw new DeepReplayError("UNSUPPORTED_LOSS", `The replay cannot compute the loss "${name}" per input.`, {
    hint: "Per-input losses, the loss histogram, loss-and-metric and gradients support binary_crossentropy, categorical_crossentropy and sparse_categorical_crossentropy.",
  });
}

/**
 * Loss of every input, as Keras computes it: binary cross-entropy (mean over output units) on clipped
 * probabilities, or categorical cross-entropy on outputs normalised to sum 1, then clipped.
 * `targets` has the output's shape (one-hot rows for several classes); an output with leading axes
 * more ([networks, samples, units], a batched forward pass) is compared with the same targets.
 */
export function sampleLosses<R extends tf.Rank = tf.Rank.R2>(kind: LossKind, output: tf.Tensor<R>, targets: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    if (kind === "binary_crossentropy") {
      const p = clip(output);
      const logLikelihood = tf.add(tf.mul(targets, tf.log(p)), tf.mul(tf.sub(1, targets), tf.log(tf.sub(1, p))));
      return tf.neg(tf.mean(logLikelihood, -1)) as tf.Tensor1D;
    }
    const p = clip(tf.div(output, tf.sum(output, -1, true)));
    return tf.neg(tf.sum(tf.mul(targets, tf.log(p)), -1)) as tf.Tensor1D;
  });
}

/**
 * Probabilities clipped to [EPSILON, 1 - EPSILON]. NaN stays NaN, as in Keras (tf.clip_by_value), so a
 * diverged run's loss is NaN; tfjs' ClipByValue on WASM would turn it into EPSILON.
 */
function clip(p: tf.Tensor): tf.Tensor {
  return tf.where(tf.isNaN(p), p, tf.clipByValue(p, EPSILON, 1 - EPSILON));
}

/** Targets shaped like the model's output: a column for one unit, one-hot rows for several. */
export function targetTensor(classes: Int32Array, recorded: Float32Array | Float64Array, units: number): tf.Tensor2D {
  if (units === 1 || recorded.length === classes.length * units) return rows(recorded, units);
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(classes, "int32"), units), "float32") as tf.Tensor2D);
}
