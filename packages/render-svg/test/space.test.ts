import { describe, expect, it } from "vitest";
import { classColor, renderSvg } from "../src/index.js";
import { contour, decisionBoundary, featureSpace, gridLines, inputs } from "./support/frames.js";
import {
  discCentres,
  distanceToPolyline,
  frameRect,
  headingOf,
  insideEvenOdd,
  panelsOf,
  parseSvg,
  pathRings,
  scaleOf,
  ticksOf,
} from "./support/svg.js";

function draw(...args: Parameters<typeof renderSvg>) {
  const root = parseSvg(renderSvg(...args));
  const [panel] = panelsOf(root);
  const x = scaleOf(ticksOf(panel, "x"));
  const y = scaleOf(ticksOf(panel, "y"));
  return { root, panel, x, y };
}

describe("feature space and decision boundary", () => {
  it("draws one dot per input, coloured by class, where the input is", () => {
    const frame = featureSpace();
    const { panel, x, y } = draw(frame);
    for (const classIndex of [0, 1]) {
      const group = panel.querySelector(`g.inputs[fill="${classColor(classIndex)}"]`)!;
      const expected = Array.from(frame.inputs.classes.keys()).filter((i) => frame.inputs.classes[i] === classIndex);
      const centres = discCentres(group);
      expect(centres).toHaveLength(expected.length);
      centres.forEach(([cx, cy], k) => {
        const i = expected[k];
        expect(cx).toBeCloseTo(x.apply(frame.inputs.points[2 * i]), 1);
        expect(cy).toBeCloseTo(y.apply(frame.inputs.points[2 * i + 1]), 1);
      });
    }
    expect(classColor(0)).not.toBe(classColor(1));
  });

  it("draws every grid line as a thin black polyline of its points", () => {
    const frame = featureSpace({ grid: gridLines(11, 40, (a, b) => [a + 0.1 * Math.sin(3 * b), b]) });
    const { panel, x, y } = draw(frame);
    const group = panel.querySelector("g.grid")!;
    expect(group.getAttribute("stroke")).toBe("black");
    expect(group.getAttribute("stroke-width")).toBe("0.5");
    const paths = Array.from(group.querySelectorAll("path"));
    expect(paths).toHaveLength(22);
    paths.forEach((path, line) => {
      const [drawn] = pathRings(path.getAttribute("d")!);
      const points = Array.from({ length: 40 }, (_, k): [number, number] => {
        const at = 2 * (line * 40 + k);
        return [x.apply(frame.grid!.points[at]), y.apply(frame.grid!.points[at + 1])];
      });
      // Simplified: fewer points for the bent lines, the ends kept, no point of the line over a quarter pixel off.
      expect(drawn.length).toBeLessThanOrEqual(40);
      for (const end of [0, 39]) expect(distanceToPolyline(points[end], drawn)).toBeLessThan(0.01);
      for (const point of points) expect(distanceToPolyline(point, drawn)).toBeLessThan(0.25 + 0.01);
    });
    const [bent] = pathRings(paths[0].getAttribute("d")!);
    expect(bent.length).toBeLessThan(40);
  });

  it("clips regions, grid and inputs to the plot area under one shared clip", () => {
    const { root, panel } = draw(featureSpace());
    const clipped = Array.from(panel.querySelectorAll("[clip-path]"));
    expect(clipped).toHaveLength(1);
    for (const selector of ["g.region", "g.grid", "g.inputs"])
      expect(clipped[0].querySelectorAll(selector).length).toBeGreaterThan(0);
    const id = /^url\(#(.+)\)$/.exec(clipped[0].getAttribute("clip-path")!)![1];
    const rect = root.querySelector(`clipPath[id="${id}"] rect`)!;
    const frame = frameRect(panel);
    expect(["x", "y", "width", "height"].map((name) => Number(rect.getAttribute(name)))).toEqual([
      frame.x,
      frame.y,
      frame.width,
      frame.height,
    ]);
  });

  it("fills the exact decision regions even-odd, translucent, one colour per class, holes kept", () => {
    const { panel, x, y } = draw(featureSpace());
    const regions = Array.from(panel.querySelectorAll("g.region"));
    expect(regions).toHaveLength(2);
    regions.forEach((group, classIndex) => {
      expect(group.querySelector("path")!.closest("[fill-rule]")?.getAttribute("fill-rule")).toBe("evenodd");
      expect(group.getAttribute("fill")).toBe(classColor(classIndex));
      expect(group.getAttribute("fill-opacity")).toBe("0.3");
    });
    const rings = (group: Element) => pathRings(group.querySelector("path")!.getAttribute("d")!);
    const at = (vx: number, vy: number): [number, number] => [x.apply(vx), y.apply(vy)];
    // Class 0: the left half but not its hole; class 1: the right half and the hole.
    expect(rings(regions[0])).toHaveLength(2);
    expect(insideEvenOdd(rings(regions[0]), at(-0.8, 0.5))).toBe(true);
    expect(insideEvenOdd(rings(regions[0]), at(-0.4, 0))).toBe(false);
    expect(insideEvenOdd(rings(regions[1]), at(-0.4, 0))).toBe(true);
    expect(insideEvenOdd(rings(regions[1]), at(0.5, 0.5))).toBe(true);
    expect(insideEvenOdd(rings(regions[1]), at(-0.8, 0.5))).toBe(false);
  });

  it("falls back to the sampled contour, its regions following the bent grid", () => {
    const shear = (a: number, b: number): [number, number] => [a + 0.5 * b, b];
    const frame = featureSpace({ regions: [], contour: contour(21, shear), xDomain: [-1.5, 1.5] });
    const { panel, x, y } = draw(frame);
    const regions = Array.from(panel.querySelectorAll("g.region"));
    expect(regions.map((g) => g.getAttribute("fill"))).toEqual([classColor(0), classColor(1)]);
    // Unbent, class 1 is where x > 0.05: samples at 0 and 0.1 put the edge half way, at 0.05.
    const unbent = (group: Element) =>
      pathRings(group.querySelector("path")!.getAttribute("d")!)
        .flat()
        .map(([px, py]) => {
          const [bx, by] = [x.invert(px), y.invert(py)];
          return [bx - 0.5 * by, by];
        });
    for (const [ux] of unbent(regions[0])) expect(ux).toBeLessThanOrEqual(0.05 + 1e-3);
    for (const [ux] of unbent(regions[1])) expect(ux).toBeGreaterThanOrEqual(0.05 - 1e-3);
    expect(Math.max(...unbent(regions[1]).map(([ux]) => ux))).toBeCloseTo(1, 2);
    expect(Math.min(...unbent(regions[0]).map(([ux]) => ux))).toBeCloseTo(-1, 2);
  });

  it("titles the panel 'Epoch: N', after the title prefix when there is one", () => {
    expect(headingOf(draw(featureSpace()).panel)).toBe("Epoch: 7");
    expect(headingOf(draw(featureSpace(), { title: "Adam" }).panel)).toBe("Adam - Epoch: 7");
    expect(headingOf(draw(decisionBoundary({ epoch: 0 })).panel)).toBe("Epoch: 0");
  });

  it("spans the axes over the frame's domains, the shorter widened about its centre to the longer's span, ticks written with one decimal", () => {
    const { panel, x, y } = draw(featureSpace({ xDomain: [-2.5, 3], yDomain: [-0.4, 0.6] }));
    const plotArea = frameRect(panel);
    expect(x.apply(-2.5)).toBeCloseTo(plotArea.x, 6);
    expect(x.apply(3)).toBeCloseTo(plotArea.x + plotArea.width, 6);
    // y's span of 1 about its centre 0.1, widened to x's 5.5.
    expect(y.apply(0.1 - 2.75)).toBeCloseTo(plotArea.y + plotArea.height, 6);
    expect(y.apply(0.1 + 2.75)).toBeCloseTo(plotArea.y, 6);
    for (const tick of [...ticksOf(panel, "x"), ...ticksOf(panel, "y")]) expect(tick.label).toMatch(/^\u2212?\d+\.\d$/);
  });

  it("keeps one unit on x as long as one on y in a square frame, at any panel size, centred", () => {
    for (const [width, height] of [
      [600, 600],
      [480, 400],
      [900, 300],
      [300, 700],
      [200, 180],
    ]) {
      const { panel, x, y } = draw(featureSpace({ xDomain: [-1, 1], yDomain: [-1, 1] }), { width, height });
      const frame = frameRect(panel);
      expect(frame.width / frame.height, `${width} × ${height}`).toBeCloseTo(1, 2);
      // One unit along each axis, read off the tick labels: the same number of pixels.
      expect(x.apply(1) - x.apply(0)).toBeCloseTo(y.apply(0) - y.apply(1), 1);
      // As large as the panel's margins allow on its shorter side: 60 px for the y labels on the left, 30 on the
      // right, 40 for the heading above, 45 for the x labels below.
      expect(Math.min(width - 90 - frame.width, height - 85 - frame.height), `${width} × ${height}`).toBeCloseTo(0, 0);
    }
    // Unequal domains: still a square, y's window [−0.5, 1.5] about its centre.
    const { panel, x, y } = draw(featureSpace({ xDomain: [0, 2], yDomain: [0, 1] }), { width: 600, height: 600 });
    const frame = frameRect(panel);
    expect(frame.height / frame.width).toBeCloseTo(1, 2);
    expect(x.apply(1) - x.apply(0)).toBeCloseTo(y.apply(0) - y.apply(1), 1);
    expect(y.invert(frame.y + frame.height)).toBeCloseTo(-0.5, 2);
    expect(y.invert(frame.y)).toBeCloseTo(1.5, 2);
  });

  it("draws a decision boundary frame the same way, in input space", () => {
    const frame = decisionBoundary({ inputs: inputs(25, 9) });
    const { panel } = draw(frame);
    expect(Array.from(panel.querySelectorAll("g.inputs")).flatMap(discCentres)).toHaveLength(25);
    expect(panel.querySelectorAll("g.region path")).toHaveLength(2);
    expect(panel.querySelectorAll("g.grid path")).toHaveLength(22);
  });
});
