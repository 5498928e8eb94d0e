import { describe, expect, it } from "vitest";
import { isDeepReplayError, type Figure } from "@deepreplay/frames";
import { FONT_FAMILY, renderFigureSvg, renderSvg } from "../src/index.js";
import { featureSpace, lossAndMetric, probabilityHistogram } from "./support/frames.js";
import { headingOf, panelsOf, parseSvg, texts } from "./support/svg.js";

const figure: Figure = {
  title: "Sigmoid",
  epoch: 7,
  columns: 2,
  panels: [featureSpace(), probabilityHistogram(), lossAndMetric(7)],
  panelTitles: ["Hidden layer"],
};

function refusal(draw: () => unknown): string | undefined {
  try {
    draw();
  } catch (error) {
    if (isDeepReplayError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe("figures", () => {
  it("lays the panels of one epoch out in the caller's columns under 'TITLE - Epoch N'", () => {
    const root = parseSvg(renderFigureSvg(figure));
    const panels = panelsOf(root);
    expect(panels).toHaveLength(4);
    expect(panels.map((p) => [p.getAttribute("x"), p.getAttribute("y")])).toEqual([
      ["0", "40"],
      ["480", "40"],
      ["0", "440"],
      ["480", "440"],
    ]);
    expect([root.getAttribute("width"), root.getAttribute("height"), root.getAttribute("viewBox")]).toEqual(["960", "840", "0 0 960 840"]);
    expect(texts(root, ':scope > text[aria-label="figure heading"]')).toEqual(["Sigmoid - Epoch 7"]);
  });

  it("titles panels without the epoch, after their prefixes (the original's compose_plots)", () => {
    const panels = panelsOf(parseSvg(renderFigureSvg(figure)));
    expect(panels.map(headingOf)).toEqual(["Hidden layer", "Negative Cases", "Positive Cases", "acc / Loss"]);
    const untitled = panelsOf(parseSvg(renderFigureSvg({ ...figure, panelTitles: undefined })));
    expect(headingOf(untitled[0])).toBe("Feature Space");
  });

  it("heads an untitled figure 'Epoch N' and fits the size asked for", () => {
    const root = parseSvg(renderFigureSvg({ ...figure, title: undefined, columns: 4 }, { width: 1000, height: 300 }));
    expect(texts(root, ':scope > text[aria-label="figure heading"]')).toEqual(["Epoch 7"]);
    const panels = panelsOf(root);
    expect(panels.map((p) => p.getAttribute("x"))).toEqual(["0", "250", "500", "750"]);
    expect(panels.map((p) => [p.getAttribute("width"), p.getAttribute("height")])).toEqual(Array(4).fill(["250", "260"]));
  });

  it("puts DejaVu Sans, a width, a height and a viewBox on every <svg>", () => {
    for (const markup of [renderFigureSvg(figure), renderSvg(probabilityHistogram())]) {
      const root = parseSvg(markup);
      for (const svg of [root, ...panelsOf(root)]) {
        expect(svg.getAttribute("font-family")).toBe(FONT_FAMILY);
        const [w, h] = [Number(svg.getAttribute("width")), Number(svg.getAttribute("height"))];
        expect(w).toBeGreaterThan(0);
        expect(h).toBeGreaterThan(0);
        expect(svg.getAttribute("viewBox")).toBe(`0 0 ${w} ${h}`);
      }
    }
  });

  it("refuses a figure of mixed epochs, no panels or bad columns, and bad sizes, with typed errors", () => {
    expect(refusal(() => renderFigureSvg({ ...figure, panels: [featureSpace(), lossAndMetric(8)] }))).toBe("INVALID_FIGURE");
    expect(refusal(() => renderFigureSvg({ ...figure, panels: [] }))).toBe("INVALID_FIGURE");
    expect(refusal(() => renderFigureSvg({ ...figure, columns: 0 }))).toBe("INVALID_FIGURE");
    expect(refusal(() => renderFigureSvg({ ...figure, columns: 1.5 }))).toBe("INVALID_FIGURE");
    expect(refusal(() => renderFigureSvg(figure, { width: -1 }))).toBe("INVALID_RENDER_OPTIONS");
    expect(refusal(() => renderFigureSvg(figure, { height: 30 }))).toBe("INVALID_RENDER_OPTIONS");
    expect(refusal(() => renderSvg(featureSpace(), { width: Number.NaN }))).toBe("INVALID_RENDER_OPTIONS");
  });
});
