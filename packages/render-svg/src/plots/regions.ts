import * as Plot from "@observablehq/plot";
import type { DecisionRegion } from "@deepreplay/frames";
import { classColor, REGION_OPACITY } from "./theme.js";

type Position = [number, number];

/** A decision region as GeoJSON, which Plot's geo mark draws through the x and y scales when there is no projection. */
interface RegionFeature {
  readonly type: "Feature";
  readonly properties: { readonly classIndex: number };
  readonly geometry: { readonly type: "MultiPolygon"; readonly coordinates: Position[][][] };
}

/**
 * One translucent vector path per region, filled even-odd so that holes stay open. Rings with a
 * NaN or infinite vertex are left out (a diverged frame); a polygon whose outline is left out goes too.
 */
export function regionMarks(regions: readonly DecisionRegion[]): Plot.Markish[] {
  return regions.map((region) =>
    Plot.geo([regionFeature(region)], {
      fill: classColor(region.classIndex),
      fillOpacity: REGION_OPACITY,
      stroke: "none",
      clip: "frame",
      className: "region",
      render: evenOdd,
    }),
  );
}

function regionFeature(region: DecisionRegion): RegionFeature {
  const coordinates: Position[][][] = [];
  for (const rings of region.polygons) {
    const [outline, ...holes] = rings.map(closedRing);
    if (!outline) continue;
    coordinates.push([outline, ...holes.filter((hole): hole is Position[] => hole !== undefined)]);
  }
  return {
    type: "Feature",
    properties: { classIndex: region.classIndex },
    geometry: { type: "MultiPolygon", coordinates },
  };
}

/** A flat xy ring as GeoJSON positions, closed (d3-geo drops a ring's last position as the repeat of its first). */
function closedRing(flat: Float32Array): Position[] | undefined {
  const ring: Position[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    if (!Number.isFinite(flat[i]) || !Number.isFinite(flat[i + 1])) return undefined;
    ring.push([flat[i], flat[i + 1]]);
  }
  if (ring.length < 3) return undefined;
  const [x0, y0] = ring[0];
  const [xn, yn] = ring[ring.length - 1];
  if (x0 !== xn || y0 !== yn) ring.push([x0, y0]);
  return ring;
}

/** Plot has no fill-rule option; set it on the mark's group, which its paths inherit. */
const evenOdd: Plot.RenderFunction = (index, scales, values, dimensions, context, next) => {
  const group = next!(index, scales, values, dimensions, context);
  group?.setAttribute("fill-rule", "evenodd");
  return group;
};
