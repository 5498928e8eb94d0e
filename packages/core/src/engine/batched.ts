import type { Tensor, Tensor2D, Tensor3D } from "@tensorflow/tfjs-core";
import { tf } from "#tfjs";
import { DeepReplayError, type LayerSpec, type ModelDescription } from "@deepreplay/frames";
import { activate, checkActivation } from "./activations.js";

/**
 * The forward pass of G networks at once: one architecture, G sets of weights, the same inputs.
 * Every tensor carries the networks on a leading axis: weights [G, ...shape], values [G, N, ...].
 * This is what evaluates a loss landscape's grid of weights in a few batched kernels instead of a
 * pass per grid point.
 */
export function batchedForward(
  model: ModelDescription,
  x: Tensor,
  weights: readonly (readonly Tensor[])[],
  networks: number,
): Tensor {
  let h: Tensor = tf.expandDims(x, 0);
  model.layers.forEach((spec, i) => {
    h = batchedLayer(spec, h, weights[i], networks);
  });
  return h;
}

function batchedLayer(spec: LayerSpec, h: Tensor, weights: readonly Tensor[], networks: number): Tensor {
  switch (spec.kind) {
    case "InputLayer":
    case "Dropout":
      return h;
    case "Flatten":
      return tf.reshape(h, [h.shape[0], h.shape[1] ?? 1, -1]);
    case "Activation":
      return activate(checkActivation(spec.activation, spec.name), h, spec.alpha);
    case "BatchNormalization":
      return batchedBatchNorm(spec, h, weights);
    case "Dense":
      return batchedDense(spec, h, weights, networks);
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

/** Broadcasts a per-network vector [G, width] against values [G, N, ..., width]. */
function perNetwork(vector: Tensor, rank: number): Tensor {
  const [g, width] = vector.shape;
  return tf.reshape(vector, [g, ...Array(rank - 2).fill(1), width]);
}

function batchedDense(
  spec: Extract<LayerSpec, { kind: "Dense" }>,
  h: Tensor,
  weights: readonly Tensor[],
  networks: number,
): Tensor {
  const [kernel, bias] = weights as [Tensor3D, Tensor2D | undefined];
  const inputs = h.shape[h.rank - 1];
  const outer = h.shape.slice(1, -1);
  // The inputs are shared by every network before the first layer with weights: one wide matMul.
  const z =
    h.shape[0] === 1 && networks > 1
      ? tf.transpose(
          tf.reshape(
            tf.matMul(tf.reshape(h, [-1, inputs]), tf.reshape(tf.transpose(kernel, [1, 0, 2]), [inputs, -1])),
            [-1, networks, spec.units],
          ),
          [1, 0, 2],
        )
      : tf.matMul(tf.reshape(h, [networks, -1, inputs]) as Tensor3D, kernel);
  const shaped = tf.reshape(z, [networks, ...outer, spec.units]);
  const biased = bias ? tf.add(shaped, perNetwork(bias, shaped.rank)) : shaped;
  return activate(checkActivation(spec.activation, spec.name), biased, spec.alpha);
}

function batchedBatchNorm(
  spec: Extract<LayerSpec, { kind: "BatchNormalization" }>,
  h: Tensor,
  weights: readonly Tensor[],
): Tensor {
  // Keras order: gamma (if scale), beta (if center), moving_mean, moving_variance.
  let i = 0;
  const gamma = spec.scale ? weights[i++] : undefined;
  const beta = spec.center ? weights[i++] : undefined;
  const [mean, variance] = [weights[i], weights[i + 1]];
  const at = (v: Tensor): Tensor => perNetwork(v, Math.max(h.rank, 3));
  let out = tf.div(tf.sub(h, at(mean)), tf.sqrt(tf.add(at(variance), spec.epsilon)));
  if (gamma) out = tf.mul(out, at(gamma));
  return beta ? tf.add(out, at(beta)) : out;
}
