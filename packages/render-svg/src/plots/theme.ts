/**
 * The look shared by every panel: the original's matplotlib colours, the one font the PNG
 * renderer loads into resvg, and default panel sizes.
 */

/** resvg is given DejaVu Sans; every SVG names it so text measures the same in both. */
export const FONT_FAMILY = "DejaVu Sans";

/** Default size of one panel, in CSS pixels (a matplotlib subplot at its default dpi, roughly). */
export const PANEL_WIDTH = 480;
export const PANEL_HEIGHT = 400;

/**
 * Class colours: the original's "b" and "g" for the first two classes (its points and, through
 * the brg colour map, its regions), then d3's category10 for further classes.
 */
const CLASS_COLORS = [
  "#0000ff",
  "#008000",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
  "#ff7f0e",
];

export function classColor(classIndex: number): string {
  return CLASS_COLORS[classIndex % CLASS_COLORS.length];
}

/** Opacity of the decision regions (the original's contourf alpha). */
export const REGION_OPACITY = 0.3;

/** Histogram bars: correct cases in translucent black (grey), misclassified ones in red. */
export const CORRECT_COLOR = "black";
export const CORRECT_OPACITY = 0.4;
export const WRONG_COLOR = "red";
export const WRONG_OPACITY = 0.5;

/** Loss and metric: the metric in black on the left axis, the loss in red on the right one. */
export const METRIC_COLOR = "black";
export const LOSS_COLOR = "red";

/** The ring around an input a projected space shows predicted wrong. */
export const MISPREDICTED_COLOR = "black";

/** The note drawn over a panel whose frame holds NaN or infinite values. */
export const NON_FINITE_COLOR = "#c00000";
