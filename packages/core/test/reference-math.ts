/**
 * Independent float64 reference math for the projection and landscape tests: a numpy-style dense
 * forward pass, covariance, power iteration with deflation, and Keras' cross-entropies. Nothing here
 * calls the code under test.
 */
import type { LayerSpec, NdArray } from "@deepreplay/frames";

type Row = number[];

const ACTIVATIONS: Record<string, (z: Row) => Row> = {
  linear: (z) => z,
  sigmoid: (z) => z.map((v) => 1 / (1 + Math.exp(-v))),
  tanh: (z) => z.map(Math.tanh),
  relu: (z) => z.map((v) => Math.max(v, 0)),
  softmax: (z) => {
    const top = Math.max(...z);
    const e = z.map((v) => Math.exp(v - top));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  },
};

/** The outputs of layers 0..to for one input row: Dense layers only, weights as recorded. */
export function forwardRow(
  layers: readonly LayerSpec[],
  weights: readonly (readonly NdArray[])[],
  x: Row,
  to = layers.length - 1,
): Row {
  let h = x;
  for (let l = 0; l <= to; l++) {
    const spec = layers[l];
    if (spec.kind !== "Dense") continue;
    const [kernel, bias] = weights[l];
    const units = spec.units;
    const z = Array.from({ length: units }, (_, j) =>
      h.reduce((sum, v, i) => sum + v * kernel.data[i * units + j], bias ? bias.data[j] : 0),
    );
    h = ACTIVATIONS[spec.activation](z);
  }
  return h;
}

/** Keras' cross-entropy of one output row against its target row (binary: mean over units). */
export function crossEntropy(kind: "binary" | "categorical", output: Row, target: Row): number {
  const clip = (p: number) => Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  if (kind === "binary")
    return (
      -output.reduce((sum, p, i) => sum + target[i] * Math.log(clip(p)) + (1 - target[i]) * Math.log(1 - clip(p)), 0) /
      output.length
    );
  const total = output.reduce((a, b) => a + b, 0);
  return -output.reduce((sum, p, i) => sum + target[i] * Math.log(clip(p / total)), 0);
}

export function meanOf(rows: readonly Row[]): Row {
  return rows[0].map((_, j) => rows.reduce((sum, r) => sum + r[j], 0) / rows.length);
}

/** Covariance (scatter / count) of rows about their mean. */
export function covariance(rows: readonly Row[]): number[][] {
  const mu = meanOf(rows);
  const n = mu.length;
  const c = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const r of rows)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i][j] += ((r[i] - mu[i]) * (r[j] - mu[j])) / rows.length;
  return c;
}

export function matVec(m: readonly Row[], v: Row): Row {
  return m.map((row) => row.reduce((sum, x, j) => sum + x * v[j], 0));
}

export const dot = (a: Row, b: Row): number => a.reduce((sum, x, i) => sum + x * b[i], 0);
const normalise = (v: Row): Row => {
  const norm = Math.sqrt(dot(v, v));
  return v.map((x) => x / norm);
};

/** The k leading eigenpairs of a symmetric positive semi-definite matrix by power iteration with deflation. */
export function powerEigen(matrix: readonly Row[], k: number, iterations = 5000): { values: number[]; vectors: Row[] } {
  let m = matrix.map((row) => [...row]);
  const values: number[] = [];
  const vectors: Row[] = [];
  for (let c = 0; c < k; c++) {
    let v = normalise(m.map((_, i) => 1 + i * 0.37));
    for (let it = 0; it < iterations; it++) v = normalise(matVec(m, v));
    const value = dot(v, matVec(m, v));
    values.push(value);
    vectors.push(v);
    m = m.map((row, i) => row.map((x, j) => x - value * v[i] * v[j]));
  }
  return { values, vectors };
}

/** The stated sign convention: the largest-magnitude entry positive. */
export function signed(v: Row): Row {
  const largest = v.reduce((best, x, i) => (Math.abs(x) > Math.abs(v[best]) ? i : best), 0);
  return v[largest] < 0 ? v.map((x) => -x) : v;
}

export function trace(m: readonly Row[]): number {
  return m.reduce((sum, row, i) => sum + row[i], 0);
}

/** Rows of a flat row-major array. */
export function rowsOf(data: ArrayLike<number>, width: number): Row[] {
  return Array.from({ length: data.length / width }, (_, i) =>
    Array.from({ length: width }, (_, j) => data[i * width + j]),
  );
}
