import { std } from "@deepreplay/frames";
import { dataset, DEFAULT_SEED, shuffleRows, type Dataset, type SeedOptions } from "./dataset.js";
import { DeepReplayError, integerOption, numberOption } from "@deepreplay/frames";
import { MAX_VALUES, seedOption } from "./options.js";
import { createRandom } from "./random.js";

export interface BallOptions extends SeedOptions {
  /** Dimensions of the ball (default 10). */
  nDims?: number;
  /** Points in the ball (default 1000). */
  nPoints?: number;
  /** Sets the class threshold as a fraction of the radius (default 0.5); see `ball`. */
  classifRadiusFraction?: number;
  /** Put every point on the surface: a hollow ball, the n-sphere (default false). */
  onlySphere?: boolean;
}

/** A ball data set also says its radius, which the labels depend on. */
export interface BallDataset extends Dataset {
  /** Radius of the ball after scaling the inputs to a standard deviation of 1. */
  readonly radius: number;
}

/**
 * Python deepreplay's `ball.load_data`: points uniform in an nDims-ball (or on its sphere) of radius
 * √nDims, then all coordinates and the radius scaled so the inputs have standard deviation 1.
 * The label follows the original code, not its docstring: class 1 when |sum of the coordinates| >
 * radius × classifRadiusFraction, that is, outside a slab around the hyperplane Σx = 0.
 */
export function ball({
  nDims = 10,
  nPoints = 1000,
  classifRadiusFraction = 0.5,
  onlySphere = false,
  shuffle = true,
  seed = DEFAULT_SEED,
}: BallOptions = {}): BallDataset {
  const d = integerOption("nDims", nDims, { min: 1, max: MAX_VALUES });
  const n = integerOption("nPoints", nPoints, { min: 1, max: Math.floor(MAX_VALUES / d) });
  const fraction = numberOption("classifRadiusFraction", classifRadiusFraction, { min: 0 });
  const random = createRandom(seedOption(seed));
  const inputs = new Float64Array(n * d);
  for (let i = 0; i < inputs.length; i++) inputs[i] = random.normal();
  // A normal vector's direction is uniform on the sphere; u^(1/d) of the radius fills the ball evenly.
  for (let row = 0; row < n; row++) {
    const point = inputs.subarray(row * d, (row + 1) * d);
    const length = Math.sqrt(point.reduce((sum, v) => sum + v * v, 0));
    const scale = (Math.sqrt(d) / length) * (onlySphere ? 1 : random.uniform() ** (1 / d));
    for (let axis = 0; axis < d; axis++) point[axis] *= scale;
  }
  const adjustment = 1 / std(inputs);
  if (!Number.isFinite(adjustment)) {
    throw new DeepReplayError(
      "DEGENERATE_DATASET",
      `All ${inputs.length} ball coordinates are equal: they cannot be scaled to a standard deviation of 1.`,
      {
        hint: "Ask for more points or dimensions, or another seed.",
      },
    );
  }
  for (let i = 0; i < inputs.length; i++) inputs[i] *= adjustment;
  const radius = Math.sqrt(d) * adjustment;
  const labels = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    let sum = 0;
    for (let axis = 0; axis < d; axis++) sum += inputs[row * d + axis];
    labels[row] = Math.abs(sum) > radius * fraction ? 1 : 0;
  }
  const data = dataset(inputs, labels, d);
  return { ...(shuffle ? shuffleRows(data, random) : data), radius };
}
