import { describe, expect, it } from "vitest";
import { renderSvg } from "../src/index.js";
import { lossAndMetric } from "./support/frames.js";
import { frameRect, headingOf, panelsOf, parseSvg, pathRings, scaleOf, texts, ticksOf } from "./support/svg.js";

function draw(frame = lossAndMetric()) {
  const [panel] = panelsOf(parseSvg(renderSvg(frame)));
  return {
    panel,
    x: scaleOf(ticksOf(panel, "x")),
    metricAxis: scaleOf(ticksOf(panel, "y", 0)),
    lossAxis: scaleOf(ticksOf(panel, "y", 1)),
  };
}

const points = (panel: Element, selector: string) =>
  pathRings(panel.querySelector(`${selector} path`)!.getAttribute("d")!)[0];

describe("loss and metric", () => {
  it("draws the metric (black) and the loss (red) up to the current epoch, read back on their own axes", () => {
    const frame = lossAndMetric(7);
    const { panel, x, metricAxis, lossAxis } = draw(frame);
    const metric = points(panel, "g.metric");
    const loss = points(panel, "g.loss");
    expect(metric).toHaveLength(8);
    expect(loss).toHaveLength(8);
    for (let e = 0; e <= 7; e++) {
      expect(x.invert(metric[e][0])).toBeCloseTo(e, 6);
      expect(metricAxis.invert(metric[e][1])).toBeCloseTo(frame.metric[e], 3);
      expect(lossAxis.invert(loss[e][1])).toBeCloseTo(frame.loss[e], 3);
    }
    expect(panel.querySelector("g.metric")!.getAttribute("stroke")).toBe("black");
    expect(panel.querySelector("g.loss")!.getAttribute("stroke")).toBe("red");
  });

  it("marks the current epoch with a dot on each line", () => {
    const frame = lossAndMetric(12);
    const { panel, x, metricAxis, lossAxis } = draw(frame);
    const dot = (selector: string) => panel.querySelector(`${selector} circle`)!;
    const at = (circle: Element) => [Number(circle.getAttribute("cx")), Number(circle.getAttribute("cy"))];
    const [mx, my] = at(dot("g.metric-now"));
    const [lx, ly] = at(dot("g.loss-now"));
    expect([x.invert(mx), x.invert(lx)].map((v) => +v.toFixed(6))).toEqual([12, 12]);
    expect(metricAxis.invert(my)).toBeCloseTo(frame.metric[12], 3);
    expect(lossAxis.invert(ly)).toBeCloseTo(frame.loss[12], 3);
    expect(panel.querySelectorAll("g.metric-now circle, g.loss-now circle")).toHaveLength(2);
  });

  it("spans x over the whole epoch range and fixes an accuracy axis at [0, 1.01], the loss at 1.01 × its maximum", () => {
    const frame = lossAndMetric(3);
    const { panel, x, metricAxis, lossAxis } = draw(frame);
    const area = frameRect(panel);
    expect(x.invert(area.x)).toBeCloseTo(0, 6);
    expect(x.invert(area.x + area.width)).toBeCloseTo(20, 6);
    expect(metricAxis.invert(area.y)).toBeCloseTo(1.01, 6);
    expect(lossAxis.invert(area.y)).toBeCloseTo(1.01 * Math.max(...frame.loss), 5);
    expect(lossAxis.invert(area.y + area.height)).toBeCloseTo(0, 6);
  });

  it("sets another metric's axis to 1.01 × its maximum", () => {
    const frame = { ...lossAndMetric(5, "mae"), metric: Float32Array.from({ length: 21 }, (_, e) => 3 - e * 0.1) };
    const { panel, metricAxis } = draw(frame);
    expect(metricAxis.invert(frameRect(panel).y)).toBeCloseTo(3.03, 5);
  });

  it("is titled 'METRIC / Loss - Epoch: N' and names both series", () => {
    const { panel } = draw(lossAndMetric(7));
    expect(headingOf(panel)).toBe("acc / Loss - Epoch: 7");
    expect(texts(panel, "g.legend text")).toEqual(["— acc", "— Loss"]);
    expect(texts(panel, 'g[aria-label="y-axis label"] text')).toEqual(["acc", "Loss"]);
  });

  it("draws the first epoch as a single point per series", () => {
    const { panel } = draw(lossAndMetric(0));
    expect(points(panel, "g.metric")).toHaveLength(1);
    expect(panel.querySelectorAll("g.metric-now circle")).toHaveLength(1);
  });
});
