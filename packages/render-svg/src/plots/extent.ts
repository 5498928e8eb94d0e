import { finiteExtent, type Extent } from "@deepreplay/frames";

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
