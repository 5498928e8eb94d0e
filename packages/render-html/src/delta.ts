/**
 * Delta coding of 16-bit codes along each channel, modulo 2^16 so it is exactly reversible.
 * Once (order 1) turns slowly drifting values into small numbers; twice (order 2) turns smooth
 * curves such as bent grid lines into near-zeros, which gzip packs several times tighter.
 */

export type DeltaOrder = 1 | 2;

export function deltaEncode(codes: Uint16Array, stride: number, order: DeltaOrder): Uint16Array {
  const out = codes.slice();
  for (let pass = 0; pass < order; pass++) {
    for (let i = out.length - 1; i >= stride; i--) out[i] = (out[i] - out[i - stride]) & 0xffff;
  }
  return out;
}

export function deltaDecode(deltas: Uint16Array, stride: number, order: DeltaOrder): Uint16Array {
  const out = deltas.slice();
  for (let pass = 0; pass < order; pass++) {
    for (let i = stride; i < out.length; i++) out[i] = (out[i] + out[i - stride]) & 0xffff;
  }
  return out;
}

/** The order whose deltas are smaller in total: 2 for smooth lines, 1 for scattered values. */
export function bestDeltaOrder(codes: Uint16Array, stride: number): DeltaOrder {
  const cost = (order: DeltaOrder) =>
    deltaEncode(codes, stride, order).reduce((sum, d) => sum + Math.abs((d << 16) >> 16), 0);
  return cost(2) < cost(1) ? 2 : 1;
}
