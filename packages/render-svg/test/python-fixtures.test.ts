import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FeatureSpaceFrame, LossAndMetricFrame } from "@deepreplay/frames";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { classColor, renderSvg } from "../src/index.js";
import { frameRect, insideEvenOdd, panelsOf, parseSvg, pathRings, scaleOf, ticksOf } from "./support/svg.js";

const present = requirePythonFixtures();

/** The numpy values of Python deepreplay's parabola run (see the fixtures' README). */
interface Expected {
  loss_and_acc: { epochs: number[]; loss: number[]; acc: number[] };
  feature_space: { epochs: number[]; contour_points: number; bent_contour: number[][][][]; prediction: number[][][] };
}

describe.runIf(present)("drawn from Python deepreplay's numbers", () => {
  const expected = present ? (JSON.parse(readFileSync(fixturePath("expected.json"), "utf8")) as Expected) : undefined;

  it("fills the feature space's sampled contour by its predictions: every sample inside its own class's region", () => {
    const { feature_space: space } = expected!;
    const at = space.epochs.length - 1;
    const size = space.contour_points;
    const points = Float32Array.from(space.bent_contour[at].flat(2));
    const prediction = Int32Array.from(space.prediction[at].flat());
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let k = 0; k < points.length; k += 2) {
      [x0, x1] = [Math.min(x0, points[k]), Math.max(x1, points[k])];
      [y0, y1] = [Math.min(y0, points[k + 1]), Math.max(y1, points[k + 1])];
    }
    const frame: FeatureSpaceFrame = {
      kind: "feature-space",
      epoch: space.epochs[at],
      finite: true,
      xDomain: [x0, x1],
      yDomain: [y0, y1],
      classes: ["0", "1"],
      inputs: { points: new Float32Array(0), classes: new Int32Array(0) },
      contour: { points, size, prediction },
      regions: [],
    };
    const [panel] = panelsOf(parseSvg(renderSvg(frame)));
    const x = scaleOf(ticksOf(panel, "x"));
    const y = scaleOf(ticksOf(panel, "y"));
    const regions = Array.from(panel.querySelectorAll("g.region"));
    expect(regions.map((g) => g.getAttribute("fill"))).toEqual([classColor(0), classColor(1)]);
    const rings = regions.map((g) => pathRings(g.querySelector("path")!.getAttribute("d")!));
    // Samples whose neighbours all share their class lie clear of any edge the tracing may round.
    let checked = 0;
    for (let i = 1; i < size - 1; i++) {
      for (let j = 1; j < size - 1; j++) {
        const c = prediction[i * size + j];
        const neighbours = [-1, 0, 1].flatMap((di) => [-1, 0, 1].map((dj) => prediction[(i + di) * size + j + dj]));
        if (neighbours.some((n) => n !== c)) continue;
        const pixel: [number, number] = [x.apply(points[2 * (i * size + j)]), y.apply(points[2 * (i * size + j) + 1])];
        expect(insideEvenOdd(rings[c], pixel)).toBe(true);
        expect(insideEvenOdd(rings[1 - c], pixel)).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("draws the run's feature space, whose y span is 0.6 of its x span, in a square frame with one unit as long on x as on y", () => {
    const { feature_space: space } = expected!;
    // The original's fixed scale: the bent contour's extent over every epoch.
    const all = space.bent_contour.flat(3);
    const xs = all.filter((_, k) => k % 2 === 0);
    const ys = all.filter((_, k) => k % 2 === 1);
    const xDomain = [Math.min(...xs), Math.max(...xs)] as const;
    const yDomain = [Math.min(...ys), Math.max(...ys)] as const;
    expect((yDomain[1] - yDomain[0]) / (xDomain[1] - xDomain[0])).toBeLessThan(0.65);
    const frame: FeatureSpaceFrame = {
      kind: "feature-space",
      epoch: 19,
      finite: true,
      xDomain,
      yDomain,
      classes: ["0", "1"],
      inputs: { points: new Float32Array(0), classes: new Int32Array(0) },
      regions: [],
    };
    for (const [width, height] of [
      [600, 600],
      [900, 500],
      [400, 700],
    ]) {
      const [panel] = panelsOf(parseSvg(renderSvg(frame, { width, height })));
      const box = frameRect(panel);
      expect(Math.abs(box.width / box.height - 1), `${width} × ${height}`).toBeLessThan(0.05);
      const x = scaleOf(ticksOf(panel, "x"));
      const y = scaleOf(ticksOf(panel, "y"));
      const pixelsPerUnit = [x.apply(1) - x.apply(0), y.apply(0) - y.apply(1)];
      expect(pixelsPerUnit[1] / pixelsPerUnit[0], `${width} × ${height}`).toBeCloseTo(1, 2);
      // The whole extent is in view: the frame's edges lie at or beyond it.
      expect(x.invert(box.x)).toBeLessThanOrEqual(xDomain[0] + 1e-3);
      expect(x.invert(box.x + box.width)).toBeGreaterThanOrEqual(xDomain[1] - 1e-3);
      expect(y.invert(box.y + box.height)).toBeLessThanOrEqual(yDomain[0] + 1e-3);
      expect(y.invert(box.y)).toBeGreaterThanOrEqual(yDomain[1] - 1e-3);
    }
  });

  it("puts the run's loss and accuracy where their axes say", () => {
    const { epochs, loss, acc } = expected!.loss_and_acc;
    const frame: LossAndMetricFrame = {
      kind: "loss-and-metric",
      epoch: 20,
      finite: true,
      lossName: "binary_crossentropy",
      metricName: "acc",
      epochs: Int32Array.from(epochs),
      loss: Float32Array.from(loss),
      metric: Float32Array.from(acc),
    };
    const [panel] = panelsOf(parseSvg(renderSvg(frame)));
    const metricAxis = scaleOf(ticksOf(panel, "y", 0));
    const lossAxis = scaleOf(ticksOf(panel, "y", 1));
    const [metricLine] = pathRings(panel.querySelector("g.metric path")!.getAttribute("d")!);
    const [lossLine] = pathRings(panel.querySelector("g.loss path")!.getAttribute("d")!);
    expect(metricLine.map(([, py]) => metricAxis.invert(py))).toEqual(acc.map((a) => expect.closeTo(a, 2)));
    expect(lossLine.map(([, py]) => lossAxis.invert(py))).toEqual(loss.map((l) => expect.closeTo(l, 2)));
  });
});
