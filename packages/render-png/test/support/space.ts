import type { FeatureSpaceFrame } from "@deepreplay/frames";

/**
 * A feature-space frame on the unit square whose decision regions split it at x = `split`:
 * class 1 on the left, class 0 on the right. A few inputs sit in the corners, away from the middle row.
 */
export function splitSpace(epoch: number, split: number): FeatureSpaceFrame {
  const rect = (x0: number, x1: number) => [Float32Array.of(x0, 0, x1, 0, x1, 1, x0, 1)];
  return {
    kind: "feature-space",
    epoch,
    finite: true,
    layer: "hidden",
    xDomain: [0, 1],
    yDomain: [0, 1],
    classes: ["negative", "positive"],
    inputs: { points: Float32Array.of(0.05, 0.05, 0.95, 0.95), classes: Int32Array.of(0, 1) },
    regions: [
      { classIndex: 0, polygons: [rect(split, 1)] },
      { classIndex: 1, polygons: [rect(0, split)] },
    ],
  };
}
