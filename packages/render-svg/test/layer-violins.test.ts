import { describe, expect, it } from "vitest";
import { gaussianKde, layerColor, renderSvg } from "../src/index.js";
import { layerViolins, random } from "./support/frames.js";
import { frameRect, headingOf, panelsOf, parseSvg, pathRings, scaleOf, texts, ticksOf } from "./support/svg.js";

describe("layer violins", () => {
  const frame = layerViolins(4);
  const [panel] = panelsOf(parseSvg(renderSvg(frame)));
  const violins = Array.from(panel.querySelectorAll("g.violin"));

  it("draws one violin per layer, each in a colour of its own, named on the x axis", () => {
    expect(violins).toHaveLength(frame.layers.length);
    const fills = violins.map((g) => g.getAttribute("fill"));
    expect(fills).toEqual(frame.layers.map((_, i) => layerColor(i, 4)));
    expect(new Set(fills).size).toBe(4);
    expect(ticksOf(panel, "x").map((t) => t.label)).toEqual(["h1", "h2", "h3", "h4"]);
    expect(texts(panel, 'g[aria-label="x-axis label"] text')).toEqual(["Layers"]);
  });

  it("spans each violin over its layer's values (cut=0), every violin as wide at its widest", () => {
    const y = scaleOf(ticksOf(panel, "y"));
    const widths = violins.map((g, i) => {
      const [outline] = pathRings(g.querySelector("path")!.getAttribute("d")!);
      const ys = outline.map(([, py]) => y.invert(py));
      const values = Array.from(frame.layers[i].values);
      expect(Math.min(...ys)).toBeCloseTo(Math.min(...values), 4);
      expect(Math.max(...ys)).toBeCloseTo(Math.max(...values), 4);
      const xs = outline.map(([px]) => px);
      return Math.max(...xs) - Math.min(...xs);
    });
    widths.forEach((w) => expect(w).toBeCloseTo(widths[0], 6));
    const all = frame.layers.flatMap((l) => Array.from(l.values));
    const area = frameRect(panel);
    expect(y.invert(area.y)).toBeCloseTo(Math.max(...all), 4);
    expect(y.invert(area.y + area.height)).toBeCloseTo(Math.min(...all), 4);
  });

  it("is titled by quantity and epoch", () => {
    expect(headingOf(panel)).toBe("Weights - Epoch: 7");
    const gradients = panelsOf(parseSvg(renderSvg({ ...frame, quantity: "gradients" }, { title: "ReLU" })))[0];
    expect(headingOf(gradients)).toBe("ReLU Gradients - Epoch: 7");
  });

  it("draws a layer without spread (all zeros) as a line, and leaves NaN values out", () => {
    const layers = [
      { name: "zeros", values: new Float32Array(10), std: 0 },
      { name: "some NaN", values: Float32Array.of(0.1, NaN, 0.4, 0.2, Infinity, 0.3), std: 0.1 },
    ];
    const [drawn] = panelsOf(parseSvg(renderSvg({ ...frame, layers })));
    expect(drawn.querySelectorAll("g.violin")).toHaveLength(2);
    expect(drawn.querySelector("g.violin line")).not.toBeNull();
    const y = scaleOf(ticksOf(drawn, "y"));
    const [outline] = pathRings(drawn.querySelectorAll("g.violin")[1].querySelector("path")!.getAttribute("d")!);
    expect(Math.max(...outline.map(([, py]) => y.invert(py)))).toBeCloseTo(0.4, 4);
  });
});

describe("gaussianKde", () => {
  it("is scipy's gaussian_kde with Scott's factor, evaluated over the data's range", () => {
    const values = [0, 1, 3];
    // Sample standard deviation sqrt(7/3), Scott's factor n^(-1/5).
    const h = Math.sqrt(7 / 3) * 3 ** -0.2;
    const density = (x: number) =>
      values.reduce((s, v) => s + Math.exp(-(((x - v) / h) ** 2) / 2), 0) / (3 * h * Math.sqrt(2 * Math.PI));
    const kde = gaussianKde(values, 7)!;
    expect(Array.from(kde.at)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    kde.at.forEach((x, i) => expect(kde.density[i]).toBeCloseTo(density(x), 12));
  });

  it("has no density without spread", () => {
    expect(gaussianKde([2, 2, 2])).toBeUndefined();
    expect(gaussianKde([1])).toBeUndefined();
  });
});

describe("gaussianKde on many values", () => {
  it("bins linearly above 2048 values, within 1e-5 of the exact estimate's peak", () => {
    const next = random(11);
    const values = Array.from({ length: 6000 }, () => next() + next() * next() * 3);
    const kde = gaussianKde(values)!;
    const mean = values.reduce((a, b) => a + b) / values.length;
    const sigma = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    const h = sigma * values.length ** -0.2;
    const exact = Array.from(
      kde.at,
      (x) =>
        values.reduce((s, v) => s + Math.exp(-(((x - v) / h) ** 2) / 2), 0) /
        (values.length * h * Math.sqrt(2 * Math.PI)),
    );
    const peak = Math.max(...exact);
    kde.density.forEach((d, i) => expect(Math.abs(d - exact[i])).toBeLessThan(1e-5 * peak));
  });
});
