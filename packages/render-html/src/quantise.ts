/**
 * 16-bit quantisation of float arrays, per channel (x and y of flat points are channels 0 and 1),
 * with NaN and ±Infinity kept exactly. Pure and environment-neutral: the Node encoder and the
 * page's decoder share it.
 */
import { MAX_CODE, NAN_CODE, NEG_INF_CODE, POS_INF_CODE } from "./format.js";

export interface Quantised {
  readonly codes: Uint16Array;
  readonly min: number[];
  readonly step: number[];
}

export function quantise(values: ArrayLike<number>, stride: number): Quantised {
  const min: number[] = [];
  const step: number[] = [];
  for (let c = 0; c < stride; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = c; i < values.length; i += stride) {
      const v = values[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    min.push(lo <= hi ? lo : 0);
    step.push(lo < hi ? (hi - lo) / MAX_CODE : 0);
  }
  const codes = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = codeOf(values[i], min[i % stride], step[i % stride]);
  return { codes, min, step };
}

export function dequantise<T extends Float32Array | Float64Array>(
  codes: Uint16Array,
  stride: number,
  min: readonly number[],
  step: readonly number[],
  out: T,
): T {
  for (let i = 0; i < codes.length; i++) out[i] = valueOfCode(codes[i], min[i % stride], step[i % stride]);
  return out;
}

function codeOf(value: number, min: number, step: number): number {
  if (Number.isNaN(value)) return NAN_CODE;
  if (value === Infinity) return POS_INF_CODE;
  if (value === -Infinity) return NEG_INF_CODE;
  return step === 0 ? 0 : Math.min(MAX_CODE, Math.max(0, Math.round((value - min) / step)));
}

function valueOfCode(code: number, min: number, step: number): number {
  if (code === NAN_CODE) return NaN;
  if (code === POS_INF_CODE) return Infinity;
  if (code === NEG_INF_CODE) return -Infinity;
  return min + code * step;
}
