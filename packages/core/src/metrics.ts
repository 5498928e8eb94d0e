import { DeepReplayError } from "@deepreplay/frames";
import { argmaxRows } from "./targets.js";

/** One epoch over all inputs: what every metric is computed from. */
export interface EpochOutcome {
  /** Model outputs, [samples, units] row-major. */
  outputs: Float32Array;
  units: number;
  /** Targets as recorded, [samples, width] row-major (width 1 for labels or one unit). */
  targets: ArrayLike<number>;
  /** Loss of every input. */
  losses: Float32Array;
}

type Metric = (outcome: EpochOutcome) => number;

/** Keras' binary_accuracy: the fraction of output values whose 0.5-threshold equals the target value. */
const binaryAccuracy: Metric = ({ outputs, targets }) =>
  meanOf(outputs.length, (i) => Number(Number(outputs[i] > 0.5) === targets[i]));

/** Keras' categorical_accuracy: the fraction of inputs whose largest output is the largest target. */
const categoricalAccuracy: Metric = ({ outputs, units, targets }) => {
  const [predicted, wanted] = [argmaxRows(outputs, units), argmaxRows(targets, units)];
  return meanOf(predicted.length, (i) => Number(predicted[i] === wanted[i]));
};

/** Keras' sparse_categorical_accuracy: the fraction of inputs whose largest output is the target label. */
const sparseCategoricalAccuracy: Metric = ({ outputs, units, targets }) => {
  const predicted = argmaxRows(outputs, units);
  return meanOf(predicted.length, (i) => Number(predicted[i] === targets[i]));
};

/** Keras' "accuracy" as Keras 3 picks it by shape: binary for one unit, sparse for labels, categorical for rows. */
const accuracy: Metric = (outcome) =>
  (outcome.units === 1
    ? binaryAccuracy
    : outcome.targets.length < outcome.outputs.length
      ? sparseCategoricalAccuracy
      : categoricalAccuracy)(outcome);

/**
 * A Keras regression metric: the mean over inputs of the mean over output units of `error(output,
 * target)`, for targets as wide as the output (labels of several classes are not).
 */
const meanError =
  (name: string, error: (output: number, target: number) => number): Metric =>
  ({ outputs, units, targets }) => {
    if (targets.length !== outputs.length) {
      const width = (targets.length * units) / outputs.length;
      throw new DeepReplayError(
        "DATA_MISMATCH",
        `The metric "${name}" compares every output value with a target, but each input has ${width} target value${width === 1 ? "" : "s"} and the model outputs ${units}.`,
        {
          hint: "Score labels of several classes by accuracy; mae and mse take targets as wide as the output (a regression's, or one-hot rows).",
        },
      );
    }
    return meanOf(outputs.length, (i) => error(outputs[i], targets[i]));
  };

/** The metrics the replay recomputes over all inputs, by every name Keras logs them under. */
const METRICS: Record<string, Metric> = {
  loss: ({ losses }) => meanOf(losses.length, (i) => losses[i]),
  acc: accuracy,
  accuracy,
  binary_accuracy: binaryAccuracy,
  categorical_accuracy: categoricalAccuracy,
  sparse_categorical_accuracy: sparseCategoricalAccuracy,
  mae: meanError("mae", (p, y) => Math.abs(p - y)),
  mean_absolute_error: meanError("mean_absolute_error", (p, y) => Math.abs(p - y)),
  mse: meanError("mse", (p, y) => (p - y) ** 2),
  mean_squared_error: meanError("mean_squared_error", (p, y) => (p - y) ** 2),
};

export const SUPPORTED_METRICS = Object.keys(METRICS);

/** The metric of a recorded name, or a typed error listing those the replay can recompute. */
export function metric(name: string): Metric {
  if (Object.hasOwn(METRICS, name)) return METRICS[name];
  throw new DeepReplayError("UNSUPPORTED_METRIC", `The replay cannot recompute the metric "${name}".`, {
    hint: `Supported metrics: ${SUPPORTED_METRICS.join(", ")}.`,
  });
}

function meanOf(n: number, value: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += value(i);
  return sum / n;
}
