import { linspace } from "@deepreplay/frames";
import type { Dataset } from "./dataset.js";
import { twoArcs, type ArcsOptions } from "./arcs.js";
import { numberOption } from "@deepreplay/frames";

export interface CirclesOptions extends ArcsOptions {
  /** Radius of the inner circle over the outer one's, in [0, 1) (default 0.8). */
  factor?: number;
}

/**
 * scikit-learn's `make_circles`: an outer unit circle (class 0) around an inner circle of radius
 * `factor` (class 1), each with its points evenly spaced in angle.
 */
export function circles({ factor = 0.8, ...options }: CirclesOptions = {}): Dataset {
  const radius = numberOption("factor", factor, { min: 0, below: 1 });
  const circle = (r: number) => (count: number) => {
    const angles = linspace(0, 2 * Math.PI, count, false);
    return { x: angles.map((a) => r * Math.cos(a)), y: angles.map((a) => r * Math.sin(a)) };
  };
  return twoArcs(circle(1), circle(radius), options);
}
