import { describe, expect, it } from "vitest";
import type { ProbabilityHistogramFrame } from "@deepreplay/frames";
import { lossBinEdges, renderSvg } from "../src/index.js";
import { numpyRound } from "../src/plots/loss-histogram.js";
import { lossHistogram, probabilityHistogram, random } from "./support/frames.js";
import { frameRect, headingOf, panelsOf, parseSvg, scaleOf, ticksOf } from "./support/svg.js";

/** Bar heights per bin, read off the drawing: bin from the bar's centre, count from the y axis' ticks. */
function barCounts(panel: Element, selector: string, edges: ArrayLike<number>): number[] {
  const x = scaleOf(ticksOf(panel, "x"));
  const y = scaleOf(ticksOf(panel, "y"));
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const rect of Array.from(panel.querySelectorAll(`${selector} rect`))) {
    const centre = x.invert(Number(rect.getAttribute("x")) + Number(rect.getAttribute("width")) / 2);
    const bin = Array.from(edges).findIndex((edge, k) => centre > edge && centre < edges[k + 1]);
    const top = Number(rect.getAttribute("y"));
    counts[bin] = Math.round(y.invert(top) - y.invert(top + Number(rect.getAttribute("height"))));
  }
  return counts;
}

/** Independent counting: tenths by flooring, 1.0 in the last bin. */
function tenths(frame: ProbabilityHistogramFrame, classIndex: number, correct: boolean): number[] {
  const counts = new Array<number>(10).fill(0);
  frame.probabilities.forEach((p, i) => {
    if (frame.targets[i] === classIndex && (frame.correct[i] === 1) === correct)
      counts[Math.min(9, Math.floor(p * 10))]++;
  });
  return counts;
}

const TENTHS = Array.from({ length: 11 }, (_, k) => k / 10);

describe("probability histogram", () => {
  const frame = probabilityHistogram();
  const [negative, positive] = panelsOf(parseSvg(renderSvg(frame)));

  it("has a panel per class, titled as the original's", () => {
    expect(headingOf(negative)).toBe("Negative Cases - Epoch: 7");
    expect(headingOf(positive)).toBe("Positive Cases - Epoch: 7");
  });

  it("bins correct (grey) and misclassified (red) probabilities by tenths, bars as high as the counts", () => {
    [negative, positive].forEach((panel, classIndex) => {
      expect(barCounts(panel, "g.correct", TENTHS)).toEqual(tenths(frame, classIndex, true));
      expect(barCounts(panel, "g.misclassified", TENTHS)).toEqual(tenths(frame, classIndex, false));
    });
    const correct = negative.querySelector("g.correct")!;
    const wrong = negative.querySelector("g.misclassified")!;
    expect([correct.getAttribute("fill"), correct.getAttribute("fill-opacity")]).toEqual(["black", "0.4"]);
    expect([wrong.getAttribute("fill"), wrong.getAttribute("fill-opacity")]).toEqual(["red", "0.5"]);
  });

  it("runs the y axis up to the class's number of cases and x over [0, 1]", () => {
    [negative, positive].forEach((panel, classIndex) => {
      const cases = frame.targets.filter((t) => t === classIndex).length;
      const area = frameRect(panel);
      expect(scaleOf(ticksOf(panel, "y")).invert(area.y)).toBeCloseTo(cases, 6);
      const x = scaleOf(ticksOf(panel, "x"));
      expect([x.invert(area.x), x.invert(area.x + area.width)].map((v) => +v.toFixed(6))).toEqual([0, 1]);
    });
  });

  it("draws one panel per class when there are several, titled by class", () => {
    const next = random(5);
    const targets = Int32Array.from({ length: 90 }, (_, i) => i % 3);
    const probabilities = Float32Array.from(targets, () => next());
    const correct = Uint8Array.from(probabilities, (p) => (p > 0.4 ? 1 : 0));
    const three = { ...frame, classes: ["cat", "dog", "owl"], targets, probabilities, correct };
    const panels = panelsOf(parseSvg(renderSvg(three, { title: "SGD" })));
    expect(panels.map(headingOf)).toEqual([
      "SGD cat Cases - Epoch: 7",
      "SGD dog Cases - Epoch: 7",
      "SGD owl Cases - Epoch: 7",
    ]);
    panels.forEach((panel, c) => expect(barCounts(panel, "g.correct", TENTHS)).toEqual(tenths(three, c, true)));
  });
});

describe("loss histogram", () => {
  it("bins as the original's __calc_scale does (edges as plot.py's code gives them under numpy 2.4)", () => {
    const close = (edges: Float64Array, start: number, stop: number, count: number) => {
      expect(edges).toHaveLength(count);
      expect(edges[0]).toBeCloseTo(start, 12);
      expect(edges[count - 1]).toBeCloseTo(stop, 12);
      expect(edges[1] - edges[0]).toBeCloseTo((stop - start) / (count - 1), 12);
    };
    // range 0.917: exponent -1, limits rounded to 0 decimals → [0, 1], 11 edges.
    close(lossBinEdges([0.013, 0.93]), 0, 1, 11);
    // range 1.3: exponent 0, 1 decimal → [0.1, 1.4]; 2 intervals → 3 → 5 → 9 → 17.
    close(lossBinEdges([0.1, 1.4]), 0.1, 1.4, 17);
    // half to even: 0.35 → 0.4, 2.25 → 2.2; int(1.8 + 1) = 2 → 17.
    close(lossBinEdges([0.35, 2.25]), 0.4, 2.2, 17);
    // range 55.5: exponent 1, 2 decimals; int(5.55 + 1) = 6 → 11.
    close(lossBinEdges([2.3, 57.8]), 2.3, 57.8, 11);
    // range 0.049: the original rounds both limits to 0; the extent itself is used instead.
    close(lossBinEdges([0.001, 0.05]), 0.001, 0.05, 11);
    // all losses equal: a unit around the value, from 0 at the lowest.
    close(lossBinEdges([0.3, 0.3]), 0, 0.8, 11);
  });

  it("rounds as numpy does", () => {
    expect([numpyRound(2.5, 0), numpyRound(3.5, 0), numpyRound(-2.5, 0), numpyRound(0.125, 2)]).toEqual([
      2, 4, -2, 0.12,
    ]);
    expect([numpyRound(1250, -2), numpyRound(1350, -2), numpyRound(1234, -2)]).toEqual([1200, 1400, 1200]);
  });

  it("draws bars as high as the losses counted per bin, y up to the number of inputs", () => {
    const frame = lossHistogram();
    const [panel] = panelsOf(parseSvg(renderSvg(frame)));
    let min = Infinity;
    let max = -Infinity;
    for (const loss of frame.losses) (min = Math.min(min, loss)), (max = Math.max(max, loss));
    const edges = lossBinEdges([min, max]);
    const expected = new Array<number>(edges.length - 1).fill(0);
    for (const loss of frame.losses) {
      for (let k = 0; k < expected.length; k++) {
        if ((loss >= edges[k] && loss < edges[k + 1]) || (k === expected.length - 1 && loss === edges[k + 1]))
          expected[k]++;
      }
    }
    expect(barCounts(panel, "g.losses", edges)).toEqual(expected);
    expect(headingOf(panel)).toBe("Losses - Epoch: 7");
    const area = frameRect(panel);
    expect(scaleOf(ticksOf(panel, "y")).invert(area.y)).toBeCloseTo(frame.losses.length, 6);
    const x = scaleOf(ticksOf(panel, "x"));
    expect(x.invert(area.x)).toBeCloseTo(edges[0], 6);
    expect(x.invert(area.x + area.width)).toBeCloseTo(edges[edges.length - 1], 6);
  });

  it("bins over the loss extent the frame carries for its whole range", () => {
    const frame = { ...lossHistogram(100), lossExtent: [0, 4.2] as const };
    const [panel] = panelsOf(parseSvg(renderSvg(frame)));
    const x = scaleOf(ticksOf(panel, "x"));
    const area = frameRect(panel);
    const edges = lossBinEdges([0, 4.2]);
    expect(x.invert(area.x + area.width)).toBeCloseTo(edges[edges.length - 1], 6);
    expect(barCounts(panel, "g.losses", edges).reduce((a, b) => a + b)).toBe(
      frame.losses.filter((l) => l <= 4.2).length,
    );
  });
});
