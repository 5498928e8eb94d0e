import type { Extent } from "@deepreplay/frames";

/** [min, max] over the finite values (every `stride`-th from `offset`), or undefined if there are none. */
export function finiteExtent(values: ArrayLike<number>, stride = 1, offset = 0): Extent | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = offset; i < values.length; i += stride) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : undefined;
}

/**
 * A domain Plot can draw: the first candidate that is finite, widened by half a unit each side
 * when it is a single value; [-1, 1] when no candidate is usable (a diverged frame).
 */
export function drawableDomain(...candidates: (Extent | undefined)[]): Extent {
  for (const domain of candidates) {
    if (!domain || !Number.isFinite(domain[0]) || !Number.isFinite(domain[1])) continue;
    const [lo, hi] = domain[0] <= domain[1] ? domain : [domain[1], domain[0]];
    return lo < hi ? [lo, hi] : [lo - 0.5, hi + 0.5];
  }
  return [-1, 1];
}

/** The largest finite value, or undefined. */
export function finiteMax(values: ArrayLike<number>): number | undefined {
  return finiteExtent(values)?.[1];
}
