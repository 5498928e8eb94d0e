import type { Tensor, Tensor1D, Tensor2D } from "@tensorflow/tfjs-core";
import { tf } from "#tfjs";
import { DeepReplayError, leakyAlpha, type LayerSpec } from "@deepreplay/frames";
import { activate, checkActivation, fusedActivation } from "./activations.js";

/** One layer's result: its output and, for layers that compute one, the value before activation. */
export interface LayerResult {
  output: Tensor;
  z?: Tensor;
}

export interface ApplyOptions {
  /** Fuse matMul, bias and activation where tfjs can (no z, no gradient through the activation). */
  fused: boolean;
  /** Return z-values too (disables fusing for this layer). */
  keepZ: boolean;
}

/** Applies one layer in inference mode (Dropout is the identity, BatchNormalization uses moving statistics). */
export function applyLayer(spec: LayerSpec, x: Tensor, weights: readonly Tensor[], options: ApplyOptions): LayerResult {
  switch (spec.kind) {
    case "InputLayer":
    case "Dropout":
      return { output: x };
    case "Flatten":
      return { output: tf.reshape(x, [x.shape[0], -1]) };
    case "Activation":
      return { output: activate(checkActivation(spec.activation, spec.name), x, spec.alpha) };
    case "BatchNormalization":
      return { output: batchNormalization(spec, x, weights) };
    case "Dense":
      return dense(spec, x, weights, options);
    default:
      throw new DeepReplayError(
        "UNSUPPORTED_LAYER",
        `The replay cannot run a layer of kind "${(spec as { kind: string }).kind}".`,
        {
          hint: "Supported layers: InputLayer, Dense, Activation, Dropout, BatchNormalization, Flatten.",
        },
      );
  }
}

function dense(
  spec: Extract<LayerSpec, { kind: "Dense" }>,
  x: Tensor,
  weights: readonly Tensor[],
  options: ApplyOptions,
): LayerResult {
  const activation = checkActivation(spec.activation, spec.name);
  const [kernel, bias] = weights as [Tensor2D, Tensor1D | undefined];
  const x2 = x.rank === 2 ? (x as Tensor2D) : (tf.reshape(x, [-1, x.shape[x.rank - 1]]) as Tensor2D);
  const restore = (t: Tensor): Tensor => (x.rank === 2 ? t : tf.reshape(t, [...x.shape.slice(0, -1), spec.units]));
  const fused = fusedActivation(activation);
  const wide = widen(x2, kernel, bias);
  const unwiden = (t: Tensor): Tensor => restore(wide.a === x2 ? t : tf.reshape(t, [x2.shape[0], spec.units]));
  if (options.fused && !options.keepZ && fused) {
    return { output: unwiden(tf.fused.matMul({ ...wide, activation: fused, leakyreluAlpha: leakyAlpha(spec) })) };
  }
  const product = tf.matMul(wide.a, wide.b);
  const z = unwiden(wide.bias ? tf.add(product, wide.bias) : product);
  return { z, output: activate(activation, z, spec.alpha) };
}

/** Output columns of XNNPACK's f32 GEMM tile. */
const TILE_COLUMNS = 8;
const WIDEN_MIN_ROWS = 1 << 15;

/**
 * XNNPACK is slow on a million rows of 2 columns. `block` rows side by side times the block-diagonal
 * kernel kron(I, K) give the same sums (the extra terms are exact zeros; only an infinite input
 * would spill NaN into its neighbours) in fewer, wider rows: about twice as fast for the contour.
 * Blocks of TILE_COLUMNS / units rows fill one tile; wider blocks only add zero terms (for 2 units,
 * blocks of 4 rows take 15% less time than blocks of 8).
 */
function widen(
  x: Tensor2D,
  kernel: Tensor2D,
  bias: Tensor1D | undefined,
): { a: Tensor2D; b: Tensor2D; bias?: Tensor1D } {
  const [rows, inputs] = x.shape;
  const units = kernel.shape[1];
  const block = Math.floor(TILE_COLUMNS / units);
  if (block < 2 || inputs * units > 16 || rows < WIDEN_MIN_ROWS || rows % block !== 0) return { a: x, b: kernel, bias };
  const diagonal = tf.reshape(tf.eye(block), [block, 1, block, 1]);
  return {
    a: tf.reshape(x, [rows / block, block * inputs]),
    b: tf.reshape(tf.mul(diagonal, tf.reshape(kernel, [1, inputs, 1, units])), [block * inputs, block * units]),
    bias: bias && tf.tile(bias, [block]),
  };
}

function batchNormalization(
  spec: Extract<LayerSpec, { kind: "BatchNormalization" }>,
  x: Tensor,
  weights: readonly Tensor[],
): Tensor {
  // Keras order: gamma (if scale), beta (if center), moving_mean, moving_variance.
  let i = 0;
  const gamma = spec.scale ? weights[i++] : undefined;
  const beta = spec.center ? weights[i++] : undefined;
  const [mean, variance] = [weights[i], weights[i + 1]];
  return tf.batchNorm(x, mean, variance, beta, gamma, spec.epsilon);
}
