import { toNested, type NdArray } from "@deepreplay/frames";

function isNdArray(value: unknown): value is NdArray {
  return (
    typeof value === "object" &&
    value !== null &&
    ArrayBuffer.isView((value as NdArray).data) &&
    Array.isArray((value as NdArray).shape)
  );
}

/**
 * Materialised data with every NdArray and typed array turned into nested plain arrays, ready for
 * JSON.stringify (the CLI prints the original's arrays this way).
 */
export function toPlain(value: unknown): unknown {
  if (isNdArray(value)) return toNested(value.data, value.shape);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}
