import { DeepReplayError, type ActivationName } from "@deepreplay/frames";

const ACTIVATIONS: readonly ActivationName[] = [
  "linear",
  "sigmoid",
  "tanh",
  "relu",
  "elu",
  "selu",
  "softplus",
  "softsign",
  "hard_sigmoid",
  "softmax",
  "leaky_relu",
];

/** "hardSigmoid" (tfjs) and "hard_sigmoid" (Keras) name the same function. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/**
 * The activation a Keras or tfjs layer config names, as one the replay understands.
 * Anything else (a custom function, a serialized object) is refused: nothing from a file runs as code.
 */
export function activationName(value: unknown, layer: string): ActivationName {
  if (value === undefined || value === null) return "linear";
  const name = typeof value === "string" ? snakeCase(value) : undefined;
  if (name !== undefined && (ACTIVATIONS as readonly string[]).includes(name)) return name as ActivationName;
  throw new DeepReplayError(
    "unsupported-activation",
    `Layer "${layer}" uses the activation ${JSON.stringify(value)}, which the replay cannot compute.`,
    { hint: `Use one of: ${ACTIVATIONS.join(", ")}.` },
  );
}
