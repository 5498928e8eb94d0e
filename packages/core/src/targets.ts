import type { NdArray } from "@deepreplay/frames";

/** Width of the last axis (1 for a column of labels). */
function lastAxis(array: NdArray): number {
  return array.shape.length > 1 ? array.shape[array.shape.length - 1] : 1;
}

/** Class index per row: argmax of one-hot rows, otherwise the label rounded (0/1 or integer classes). */
export function classIndices(targets: NdArray): Int32Array {
  const width = lastAxis(targets);
  const rows = targets.data.length / width;
  const classes = new Int32Array(rows);
  if (width === 1) {
    for (let i = 0; i < rows; i++) classes[i] = Math.round(targets.data[i]);
    return classes;
  }
  return argmaxRows(targets.data, width);
}

/** Predicted class per row of model outputs: p > threshold for one sigmoid unit, argmax for several. */
export function predictedClasses(outputs: Float32Array, units: number, threshold = 0.5): Int32Array {
  return units > 1 ? argmaxRows(outputs, units) : aboveThreshold(outputs, threshold);
}

/**
 * 1 where the output is above the threshold. A decision map is long runs of one class: the zeros
 * are left as allocated and each run of ones is written by one fill(), not a store per point.
 */
function aboveThreshold(outputs: Float32Array, threshold: number): Int32Array {
  const n = outputs.length;
  const classes = new Int32Array(n);
  let end = 0;
  while (end < n) {
    while (end < n && !(outputs[end] > threshold)) end++;
    const start = end;
    while (end < n && outputs[end] > threshold) end++;
    classes.fill(1, start, end);
  }
  return classes;
}

/** Index of the first largest value of each row (Keras' argmax). */
export function argmaxRows(values: ArrayLike<number>, width: number): Int32Array {
  const rows = values.length / width;
  const classes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let k = 1; k < width; k++) if (values[i * width + k] > values[i * width + best]) best = k;
    classes[i] = best;
  }
  return classes;
}

/** Number of classes a model with `units` output units separates (one sigmoid unit: two). */
export function classCount(units: number, targets: Int32Array): number {
  let max = 0;
  for (const c of targets) if (c > max) max = c;
  return Math.max(units === 1 ? 2 : units, max + 1);
}

/** Row order that puts the classes one after another, stable inside each class (the original's argsort). */
export function orderByClass(classes: Int32Array): Int32Array {
  const order = Int32Array.from(classes.keys());
  return order.sort((a, b) => classes[a] - classes[b] || a - b);
}

/** Rows of a row-major array in the given order. */
export function takeRows<T extends Float32Array | Float64Array | Int32Array>(
  data: T,
  width: number,
  order: Int32Array,
): T {
  const out = new (data.constructor as new (n: number) => T)(order.length * width);
  order.forEach((row, i) => out.set(data.subarray(row * width, (row + 1) * width), i * width));
  return out;
}
