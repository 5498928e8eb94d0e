import type { NdArray } from "@deepreplay/frames";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * The Part 1 model (Dense(2, sigmoid), Dense(1, sigmoid)) worked out by hand for one input:
 * the probability of the positive class and the binary cross-entropy with the original's clip.
 * Independent of core, which the app runs in its worker.
 */
export function part1Forward(
  weights: NdArray[][],
  input: readonly number[],
  target: number,
): { probability: number; loss: number } {
  const [[kernel1, bias1], [kernel2, bias2]] = weights;
  const hidden = [0, 1].map((j) =>
    sigmoid(input[0] * kernel1.data[j] + input[1] * kernel1.data[2 + j] + bias1.data[j]),
  );
  const probability = sigmoid(hidden[0] * kernel2.data[0] + hidden[1] * kernel2.data[1] + bias2.data[0]);
  const p = Math.min(Math.max(probability, 1e-7), 1 - 1e-7);
  return { probability, loss: -(target * Math.log(p) + (1 - target) * Math.log(1 - p)) };
}

/** numpy's default quantile (linear between closest ranks) of sorted values. */
export function quantile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
}

/** The numbers in one line of the app's readout, e.g. "input: (0.25, -0.5)" → [0.25, -0.5]. */
export function numbersIn(line: string): number[] {
  return (line.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number);
}
