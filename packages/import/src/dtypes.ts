/**
 * Element types of the array formats read here (numpy, PyTorch storages, safetensors): how to read
 * one element as a number. Every reader converts through this one table.
 */
export interface ElementType {
  readonly size: number;
  /** The element at byte `at` of `view`, as a number. */
  read(view: DataView, at: number, littleEndian: boolean): number;
}

// 64-bit integers (labels, counters) become the nearest float64; exact up to 2^53.
const safeBig = (value: bigint): number => Number(value);

export const ELEMENT_TYPES = {
  float64: { size: 8, read: (v, at, le) => v.getFloat64(at, le) },
  float32: { size: 4, read: (v, at, le) => v.getFloat32(at, le) },
  float16: { size: 2, read: (v, at, le) => float16(v.getUint16(at, le)) },
  // bfloat16 is the top half of a float32.
  bfloat16: { size: 2, read: (v, at, le) => bfloat16(v.getUint16(at, le)) },
  int64: { size: 8, read: (v, at, le) => safeBig(v.getBigInt64(at, le)) },
  uint64: { size: 8, read: (v, at, le) => safeBig(v.getBigUint64(at, le)) },
  int32: { size: 4, read: (v, at, le) => v.getInt32(at, le) },
  uint32: { size: 4, read: (v, at, le) => v.getUint32(at, le) },
  int16: { size: 2, read: (v, at, le) => v.getInt16(at, le) },
  uint16: { size: 2, read: (v, at, le) => v.getUint16(at, le) },
  int8: { size: 1, read: (v, at) => v.getInt8(at) },
  uint8: { size: 1, read: (v, at) => v.getUint8(at) },
  bool: { size: 1, read: (v, at) => (v.getUint8(at) ? 1 : 0) },
} satisfies Record<string, ElementType>;

export type ElementTypeName = keyof typeof ELEMENT_TYPES;

function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

const bf16 = new DataView(new ArrayBuffer(4));
function bfloat16(bits: number): number {
  bf16.setUint32(0, bits << 16);
  return bf16.getFloat32(0);
}

/**
 * `count` elements starting at byte `offset` of `bytes`, laid out by `strides` (in elements) over
 * `shape`, gathered into a row-major array of `Out`. The caller has checked every index is in range.
 */
export function gather<Out extends Float32Array | Float64Array>(
  out: Out,
  bytes: Uint8Array,
  type: ElementType,
  littleEndian: boolean,
  shape: readonly number[],
  strides: readonly number[],
  offset = 0,
): Out {
  if (
    out instanceof Float32Array &&
    type === ELEMENT_TYPES.float32 &&
    littleEndian === LITTLE_ENDIAN_HOST &&
    isRowMajor(shape, strides)
  ) {
    // The common case (a contiguous float32 tensor): one copy of the bytes instead of a read per element.
    new Uint8Array(out.buffer, out.byteOffset, out.length * 4).set(
      bytes.subarray(offset * 4, (offset + out.length) * 4),
    );
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let at = offset;
  for (let i = 0; i < out.length; i++) {
    out[i] = type.read(view, at * type.size, littleEndian);
    // Odometer over the shape, last axis fastest.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]++;
      at += strides[axis];
      if (index[axis] < shape[axis]) break;
      at -= strides[axis] * shape[axis];
      index[axis] = 0;
    }
  }
  return out;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function isRowMajor(shape: readonly number[], strides: readonly number[]): boolean {
  const expected = rowMajorStrides(shape);
  return shape.every((n, axis) => n === 1 || strides[axis] === expected[axis]);
}

/** Product of a shape, or undefined when it is not a safe integer (a forged header). */
export function sizeOf(shape: readonly number[]): number | undefined {
  let size = 1;
  for (const n of shape) {
    if (!Number.isSafeInteger(n) || n < 0) return undefined;
    size *= n;
    if (!Number.isSafeInteger(size)) return undefined;
  }
  return size;
}

/** Row-major strides (in elements) of a shape. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return strides;
}
