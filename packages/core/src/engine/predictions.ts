import * as tf from "@tensorflow/tfjs-core";

/** Predicted class of each row of model outputs (int32): p > 0.5 for one sigmoid unit, argmax for several. */
export function predictedClasses(output: tf.Tensor): tf.Tensor {
  const units = output.shape[output.rank - 1];
  return units === 1 ? tf.cast(tf.reshape(tf.greater(output, 0.5), [-1]), "int32") : tf.argMax(output, -1);
}
