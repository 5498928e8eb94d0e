/** Every `stride`-th value from `offset`: one coordinate of flat xy points, as a Plot channel. */
export function column(values: ArrayLike<number>, stride: number, offset: number): Float64Array {
  const out = new Float64Array(Math.floor((values.length - offset + stride - 1) / stride));
  for (let i = 0; i < out.length; i++) out[i] = values[offset + i * stride];
  return out;
}
