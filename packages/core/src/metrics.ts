import { DeepReplayError } from "@deepreplay/frames";

const ACCURACY = new Set(["acc", "accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy"]);

export const SUPPORTED_METRICS = ["loss", ...ACCURACY];

/** Fraction of inputs whose predicted class is the target class. */
export function accuracy(predicted: Int32Array, targets: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < targets.length; i++) if (predicted[i] === targets[i]) hits++;
  return hits / targets.length;
}

/** Checks a metric name the replay can recompute: an accuracy variant or "loss". */
export function checkMetric(name: string): "loss" | "accuracy" {
  if (name === "loss") return "loss";
  if (ACCURACY.has(name)) return "accuracy";
  throw new DeepReplayError("UNSUPPORTED_METRIC", `The replay cannot recompute the metric "${name}".`, {
    hint: `Supported metrics: ${SUPPORTED_METRICS.join(", ")}.`,
  });
}
