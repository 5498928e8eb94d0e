import { contours } from "d3-contour";
import type { DecisionRegion, SampledContour } from "@deepreplay/frames";

/**
 * Decision regions traced from the original's sampled contour, for frames that carry no exact
 * regions: marching squares (d3-contour) on each class's 0/1 indicator over the sample indices,
 * then every vertex carried into the (bent) space by bilinear interpolation of the sampled points.
 * Region edges therefore follow the bent grid just as the original's contourf does.
 */
export function contourRegions(contour: SampledContour, classCount: number): DecisionRegion[] {
  const { size, prediction } = contour;
  if (size < 2) return [];
  const trace = contours().size([size, size]);
  const regions: DecisionRegion[] = [];
  for (let classIndex = 0; classIndex < classCount; classIndex++) {
    const indicator = Array.from(prediction, (p) => (p === classIndex ? 1 : 0));
    if (!indicator.includes(1)) continue;
    const { coordinates } = trace.contour(indicator, 0.5);
    const polygons = coordinates.map((rings) => rings.map((ring) => bendRing(contour, ring)));
    regions.push({ classIndex, polygons });
  }
  return regions;
}

/**
 * d3-contour puts sample (a, b) at (a + 0.5, b + 0.5), a being the fast index of the flat
 * arrays; a region reaching the border is traced half a cell out, clamped back to the samples.
 */
function bendRing(contour: SampledContour, ring: number[][]): Float32Array {
  const out = new Float32Array(ring.length * 2);
  ring.forEach(([ga, gb], i) => {
    const [x, y] = bilinear(contour, ga - 0.5, gb - 0.5);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}

function bilinear({ points, size }: SampledContour, a: number, b: number): [number, number] {
  const u = Math.min(Math.max(a, 0), size - 1);
  const v = Math.min(Math.max(b, 0), size - 1);
  const a0 = Math.min(Math.floor(u), size - 2);
  const b0 = Math.min(Math.floor(v), size - 2);
  const fu = u - a0;
  const fv = v - b0;
  const at = (da: number, db: number, axis: number) => points[((b0 + db) * size + a0 + da) * 2 + axis];
  const mix = (axis: number) =>
    (1 - fv) * ((1 - fu) * at(0, 0, axis) + fu * at(1, 0, axis)) +
    fv * ((1 - fu) * at(0, 1, axis) + fu * at(1, 1, axis));
  return [mix(0), mix(1)];
}
