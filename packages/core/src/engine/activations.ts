import type { fused, Tensor } from "@tensorflow/tfjs-core";
import { tf } from "#tfjs";
import {
  ACTIVATION_NAMES,
  DeepReplayError,
  isActivationName,
  LEAKY_RELU_ALPHA,
  type ActivationName,
} from "@deepreplay/frames";

type Activation = (z: Tensor, alpha: number) => Tensor;

/** Keras activation semantics on tfjs-core ops. */
const ACTIVATIONS: Record<ActivationName, Activation> = {
  linear: (z) => z,
  sigmoid: (z) => tf.sigmoid(z),
  tanh: (z) => tf.tanh(z),
  relu: (z) => tf.relu(z),
  elu: (z) => tf.elu(z),
  selu: (z) => tf.selu(z),
  softplus: (z) => tf.softplus(z),
  softsign: (z) => tf.div(z, tf.add(tf.abs(z), 1)),
  // Keras' piecewise-linear approximation, not tf's.
  hard_sigmoid: (z) => tf.clipByValue(tf.add(tf.mul(z, 0.2), 0.5), 0, 1),
  softmax: (z) => tf.softmax(z, -1),
  leaky_relu: (z, alpha) => tf.leakyRelu(z, alpha),
};

/** Activations tfjs can fuse into a matMul (one pass over a million-point grid instead of two). */
const FUSED: Partial<Record<ActivationName, fused.Activation>> = {
  linear: "linear",
  sigmoid: "sigmoid",
  relu: "relu",
  elu: "elu",
  leaky_relu: "leakyrelu",
};

export function checkActivation(name: string, layer: string): ActivationName {
  if (isActivationName(name)) return name;
  throw new DeepReplayError(
    "UNSUPPORTED_ACTIVATION",
    `Layer "${layer}" uses the activation "${name}", which the replay does not know.`,
    {
      hint: `Supported activations: ${ACTIVATION_NAMES.join(", ")}.`,
    },
  );
}

export function activate(name: ActivationName, z: Tensor, alpha = LEAKY_RELU_ALPHA): Tensor {
  return ACTIVATIONS[name](z, alpha);
}

export function fusedActivation(name: ActivationName): fused.Activation | undefined {
  return FUSED[name];
}
