import type { Scalar, Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import { tf } from "#tfjs";
import type { Network } from "./forward.js";
import { sampleLosses, type LossKind } from "./losses.js";

/**
 * Gradients of the mean loss over all inputs with respect to each Dense kernel (biases excluded, as
 * the original does), by layer index. The caller owns the returned tensors.
 */
export function kernelGradients(network: Network, x: Tensor, targets: Tensor2D, kind: LossKind): Map<number, Tensor> {
  const dense = network.model.layers.flatMap((spec, i) => (spec.kind === "Dense" ? [i] : []));
  const meanLoss = (...kernels: Tensor[]): Scalar => {
    const weights = network.weights.map((layer, i) => {
      const k = dense.indexOf(i);
      return k < 0 ? layer : [kernels[k], ...layer.slice(1)];
    });
    const { output } = network.forward(x, { fused: false, weights });
    return tf.mean(sampleLosses(kind, output as Tensor2D, targets));
  };
  const gradients = tf.tidy(() => tf.grads(meanLoss)(dense.map((i) => network.weights[i][0])));
  return new Map(dense.map((layer, k) => [layer, gradients[k]]));
}
