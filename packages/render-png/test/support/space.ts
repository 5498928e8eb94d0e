import { expect } from "vitest";
import type { FeatureSpaceFrame } from "@deepreplay/frames";
import { countColours, overWhite, type DecodedImage } from "../../../../tools/testing/images.js";

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

// The region colours render-svg draws (the original's brg map ends, at contourf's alpha 0.3), over white.
const BLUE_REGION = overWhite("#0000ff", 0.3);
const GREEN_REGION = overWhite("#008000", 0.3);

/** The share of the middle row's region pixels that are green (class 1, left of the split). */
export function greenShare(png: DecodedImage, x0 = 0, x1 = png.width, tolerance = 3): number {
  const [green, blue] = countColours(png, Math.floor(png.height / 2), x0, x1, [GREEN_REGION, BLUE_REGION], tolerance);
  expect(green + blue, "region pixels in the middle row").toBeGreaterThan(0.5 * (x1 - x0));
  return green / (green + blue);
}
