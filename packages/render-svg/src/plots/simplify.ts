/**
 * simplify-js (© 2017 Vladimir Agafonkin, BSD-2-Clause) for points held as two typed arrays:
 * `simplify(points, tolerance)` of the points first..end-1, radial distance then Douglas–Peucker,
 * as the indices of the points it keeps. simplify-js takes {x, y} objects and asks to be edited to
 * suit another point format ("run search/replace for '.x' and '.y'"); this is that edit, step for
 * step and operation for operation, so the same points are kept (test/simplify.test.ts holds it to
 * simplify-js). A grid line of 1000 points made 1000 objects per frame, which cost more than the
 * simplification itself.
 */
export function simplifiedIndices(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  first: number,
  end: number,
  tolerance: number,
): number[] {
  if (end - first <= 2) return Array.from({ length: end - first }, (_, k) => first + k);
  const squaredTolerance = tolerance * tolerance;
  const radial = radialDistance(xs, ys, first, end, squaredTolerance);
  const kept = [radial[0]];
  douglasPeuckerStep(xs, ys, radial, 0, radial.length - 1, squaredTolerance, kept);
  kept.push(radial[radial.length - 1]);
  return kept;
}

/** Each point kept only if it lies farther than the tolerance from the last one kept; the last point always. */
function radialDistance(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  first: number,
  end: number,
  squaredTolerance: number,
): number[] {
  let previous = first;
  const kept = [previous];
  for (let point = first + 1; point < end; point++) {
    const dx = xs[point] - xs[previous];
    const dy = ys[point] - ys[previous];
    if (dx * dx + dy * dy > squaredTolerance) {
      kept.push(point);
      previous = point;
    }
  }
  if (previous !== end - 1) kept.push(end - 1);
  return kept;
}

/** Keeps, between points[first] and points[last], the farthest point from their segment while it is beyond the tolerance. */
function douglasPeuckerStep(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  points: number[],
  first: number,
  last: number,
  squaredTolerance: number,
  kept: number[],
): void {
  let farthest = squaredTolerance;
  let index = 0;
  for (let k = first + 1; k < last; k++) {
    const distance = squaredSegmentDistance(xs, ys, points[k], points[first], points[last]);
    if (distance > farthest) {
      index = k;
      farthest = distance;
    }
  }
  if (farthest > squaredTolerance) {
    if (index - first > 1) douglasPeuckerStep(xs, ys, points, first, index, squaredTolerance, kept);
    kept.push(points[index]);
    if (last - index > 1) douglasPeuckerStep(xs, ys, points, index, last, squaredTolerance, kept);
  }
}

/** Squared distance from point p to the segment from a to b. */
function squaredSegmentDistance(xs: ArrayLike<number>, ys: ArrayLike<number>, p: number, a: number, b: number) {
  let x = xs[a];
  let y = ys[a];
  let dx = xs[b] - x;
  let dy = ys[b] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((xs[p] - x) * dx + (ys[p] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = xs[b];
      y = ys[b];
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = xs[p] - x;
  dy = ys[p] - y;
  return dx * dx + dy * dy;
}
