/**
 * Figure layouts as plain data: a grid of equal cells and, for every panel a figure draws, the
 * cells it spans (matplotlib's subplot2grid / subplot_mosaic). Pure functions, no drawing.
 */
import { DeepReplayError } from "./errors.js";
import type { Frame, FrameKind } from "./frame.js";
import { keepsEqualAspect, panelCount } from "./kinds.js";

/** Where one panel sits: its top-left cell (counted from 0) and how many rows and columns it spans. */
export interface PanelArea {
  readonly row: number;
  readonly column: number;
  readonly rowSpan: number;
  readonly columnSpan: number;
}

/** A grid of `rows` × `columns` equal cells and the area of every drawn panel, in drawing order. */
export interface FigureLayout {
  readonly rows: number;
  readonly columns: number;
  readonly areas: readonly PanelArea[];
}

/** The least cell a panel is drawn in, in CSS pixels: room for its heading, ticks and axis labels apart. */
export const MIN_CELL = { width: 200, height: 180 } as const;

/**
 * Refuses a picture too small for its layout's cells: `width` × `height` in all, `top` of it
 * above the grid (the figure's heading).
 */
export function checkCellSize(layout: FigureLayout, width: number, height: number, top = 0): void {
  if (width / layout.columns >= MIN_CELL.width && (height - top) / layout.rows >= MIN_CELL.height) return;
  const least = { width: layout.columns * MIN_CELL.width, height: top + layout.rows * MIN_CELL.height };
  throw new DeepReplayError(
    "INVALID_OPTION",
    `A ${Math.round(width)} × ${Math.round(height)} picture is too small for ${layout.rows} × ${layout.columns} panel cells, which need ${MIN_CELL.width} × ${MIN_CELL.height} pixels each to keep their labels apart.`,
    { hint: `Give a width of at least ${least.width} and a height of at least ${least.height} pixels.` },
  );
}

/** A layout as plain data, or as a mosaic string such as "aabd;aace" (see parseLayout). */
export type LayoutSpec = FigureLayout | string;

/** The kinds of the panels a set of frames draws, in drawing order (a frame of two classes draws two). */
export function drawnPanelKinds(frames: readonly Frame[]): FrameKind[] {
  return frames.flatMap((frame) => Array<FrameKind>(panelCount(frame)).fill(frame.kind));
}

/**
 * The default layout of a set of frames. One space panel among three or more takes a square of
 * 2 × 2 cells over the figure's height on the left and the others fill two rows beside it, column
 * by column, an odd last one over both rows: for the original's Part 1 set (feature space,
 * probability histogram, loss and metric, loss histogram) that is its subplot2grid((2, 4)) figure.
 * Any other set is a grid, one row of up to three panels or ⌈√n⌉ columns, whose last panel
 * widens over the empty cells of its row.
 */
export function defaultLayout(frames: readonly Frame[]): FigureLayout {
  const kinds = drawnPanelKinds(frames);
  const squares = kinds.flatMap((kind, i) => (keepsEqualAspect(kind) ? [i] : []));
  if (squares.length === 1 && kinds.length >= 3) return squareBeside(kinds.length, squares[0]);
  return gridLayout(kinds.length, kinds.length <= 3 ? kinds.length : Math.ceil(Math.sqrt(kinds.length)));
}

/** `count` panels row by row in `columns` columns; the last one spans the rest of its row. */
export function gridLayout(count: number, columns: number): FigureLayout {
  checkCount("columns", columns);
  const used = Math.min(columns, count);
  const rows = Math.ceil(count / used);
  const areas = Array.from({ length: count }, (_, i) => {
    const [row, column] = [Math.floor(i / used), i % used];
    return { row, column, rowSpan: 1, columnSpan: i === count - 1 ? used - column : 1 };
  });
  return { rows, columns: used, areas };
}

/** Panel `square` on 2 × 2 cells at the left; the others two to a column beside it, an odd last one over both rows. */
function squareBeside(count: number, square: number): FigureLayout {
  const others = count - 1;
  const areas: PanelArea[] = [];
  for (let i = 0, k = 0; i < count; i++) {
    if (i === square) {
      areas.push({ row: 0, column: 0, rowSpan: 2, columnSpan: 2 });
      continue;
    }
    const last = k === others - 1 && others % 2 === 1;
    areas.push({ row: k % 2, column: 2 + Math.floor(k / 2), rowSpan: last ? 2 : 1, columnSpan: 1 });
    k++;
  }
  return { rows: 2, columns: 2 + Math.ceil(others / 2), areas };
}

/**
 * A layout from a mosaic, as matplotlib's subplot_mosaic writes one: rows separated by ";" (or
 * new lines), one character per cell, the letter of the panel that covers it ("a" the first
 * panel drawn, "b" the second, …; case does not matter) or "." for an empty cell. Each panel's
 * cells must form a rectangle. The Part 1 figure is "aabd;aace".
 */
export function parseLayout(mosaic: string): FigureLayout {
  const refuse = (problem: string): never => {
    throw new DeepReplayError("INVALID_LAYOUT", `Invalid layout "${mosaic}": ${problem}.`, {
      hint: 'Write one letter per cell, rows separated by ";", panels lettered a, b, c… in drawing order, "." for an empty cell, e.g. "aabd;aace".',
    });
  };
  if (typeof mosaic !== "string") refuse("a layout string is needed");
  const rows = mosaic
    .toLowerCase()
    .split(/[;\n]/)
    .map((row) => row.replace(/\s+/g, ""))
    .filter((row) => row !== "");
  if (rows.length === 0) refuse("it has no cells");
  const columns = rows[0].length;
  if (rows.some((row) => row.length !== columns)) refuse("every row needs as many cells as the first");
  const stray = /[^a-z.]/.exec(rows.join(""));
  if (stray) refuse(`"${stray[0]}" is neither a panel letter (a–z) nor "."`);
  const bounds = new Map<number, { top: number; left: number; bottom: number; right: number; cells: number }>();
  rows.forEach((row, r) =>
    [...row].forEach((cell, c) => {
      if (cell === ".") return;
      const panel = cell.charCodeAt(0) - 97;
      const b = bounds.get(panel) ?? { top: r, left: c, bottom: r, right: c, cells: 0 };
      bounds.set(panel, {
        top: Math.min(b.top, r),
        left: Math.min(b.left, c),
        bottom: Math.max(b.bottom, r),
        right: Math.max(b.right, c),
        cells: b.cells + 1,
      });
    }),
  );
  const areas = Array.from({ length: bounds.size }, (_, panel) => {
    const b =
      bounds.get(panel) ?? refuse(`panel "${letter(panel)}" is missing (panels are lettered from a, with no gaps)`);
    const area = { row: b.top, column: b.left, rowSpan: b.bottom - b.top + 1, columnSpan: b.right - b.left + 1 };
    if (area.rowSpan * area.columnSpan !== b.cells)
      refuse(`the cells of panel "${letter(panel)}" do not form a rectangle`);
    return area;
  });
  return { rows: rows.length, columns, areas };
}

/** A layout given as a mosaic or as data, checked to place `count` panels. */
export function resolveLayout(spec: LayoutSpec, count: number): FigureLayout {
  const layout = typeof spec === "string" ? parseLayout(spec) : spec;
  checkLayout(layout, count);
  return layout;
}

/** Refuses a layout that does not place exactly `count` panels on whole cells of its grid, none over another. */
export function checkLayout(layout: FigureLayout, count: number): void {
  const refuse = (
    problem: string,
    hint = 'Give every drawn panel one rectangle of cells inside the grid, e.g. the layout "aabd;aace".',
  ): never => {
    throw new DeepReplayError("INVALID_LAYOUT", `Invalid figure layout: ${problem}.`, { hint });
  };
  if (layout === null || typeof layout !== "object" || !Array.isArray(layout.areas))
    refuse("it needs rows, columns and areas");
  const { rows, columns, areas } = layout;
  if (!isCount(rows) || !isCount(columns))
    refuse(`its grid must be whole numbers of rows and columns, not ${rows} × ${columns}`);
  if (areas.length !== count) {
    refuse(
      `it places ${areas.length} panel${areas.length === 1 ? "" : "s"}, but the figure draws ${count}`,
      "Give one area (one letter) per drawn panel: a probability histogram draws one per class.",
    );
  }
  const taken = new Int32Array(rows * columns).fill(-1);
  areas.forEach((area, panel) => {
    const { row, column, rowSpan, columnSpan } = area ?? ({} as PanelArea);
    const whole = [row, column].every((n) => Number.isInteger(n) && n >= 0) && isCount(rowSpan) && isCount(columnSpan);
    if (!whole || row + rowSpan > rows || column + columnSpan > columns)
      refuse(`panel ${letter(panel)} does not lie on whole cells of the ${rows} × ${columns} grid`);
    for (let r = row; r < row + rowSpan; r++) {
      for (let c = column; c < column + columnSpan; c++) {
        if (taken[r * columns + c] >= 0)
          refuse(`panels ${letter(taken[r * columns + c])} and ${letter(panel)} share a cell`);
        taken[r * columns + c] = panel;
      }
    }
  });
}

function letter(panel: number): string {
  return panel < 26 ? String.fromCharCode(97 + panel) : `#${panel + 1}`;
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 1;
}

function checkCount(name: string, n: number): void {
  if (!isCount(n)) {
    throw new DeepReplayError("INVALID_LAYOUT", `A figure's ${name} must be a positive whole number, not ${n}.`, {
      hint: `Pass ${name} as 1, 2, 3…`,
    });
  }
}
