import * as tf from "@tensorflow/tfjs-core";
import { ndarray, type NdArray } from "@deepreplay/frames";

/**
 * Runs `compute` in a tidy scope and downloads each tensor it returns, then frees them: no tensor
 * outlives the call. Clones (which share data) let `compute` return tensors it did not create, such
 * as an epoch's weights, without freeing those. (Typed arrays never pass through tf.tidy, which would
 * walk them element by element.)
 */
export function readArrays(compute: () => tf.Tensor[]): NdArray[] {
  const tensors = tf.tidy(() => compute().map((t) => tf.clone(t)));
  try {
    return tensors.map((t) => ndarray(t.dataSync() as Float32Array, t.shape));
  } finally {
    tf.dispose(tensors);
  }
}

/** `readArrays` for named results, as flat Float32Arrays. */
export function read<K extends string>(compute: () => Record<K, tf.Tensor>): Record<K, Float32Array> {
  let keys: K[] = [];
  const arrays = readArrays(() => {
    const results = compute();
    keys = Object.keys(results) as K[];
    return keys.map((key) => results[key]);
  });
  return Object.fromEntries(keys.map((key, i) => [key, arrays[i].data])) as Record<K, Float32Array>;
}

/** The values as a Float32Array (tfjs takes no Float64Array); the same array when it already is one. */
export function float32(data: Float32Array | Float64Array): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/** A float32 tensor of flat points (or rows) with `width` columns. */
export function rows(data: Float32Array | Float64Array, width: number): tf.Tensor2D {
  return tf.tensor2d(float32(data), [data.length / width, width], "float32");
}
