import { describe, expect, it } from "vitest";
import {
  checkLayout,
  composeFigures,
  defaultLayout,
  figureLayout,
  isDeepReplayError,
  panelCount,
  parseLayout,
  type FeatureSpaceFrame,
  type Frame,
  type LossAndMetricFrame,
  type LossHistogramFrame,
  type PanelArea,
  type ProbabilityHistogramFrame,
} from "../src/index.js";

const losses = (epoch: number): LossHistogramFrame => ({
  kind: "loss-histogram",
  epoch,
  finite: true,
  lossName: "bce",
  losses: new Float32Array([epoch]),
});
const probabilities = (epoch: number, classes = ["0", "1"]): ProbabilityHistogramFrame => ({
  kind: "probability-histogram",
  epoch,
  finite: true,
  classes,
  probabilities: new Float32Array(1),
  targets: new Int32Array(1),
  correct: new Uint8Array(1),
});
const space = (epoch: number): FeatureSpaceFrame => ({
  kind: "feature-space",
  epoch,
  finite: true,
  layer: "hidden",
  xDomain: [-1, 1],
  yDomain: [-1, 1],
  classes: ["0", "1"],
  inputs: { points: new Float32Array(0), classes: new Int32Array(0) },
  regions: [],
});
const curve = (epoch: number): LossAndMetricFrame => ({
  kind: "loss-and-metric",
  epoch,
  finite: true,
  epochs: Int32Array.of(0, 1),
  loss: Float32Array.of(1, 0.5),
  metric: Float32Array.of(0.5, 0.9),
  metricName: "acc",
  lossName: "bce",
});

const area = (row: number, column: number, rowSpan = 1, columnSpan = 1): PanelArea => ({
  row,
  column,
  rowSpan,
  columnSpan,
});

function refusal(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    if (isDeepReplayError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe("default layouts", () => {
  it("lays the original's Part 1 set out as its subplot2grid((2, 4)): the feature space over both rows on the left", () => {
    // ax1 = subplot2grid((2, 4), (0, 0), colspan=2, rowspan=2); the negative and positive cases in column 2, rows 0 and 1;
    // loss and metric at (0, 3) over the losses at (1, 3).
    expect(defaultLayout([space(0), probabilities(0), curve(0), losses(0)])).toEqual({
      rows: 2,
      columns: 4,
      areas: [area(0, 0, 2, 2), area(0, 2), area(1, 2), area(0, 3), area(1, 3)],
    });
  });

  it("puts a lone space panel on the left whatever its place in the set, an odd last panel over both rows", () => {
    expect(defaultLayout([curve(0), space(0), losses(0)])).toEqual({
      rows: 2,
      columns: 3,
      areas: [area(0, 2), area(0, 0, 2, 2), area(1, 2)],
    });
    expect(defaultLayout([space(0), probabilities(0), curve(0)])).toEqual({
      rows: 2,
      columns: 4,
      areas: [area(0, 0, 2, 2), area(0, 2), area(1, 2), area(0, 3, 2, 1)],
    });
  });

  it("grids other sets, the last panel widened over the empty cells of its row", () => {
    expect(defaultLayout([losses(0)])).toEqual({ rows: 1, columns: 1, areas: [area(0, 0)] });
    expect(defaultLayout([space(0), curve(0)])).toEqual({ rows: 1, columns: 2, areas: [area(0, 0), area(0, 1)] });
    expect(defaultLayout([space(0), space(0), space(0)])).toEqual({
      rows: 1,
      columns: 3,
      areas: [area(0, 0), area(0, 1), area(0, 2)],
    });
    // Five panels: ⌈√5⌉ = 3 columns, the fifth over the last two cells of the second row.
    expect(defaultLayout([curve(0), losses(0), probabilities(0, ["a", "b", "c"])])).toEqual({
      rows: 2,
      columns: 3,
      areas: [area(0, 0), area(0, 1), area(0, 2), area(1, 0), area(1, 1, 1, 2)],
    });
  });
});

describe("mosaics", () => {
  it("reads subplot_mosaic strings: a letter per cell, rectangles of cells, '.' empty, case and spaces ignored", () => {
    expect(parseLayout("aabd;aace")).toEqual(defaultLayout([space(0), probabilities(0), curve(0), losses(0)]));
    expect(parseLayout("A B\n. B")).toEqual({ rows: 2, columns: 2, areas: [area(0, 0), area(0, 1, 2, 1)] });
  });

  it("refuses rows of unequal length, stray characters, gaps in the letters and cells that are no rectangle", () => {
    for (const mosaic of ["ab;a", "a-b", "ac", "ab;ba", "aba", "", ";"])
      expect(
        refusal(() => parseLayout(mosaic)),
        mosaic,
      ).toBe("INVALID_LAYOUT");
  });

  it("checks a layout given as data: one area per drawn panel, on whole cells inside the grid, none sharing a cell", () => {
    const two = { rows: 1, columns: 2, areas: [area(0, 0), area(0, 1)] };
    expect(refusal(() => checkLayout(two, 2))).toBeUndefined();
    expect(refusal(() => checkLayout(two, 3))).toBe("INVALID_LAYOUT");
    expect(refusal(() => checkLayout({ ...two, areas: [area(0, 0, 1, 2), area(0, 1)] }, 2))).toBe("INVALID_LAYOUT");
    expect(refusal(() => checkLayout({ ...two, areas: [area(0, 0), area(0, 2)] }, 2))).toBe("INVALID_LAYOUT");
    expect(refusal(() => checkLayout({ ...two, areas: [area(0, 0), area(0, 0.5)] }, 2))).toBe("INVALID_LAYOUT");
    expect(refusal(() => checkLayout({ ...two, rows: 0 }, 2))).toBe("INVALID_LAYOUT");
  });

  it("counts the panels a frame draws: a probability histogram one per class; an unknown kind is no frame", () => {
    for (const kind of ["scatter", "toString"])
      expect(refusal(() => panelCount({ kind } as unknown as Frame))).toBe("INVALID_FRAME");
    expect(refusal(() => figureLayout([space(0), probabilities(0)], { layout: "ab" }))).toBe("INVALID_LAYOUT");
    expect(figureLayout([space(0), probabilities(0)], { layout: "abc" }).areas).toHaveLength(3);
    expect(figureLayout([losses(0), losses(0), losses(0)], { columns: 2 })).toEqual({
      rows: 2,
      columns: 2,
      areas: [area(0, 0), area(0, 1), area(1, 0, 1, 2)],
    });
    expect(refusal(() => figureLayout([losses(0)], { layout: "a", columns: 1 }))).toBe("INVALID_LAYOUT");
  });
});

describe("composeFigures", () => {
  it("zips sources epoch by epoch into figures, stopping with the shortest, all in one layout", () => {
    const figures = [
      ...composeFigures(
        [
          [losses(3), losses(4), losses(5)],
          [probabilities(3), probabilities(4)],
        ] as Frame[][],
        { title: "Run", panelTitles: ["a", "b"] },
      ),
    ];
    expect(figures.map((f) => f.epoch)).toEqual([3, 4]);
    expect(figures[1].panels.map((p) => p.kind)).toEqual(["loss-histogram", "probability-histogram"]);
    expect(figures[0]).toMatchObject({ title: "Run", panelTitles: ["a", "b"] });
    // Three panels (the probability histogram draws two), no space among them: one row.
    expect(figures[0].layout).toEqual({ rows: 1, columns: 3, areas: [area(0, 0), area(0, 1), area(0, 2)] });
    expect(figures[1].layout).toBe(figures[0].layout);
  });

  it("takes the caller's layout, as a mosaic or as columns", () => {
    const [mosaic] = composeFigures([[losses(0)], [curve(0)]], { layout: "a;b" });
    expect(mosaic.layout).toEqual({ rows: 2, columns: 1, areas: [area(0, 0), area(1, 0)] });
    const [columns] = composeFigures([[losses(0)], [curve(0)]], { columns: 1 });
    expect(columns.layout).toEqual(mosaic.layout);
  });
});
