import {
  addNoise,
  dataset,
  DEFAULT_SEED,
  shuffleRows,
  twoClassLabels,
  type Dataset,
  type SeedOptions,
} from "./dataset.js";
import { integerOption, numberOption } from "@deepreplay/frames";
import { MAX_VALUES, seedOption } from "./options.js";
import { createRandom } from "./random.js";

/** What scikit-learn's two-arc generators (make_circles, make_moons) share. */
export interface ArcsOptions extends SeedOptions {
  /** Rows in all (default 100): ⌊nSamples / 2⌋ on the first arc (class 0), the rest on the second (class 1). */
  nSamples?: number;
  /** Standard deviation of the normal noise added to every coordinate after shuffling (default 0). */
  noise?: number;
}

/** Builds `count` points along one arc, evenly spaced in its parameter. */
export type Arc = (count: number) => { x: Float64Array; y: Float64Array };

/** Class 0 on the first arc, class 1 on the second, shuffled, then noise: scikit-learn's order of draws. */
export function twoArcs(
  first: Arc,
  second: Arc,
  { nSamples = 100, noise = 0, shuffle = true, seed = DEFAULT_SEED }: ArcsOptions,
): Dataset {
  const n = integerOption("nSamples", nSamples, { min: 1, max: MAX_VALUES / 2 });
  const scale = numberOption("noise", noise, { min: 0 });
  const random = createRandom(seedOption(seed));
  const n0 = Math.floor(n / 2);
  const arcs = [first(n0), second(n - n0)];
  const inputs = new Float64Array(2 * n);
  let row = 0;
  for (const { x, y } of arcs) {
    for (let i = 0; i < x.length; i++, row++) inputs.set([x[i], y[i]], 2 * row);
  }
  const ordered = dataset(inputs, twoClassLabels(n0, n - n0), 2);
  const data = shuffle ? shuffleRows(ordered, random) : ordered;
  addNoise(data, scale, random);
  return data;
}
