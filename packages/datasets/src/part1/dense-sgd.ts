/**
 * A chain of Dense layers ending in one sigmoid unit, trained by mini-batch SGD on binary
 * cross-entropy in plain typed arrays: per step what tfjs-layers' model.fit computes (forward pass,
 * gradients, `w += -lr * g`, weights and every layer's outputs kept in float32), without the ~0.5 ms
 * of tfjs engine work (tape, scopes, kernel lookup) that a step of a 2-2-1 network costs there.
 */

export type DenseActivation = "sigmoid" | "tanh" | "relu";

export interface DenseLayer {
  /** [inputs, units], row-major, as tfjs and Keras store a Dense kernel; updated in place. */
  kernel: Float32Array;
  /** [units]; updated in place. */
  bias: Float32Array;
  activation: DenseActivation;
}

export interface EpochLogs {
  /** The mean batch loss over the epoch, as fit logs it. */
  loss: number;
  /** Binary accuracy (p > 0.5), averaged the same way. */
  acc: number;
}

export interface DenseSgdOptions {
  learningRate: number;
  batchSize: number;
}

/** Keras' epsilon: binary cross-entropy clips the probabilities into [ε, 1 − ε]. */
const EPSILON = 1e-7;

const activate: Record<DenseActivation, (z: number) => number> = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  relu: (z) => Math.max(z, 0),
};

/** Each activation's derivative, from its output a (as tfjs' gradients take it). */
const slope: Record<DenseActivation, (a: number) => number> = {
  sigmoid: (a) => a * (1 - a),
  tanh: (a) => 1 - a * a,
  relu: (a) => (a > 0 ? 1 : 0),
};

/** tfjs-layers' binaryCrossentropy of one probability: through the logit of the clipped p. */
function crossEntropy(p: number, target: number): number {
  const q = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
  const logit = Math.log(q / (1 - q));
  return Math.max(logit, 0) - logit * target + Math.log1p(Math.exp(-Math.abs(logit)));
}

/**
 * Trains `layers` for one epoch over `inputs` [samples, features] and `targets` [samples], in the
 * data's order (fit with shuffle: false), and returns the epoch's logs.
 */
export function trainEpoch(
  layers: readonly DenseLayer[],
  inputs: Float32Array,
  targets: Float32Array,
  { learningRate, batchSize }: DenseSgdOptions,
): EpochLogs {
  const samples = targets.length;
  const features = inputs.length / samples;
  const widths = [features, ...layers.map((layer) => layer.bias.length)];
  // Each layer's outputs for the batch, and the loss' gradient with respect to them.
  const outputs = widths.map((width) => new Float32Array(batchSize * width));
  const deltas = widths.map((width) => new Float64Array(batchSize * width));
  const grads = layers.map(({ kernel, bias }) => ({
    kernel: new Float64Array(kernel.length),
    bias: new Float64Array(bias.length),
  }));
  const step = Math.fround(-learningRate);
  // fit sums each batch's mean times its size in float32 tensors, then scales by 1 / samples.
  let [lossSum, accSum] = [0, 0];

  for (let start = 0; start < samples; start += batchSize) {
    const size = Math.min(batchSize, samples - start);
    outputs[0].set(inputs.subarray(start * features, (start + size) * features));
    layers.forEach(({ kernel, bias, activation }, l) => {
      const [x, a, units, width] = [outputs[l], outputs[l + 1], widths[l + 1], widths[l]];
      for (let i = 0; i < size; i++) {
        for (let u = 0; u < units; u++) {
          let z = bias[u];
          for (let k = 0; k < width; k++) z += x[i * width + k] * kernel[k * units + u];
          a[i * units + u] = activate[activation](z);
        }
      }
    });

    // The output unit's sigmoid and the cross-entropy together: dL/dz = (p − y) / size, zero where
    // the clip holds p constant.
    const [p, dz] = [outputs[layers.length], deltas[layers.length]];
    let [loss, correct] = [0, 0];
    for (let i = 0; i < size; i++) {
      const target = targets[start + i];
      loss += Math.fround(crossEntropy(p[i], target));
      correct += Number((p[i] > 0.5 ? 1 : 0) === target);
      dz[i] = p[i] >= EPSILON && p[i] <= 1 - EPSILON ? (p[i] - target) / size : 0;
    }
    lossSum = Math.fround(lossSum + Math.fround(Math.fround(loss / size) * size));
    accSum = Math.fround(accSum + Math.fround(Math.fround(correct / size) * size));

    for (let l = layers.length - 1; l >= 0; l--) {
      const { kernel } = layers[l];
      const [x, delta, units, width] = [outputs[l], deltas[l + 1], widths[l + 1], widths[l]];
      const grad = grads[l];
      grad.kernel.fill(0);
      grad.bias.fill(0);
      for (let i = 0; i < size; i++) {
        for (let u = 0; u < units; u++) {
          const d = delta[i * units + u];
          grad.bias[u] += d;
          for (let k = 0; k < width; k++) grad.kernel[k * units + u] += x[i * width + k] * d;
        }
      }
      if (l === 0) continue;
      // Back through this layer's kernel (before its update) and the previous layer's activation.
      const [previous, back] = [layers[l - 1].activation, deltas[l]];
      for (let i = 0; i < size; i++) {
        for (let k = 0; k < width; k++) {
          let sum = 0;
          for (let u = 0; u < units; u++) sum += delta[i * units + u] * kernel[k * units + u];
          back[i * width + k] = sum * slope[previous](x[i * width + k]);
        }
      }
    }
    // tfjs' SGD: value + (−lr) · gradient, the gradient and the product in float32.
    layers.forEach(({ kernel, bias }, l) => {
      for (const [values, grad] of [
        [kernel, grads[l].kernel],
        [bias, grads[l].bias],
      ] as const) {
        for (let j = 0; j < values.length; j++) values[j] += Math.fround(step * Math.fround(grad[j]));
      }
    });
  }
  const scale = Math.fround(1 / samples);
  return { loss: Math.fround(scale * lossSum), acc: Math.fround(scale * accSum) };
}
