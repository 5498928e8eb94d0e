import { ACTIVATION_NAMES, DeepReplayError, isActivationName, type ActivationName } from "@deepreplay/frames";

/** "hardSigmoid" (tfjs) and "hard_sigmoid" (Keras) name the same function. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** A built-in function serialized as an object (`{"class_name": "function", "config": "relu"}`, Keras 3). */
function builtInName(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const { class_name: className, config, module } = value as Record<string, unknown>;
  if (typeof config === "string" && className === "function") return snakeCase(config);
  return typeof className === "string" && (module === undefined || module === "keras.activations")
    ? snakeCase(className)
    : undefined;
}

/**
 * The activation a Keras or tfjs layer config names, as one the replay understands.
 * Anything else (a custom function, a serialized object) is refused: nothing from a file runs as code.
 */
export function activationName(value: unknown, layer: string): ActivationName {
  if (value === undefined || value === null) return "linear";
  const name = typeof value === "string" ? snakeCase(value) : builtInName(value);
  if (name !== undefined && isActivationName(name)) return name;
  throw new DeepReplayError(
    "UNSUPPORTED_ACTIVATION",
    `Layer "${layer}" uses the activation ${JSON.stringify(value)}, which the replay cannot compute.`,
    { hint: `Use one of: ${ACTIVATION_NAMES.join(", ")}.` },
  );
}
