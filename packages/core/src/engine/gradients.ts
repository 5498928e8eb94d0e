import * as tf from "@tensorflow/tfjs-core";
// tfjs-core's Node build registers no gradient functions; tfjs-layers' build registers all of
// tfjs-core's in tfjs' global gradient registry, which tf.grads reads.
import "@tensorflow/tfjs-layers";
import type { Network } from "./forward.js";
import { sampleLosses, type LossKind } from "./losses.js";

/**
 * Gradients of the mean loss over all inputs with respect to each Dense kernel (biases excluded, as
 * the original does), by layer index. The caller owns the returned tensors.
 */
export function kernelGradients(
  network: Network,
  x: tf.Tensor,
  targets: tf.Tensor2D,
  kind: LossKind,
): Map<number, tf.Tensor> {
  const dense = network.model.layers.flatMap((spec, i) => (spec.kind === "Dense" ? [i] : []));
  const meanLoss = (...kernels: tf.Tensor[]): tf.Scalar => {
    const weights = network.weights.map((layer, i) => {
      const k = dense.indexOf(i);
      return k < 0 ? layer : [kernels[k], ...layer.slice(1)];
    });
    const { output } = network.forward(x, { fused: false, weights });
    return tf.mean(sampleLosses(kind, output as tf.Tensor2D, targets));
  };
  const gradients = tf.tidy(() => tf.grads(meanLoss)(dense.map((i) => network.weights[i][0])));
  return new Map(dense.map((layer, k) => [layer, gradients[k]]));
}
