import { describe, expect, it } from "vitest";
import { gridLayout, isDeepReplayError, parseLayout, type Figure } from "@deepreplay/frames";
import { FONT_FAMILY, renderFigureSvg, renderSvg } from "../src/index.js";
import { featureSpace, lossAndMetric, probabilityHistogram } from "./support/frames.js";
import { headingOf, panelsOf, parseSvg, texts } from "./support/svg.js";

const figure: Figure = {
  title: "Sigmoid",
  epoch: 7,
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
  it("lays the panels of one epoch out on the cells of their default layout under 'TITLE - Epoch N'", () => {
    // One space among four panels: its 2 × 2 cells of 480 × 400 on the left, the two class histograms stacked
    // in the third column, loss and metric over both rows of the fourth; the heading's 40 px on top.
    const root = parseSvg(renderFigureSvg(figure));
    const boxes = panelsOf(root).map((p) => ["x", "y", "width", "height"].map((name) => Number(p.getAttribute(name))));
    expect(boxes).toEqual([
      [0, 40, 960, 800],
      [960, 40, 480, 400],
      [960, 440, 480, 400],
      [1440, 40, 480, 800],
    ]);
    expect([root.getAttribute("width"), root.getAttribute("height"), root.getAttribute("viewBox")]).toEqual([
      "1920",
      "840",
      "0 0 1920 840",
    ]);
    expect(texts(root, ':scope > text[aria-label="figure heading"]')).toEqual(["Sigmoid - Epoch 7"]);
  });

  it("takes the figure's own layout: spans and empty cells", () => {
    const root = parseSvg(
      renderFigureSvg({ ...figure, layout: parseLayout("abd.;acd.") }, { width: 1000, height: 640 }),
    );
    // Cells of 1000 / 4 × (640 - 40) / 2 = 250 × 300 under the heading; the fourth column left empty.
    const boxes = panelsOf(root).map((p) => ["x", "y", "width", "height"].map((name) => Number(p.getAttribute(name))));
    expect(boxes).toEqual([
      [0, 40, 250, 600],
      [250, 40, 250, 300],
      [250, 340, 250, 300],
      [500, 40, 250, 600],
    ]);
  });

  it("titles panels without the epoch, after their prefixes (the original's compose_plots)", () => {
    const panels = panelsOf(parseSvg(renderFigureSvg(figure)));
    expect(panels.map(headingOf)).toEqual(["Hidden layer", "Negative Cases", "Positive Cases", "acc / Loss"]);
    const untitled = panelsOf(parseSvg(renderFigureSvg({ ...figure, panelTitles: undefined })));
    expect(headingOf(untitled[0])).toBe("Feature Space");
  });

  it("heads an untitled figure 'Epoch N' and fits the size asked for", () => {
    const root = parseSvg(
      renderFigureSvg({ ...figure, title: undefined, layout: gridLayout(4, 4) }, { width: 1000, height: 300 }),
    );
    expect(texts(root, ':scope > text[aria-label="figure heading"]')).toEqual(["Epoch 7"]);
    const panels = panelsOf(root);
    expect(panels.map((p) => p.getAttribute("x"))).toEqual(["0", "250", "500", "750"]);
    expect(panels.map((p) => [p.getAttribute("width"), p.getAttribute("height")])).toEqual(
      Array(4).fill(["250", "260"]),
    );
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

  it("refuses a figure of mixed epochs, no panels or a bad layout, and bad or too small sizes, with typed errors", () => {
    expect(refusal(() => renderFigureSvg({ ...figure, panels: [featureSpace(), lossAndMetric(8)] }))).toBe(
      "INVALID_FIGURE",
    );
    expect(refusal(() => renderFigureSvg({ ...figure, panels: [] }))).toBe("INVALID_FIGURE");
    expect(refusal(() => renderFigureSvg({ ...figure, layout: parseLayout("abc") }))).toBe("INVALID_LAYOUT");
    expect(
      refusal(() =>
        renderFigureSvg({
          ...figure,
          layout: {
            rows: 1,
            columns: 4,
            areas: [0, 1, 2, 2.5].map((column) => ({ row: 0, column, rowSpan: 1, columnSpan: 1 })),
          },
        }),
      ),
    ).toBe("INVALID_LAYOUT");
    // Four cells across need 4 × 200 px, two rows 40 + 2 × 180.
    expect(refusal(() => renderFigureSvg(figure, { width: 799, height: 400 }))).toBe("INVALID_OPTION");
    expect(refusal(() => renderFigureSvg(figure, { width: 800, height: 399 }))).toBe("INVALID_OPTION");
    expect(refusal(() => renderFigureSvg(figure, { width: 800, height: 400 }))).toBeUndefined();
    expect(refusal(() => renderSvg(featureSpace(), { width: 199 }))).toBe("INVALID_OPTION");
    expect(refusal(() => renderFigureSvg(figure, { width: -1 }))).toBe("INVALID_OPTION");
    expect(refusal(() => renderFigureSvg(figure, { height: 30 }))).toBe("INVALID_OPTION");
    expect(refusal(() => renderSvg(featureSpace(), { width: Number.NaN }))).toBe("INVALID_OPTION");
  });
});
