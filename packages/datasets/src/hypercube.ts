import { dataset, DEFAULT_SEED, shuffleRows, type Dataset, type SeedOptions } from "./dataset.js";
import { integerOption, pairOption } from "@deepreplay/frames";
import { seedOption } from "./options.js";
import { createRandom } from "./random.js";

export interface HypercubeOptions extends SeedOptions {
  /** Dimensions of the hypercube (default 10): the data set has 2^nDims rows. */
  nDims?: number;
  /** The two coordinates every vertex takes on each axis (default [-1, 1]). */
  vertices?: readonly [number, number];
}

/** 2^20 vertices of 20 coordinates is already 168 MB of float64. */
const MAX_DIMS = 20;

/**
 * Python deepreplay's `hypercube.load_data`: every vertex of an nDims-dimensional hypercube, in
 * `itertools.product` order (last axis fastest). A vertex is class 1 when the sum of its coordinates
 * clipped to [0, 1] is at least nDims / 2: with the default vertices, when half or more are +1.
 */
export function hypercube({
  nDims = 10,
  vertices = [-1, 1],
  shuffle = true,
  seed = DEFAULT_SEED,
}: HypercubeOptions = {}): Dataset {
  const d = integerOption("nDims", nDims, { min: 1, max: MAX_DIMS });
  const corners = pairOption("vertices", vertices);
  const random = createRandom(seedOption(seed));
  const n = 2 ** d;
  const inputs = new Float64Array(n * d);
  const labels = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    let clippedSum = 0;
    for (let axis = 0; axis < d; axis++) {
      const value = corners[(row >> (d - 1 - axis)) & 1];
      inputs[row * d + axis] = value;
      clippedSum += Math.min(Math.max(value, 0), 1);
    }
    labels[row] = clippedSum >= d / 2 ? 1 : 0;
  }
  const data = dataset(inputs, labels, d);
  return shuffle ? shuffleRows(data, random) : data;
}
