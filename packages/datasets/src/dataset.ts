import { ndarray, type NdArray } from "@deepreplay/frames";
import type { Random } from "./random.js";

/** A labelled toy data set: inputs (n × features) and 0/1 targets (n × 1), both float64 as in Python. */
export interface Dataset {
  readonly inputs: NdArray;
  readonly targets: NdArray;
}

/** What every data set takes for its randomness. */
export interface SeedOptions {
  /** Shuffle the rows (default true); unshuffled, the rows come class by class as built. */
  shuffle?: boolean;
  /** Seed of the mulberry32 generator behind every random draw (default 13, as in Python deepreplay). */
  seed?: number;
}

export const DEFAULT_SEED = 13;

/** Row-major inputs of `nFeatures` columns and one label per row, as a Dataset. */
export function dataset(inputs: Float64Array, labels: Float64Array, nFeatures: number): Dataset {
  return { inputs: ndarray(inputs, [labels.length, nFeatures]), targets: ndarray(labels, [labels.length, 1]) };
}

/** The same rows in a Fisher–Yates order drawn from `random`; inputs and targets move together. */
export function shuffleRows({ inputs, targets }: Dataset, random: Random): Dataset {
  const n = targets.data.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const nFeatures = inputs.shape[1];
  const shuffledInputs = new Float64Array(inputs.data.length);
  const shuffledLabels = new Float64Array(n);
  order.forEach((from, to) => {
    shuffledInputs.set(inputs.data.subarray(from * nFeatures, (from + 1) * nFeatures), to * nFeatures);
    shuffledLabels[to] = targets.data[from];
  });
  return dataset(shuffledInputs, shuffledLabels, nFeatures);
}

/** Adds independent normal noise of standard deviation `scale` to every input value, in place. */
export function addNoise({ inputs }: Dataset, scale: number, random: Random): void {
  if (scale === 0) return;
  const values = inputs.data;
  for (let i = 0; i < values.length; i++) values[i] += scale * random.normal();
}

/** Labels of two classes built one after the other: `n0` zeros, then `n1` ones. */
export function twoClassLabels(n0: number, n1: number): Float64Array {
  return new Float64Array(n0 + n1).fill(1, n0);
}
