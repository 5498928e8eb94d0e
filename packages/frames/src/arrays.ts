/** A dense row-major array with its shape: how weights, inputs and targets travel between packages. */
export interface NdArray {
  readonly data: Float32Array | Float64Array;
  readonly shape: readonly number[];
}

export function ndarray(data: Float32Array | Float64Array, shape: readonly number[]): NdArray {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) {
    throw new RangeError(`shape [${shape.join(", ")}] holds ${size} values, the data has ${data.length}`);
  }
  return { data, shape: [...shape] };
}

export function isAllFinite(values: ArrayLike<number>): boolean {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    // v - v is NaN for NaN and ±Infinity; cheaper than Number.isFinite on arrays of mixed kinds.
    if (v - v !== 0) return false;
  }
  return true;
}

/** Nested plain arrays of a row-major buffer, for JSON export and tests. */
export function toNested(data: ArrayLike<number>, shape: readonly number[]): unknown {
  if (shape.length === 0) return data[0];
  const build = (offset: number, axis: number): unknown => {
    const n = shape[axis];
    if (axis === shape.length - 1) return Array.from({ length: n }, (_, i) => data[offset + i]);
    const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: n }, (_, i) => build(offset + i * stride, axis + 1));
  };
  return build(0, 0);
}
