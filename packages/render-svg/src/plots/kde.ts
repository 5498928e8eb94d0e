import { deviation } from "d3-array";
import { linspace } from "./histogram.js";

export interface Density {
  /** Where the density is evaluated: evenly over [min, max] of the data (seaborn's cut=0). */
  readonly at: Float64Array;
  readonly density: Float64Array;
}

/**
 * Gaussian kernel density estimate with Scott's bandwidth, h = σ n^(-1/5) (σ the sample standard
 * deviation): scipy's gaussian_kde as seaborn's violinplot uses it. Undefined when the values
 * have no spread (fewer than two, or all equal), where a density does not exist.
 */
export function gaussianKde(values: ArrayLike<number> & Iterable<number>, points = 100): Density | undefined {
  const n = values.length;
  const sigma = n > 1 ? deviation(values) : undefined;
  if (!sigma) return undefined;
  const h = sigma * n ** -0.2;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) (min = Math.min(min, values[i])), (max = Math.max(max, values[i]));
  const at = linspace(min, max, points);
  const norm = 1 / (n * h * Math.sqrt(2 * Math.PI));
  const density = at.map((x) => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = (x - values[i]) / h;
      sum += Math.exp(-0.5 * u * u);
    }
    return sum * norm;
  });
  return { at, density };
}
