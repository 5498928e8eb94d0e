import { linspace } from "@deepreplay/frames";
import type { Dataset } from "./dataset.js";
import { twoArcs, type ArcsOptions } from "./arcs.js";

export type MoonsOptions = ArcsOptions;

/**
 * scikit-learn's `make_moons`: two interleaving half circles of radius 1, the upper one centred on
 * (0, 0) (class 0), the lower one centred on (1, 0.5) (class 1), each evenly spaced in angle from 0 to π.
 */
export function moons(options: MoonsOptions = {}): Dataset {
  const upper = (count: number) => {
    const angles = linspace(0, Math.PI, count);
    return { x: angles.map(Math.cos), y: angles.map(Math.sin) };
  };
  const lower = (count: number) => {
    const angles = linspace(0, Math.PI, count);
    return { x: angles.map((a) => 1 - Math.cos(a)), y: angles.map((a) => 1 - Math.sin(a) - 0.5) };
  };
  return twoArcs(upper, lower, options);
}
