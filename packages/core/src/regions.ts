import { contours, type Contours } from "d3-contour";
import { linspace, type DecisionRegion, type Extent } from "@deepreplay/frames";

/** A size × size grid over xlim × ylim in d3-contour's order: rows of constant y, x running fastest. */
export function regionGrid(xlim: Extent, ylim: Extent, size: number): Float32Array {
  const [xs, ys] = [linspace(xlim[0], xlim[1], size), linspace(ylim[0], ylim[1], size)];
  const points = new Float32Array(2 * size * size);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) points.set([xs[col], ys[row]], 2 * (row * size + col));
  }
  return points;
}

/**
 * How far each grid point's class wins: its score minus the best other score (one sigmoid unit
 * scores [1 - p, p]). Positive where the class is predicted; the boundary is the level 0.
 */
function classMargins(outputs: Float32Array, units: number, classIndex: number): Float64Array {
  const count = outputs.length / units;
  const margins = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (units === 1) {
      margins[i] = (classIndex === 1 ? 1 : -1) * (2 * outputs[i] - 1);
      continue;
    }
    let other = -Infinity;
    for (let k = 0; k < units; k++) if (k !== classIndex) other = Math.max(other, outputs[i * units + k]);
    margins[i] = outputs[i * units + classIndex] - other;
  }
  return margins;
}

/**
 * The last tracer, kept for the next frame: d3-contour's functions are closures of their tracer, and
 * with a new tracer per frame V8 would optimise them anew every frame.
 */
let kept: { size: number; tracer: Contours } | undefined;

function tracer(size: number): Contours {
  if (kept?.size !== size) kept = { size, tracer: contours().size([size, size]) };
  return kept.tracer;
}

/** d3-contour puts value i at i + 0.5 and closes rings half a cell outside the grid: clamps them back onto it. */
function toSpace(c: number, [min, max]: Extent, size: number): number {
  return min + ((Math.min(Math.max(c, 0.5), size - 0.5) - 0.5) * (max - min)) / (size - 1);
}

/** A ring of grid coordinates as flat xy in space (a loop, not a closure per ring, for the same reason). */
function ringToSpace(ring: number[][], xlim: Extent, ylim: Extent, size: number): Float32Array {
  const flat = new Float32Array(2 * ring.length);
  for (let i = 0; i < ring.length; i++) {
    flat[2 * i] = toSpace(ring[i][0], xlim, size);
    flat[2 * i + 1] = toSpace(ring[i][1], ylim, size);
  }
  return flat;
}

/**
 * The exact decision region of each class on a regular grid (marching squares at level 0 of the
 * class margin, linearly interpolated), as polygons in the grid's own coordinates.
 * `outputs` are the model outputs at `regionGrid(xlim, ylim, size)`.
 */
export function traceRegions(
  outputs: Float32Array,
  units: number,
  classes: number,
  size: number,
  xlim: Extent,
  ylim: Extent,
): DecisionRegion[] {
  return Array.from({ length: classes }, (_, classIndex) => {
    const { coordinates } = tracer(size).contour(classMargins(outputs, units, classIndex) as unknown as number[], 0);
    const polygons = coordinates.map((polygon) => polygon.map((ring) => ringToSpace(ring, xlim, ylim, size)));
    return { classIndex, polygons };
  });
}

/** The same regions with every vertex moved by `map` (flat xy in, flat xy out), in one call. */
export function mapRegions(
  regions: readonly DecisionRegion[],
  map: (points: Float32Array) => Float32Array,
): DecisionRegion[] {
  const rings = regions.flatMap((region) => region.polygons.flat());
  const all = new Float32Array(rings.reduce((n, ring) => n + ring.length, 0));
  rings.reduce((offset, ring) => (all.set(ring, offset), offset + ring.length), 0);
  const moved = all.length ? map(all) : all;
  let offset = 0;
  const take = (ring: Float32Array): Float32Array => moved.slice(offset, (offset += ring.length));
  return regions.map(({ classIndex, polygons }) => ({
    classIndex,
    polygons: polygons.map((polygon) => polygon.map(take)),
  }));
}
