import { linspace } from "@deepreplay/frames";
import { dataset, DEFAULT_SEED, shuffleRows, twoClassLabels, type Dataset, type SeedOptions } from "./dataset.js";
import { integerOption, pairOption } from "@deepreplay/frames";
import { MAX_VALUES, seedOption } from "./options.js";
import { createRandom } from "./random.js";

export interface ParabolaOptions extends SeedOptions {
  /** Range of the x axis (default [-1, 1]). */
  xlim?: readonly [number, number];
  /** Points on each parabola (default 1000): the data set has twice as many rows. */
  nPoints?: number;
}

/**
 * Python deepreplay's `parabola.load_data`: two parabolas over the same evenly spaced x, the upper
 * one y = x² (class 0) and the lower one y = x² − 0.5 (class 1). No noise; only the order is random.
 */
export function parabola({
  xlim = [-1, 1],
  nPoints = 1000,
  shuffle = true,
  seed = DEFAULT_SEED,
}: ParabolaOptions = {}): Dataset {
  const [xmin, xmax] = pairOption("xlim", xlim);
  const n = integerOption("nPoints", nPoints, { min: 1, max: MAX_VALUES / 4 });
  const random = createRandom(seedOption(seed));
  const x = linspace(xmin, xmax, n);
  const inputs = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const square = x[i] * x[i];
    inputs.set([x[i], square], 2 * i);
    inputs.set([x[i], square - 0.5], 2 * (n + i));
  }
  const data = dataset(inputs, twoClassLabels(n, n), 2);
  return shuffle ? shuffleRows(data, random) : data;
}
