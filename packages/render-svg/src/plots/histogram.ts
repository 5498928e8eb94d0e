import * as Plot from "@observablehq/plot";
import { bisectRight } from "d3-array";

/**
 * numpy's histogram counts: bin k holds edges[k] <= v < edges[k + 1], the last bin also its right
 * edge; values outside the edges and NaN are not counted. `keep` selects the values by index.
 */
export function binCounts(
  values: ArrayLike<number>,
  edges: ArrayLike<number>,
  keep: (index: number) => boolean = () => true,
): Int32Array {
  const bins = edges.length - 1;
  const counts = new Int32Array(Math.max(bins, 0));
  if (bins < 1) return counts;
  const last = edges[bins];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= edges[0] && v <= last) || !keep(i)) continue;
    counts[v === last ? bins - 1 : bisectRight(edges, v) - 1]++;
  }
  return counts;
}

/** A bar per non-empty bin, from 0 up to its count (matplotlib's hist, drawn from counts). */
export function histogramBars(
  edges: ArrayLike<number>,
  counts: Int32Array,
  style: { readonly fill: string; readonly fillOpacity: number; readonly className: string },
): Plot.Markish {
  const bins = Array.from(counts.keys()).filter((k) => counts[k] > 0);
  return Plot.rectY(bins, {
    x1: (k: number) => edges[k],
    x2: (k: number) => edges[k + 1],
    y: (k: number) => counts[k],
    ...style,
  });
}
