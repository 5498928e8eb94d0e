/** Small numerics every package needs alike, written once. */
import type { Extent } from "./frame.js";

/** numpy.linspace: `num` values start + i · step, the last exactly `stop` (with `endpoint`, as numpy's default). */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const values = new Float64Array(num);
  const divisions = endpoint ? num - 1 : num;
  const step = divisions > 0 ? (stop - start) / divisions : 0;
  for (let i = 0; i < num; i++) values[i] = start + i * step;
  if (endpoint && num > 1) values[num - 1] = stop;
  return values;
}

/** [min, max] over the finite values (every `stride`-th from `offset`), or undefined if there are none. */
export function finiteExtent(values: ArrayLike<number>, stride = 1, offset = 0): Extent | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = offset; i < values.length; i += stride) {
    const v = values[i];
    // v - v is NaN for NaN and ±Infinity.
    if (v - v !== 0) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : undefined;
}

/** The least extent holding both (either may be absent). */
export function unionExtent(a: Extent | undefined, b: Extent | undefined): Extent | undefined {
  if (!a || !b) return a ?? b;
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Population standard deviation (numpy's default). */
export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - m) ** 2;
  return Math.sqrt(squares / values.length);
}
